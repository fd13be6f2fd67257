/**
 * A locked contact (B8: its user is the source, sync on), shown read-only in the same sections
 * as the form, with the lock and why above it.
 */
import { createInterpolateElement } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { SingleContact } from '../../api/contacts';
import {
	aboutFields,
	CONTACT_INFO_FIELDS,
	fieldLabel,
	nameFields,
	typeLabel,
} from './contactForm';
import type { TextField } from './contactForm';
import { userEditUrl } from './urls';

function valueOf(
	contact: SingleContact,
	name: TextField | 'birth_date'
): ReactNode {
	const value = contact[ name ] ?? '';
	if ( name === 'website' && /^https?:\/\//i.test( value ) ) {
		return <a href={ value }>{ value }</a>;
	}
	if ( name === 'notes' ) {
		return <div className="users-to-contacts-notes">{ value }</div>;
	}
	return value;
}

/** The lock and its one sentence: why the contact cannot be edited, and where to edit instead. */
export function LockedNotice( { contact }: { contact: SingleContact } ) {
	const user = contact.user;
	if ( ! user ) {
		return null;
	}
	return (
		<div
			className="notice notice-info inline users-to-contacts-locked"
			data-testid="users-to-contacts-locked"
		>
			<p>
				<span className="dashicons dashicons-lock" aria-hidden="true" />{ ' ' }
				{ createInterpolateElement(
					__(
						'This contact is kept in step with the user <user />. Edit the user’s profile to change it.',
						'users-to-contacts'
					),
					{
						user: (
							<a href={ userEditUrl( user.id ) }>
								{ user.login }
							</a>
						),
					}
				) }
			</p>
		</div>
	);
}

/** The locked contact's details, its empty fields left out (nothing to read there). */
export function ContactDetails( { contact }: { contact: SingleContact } ) {
	const filled = ( names: Array< TextField | 'birth_date' > ) =>
		names.filter( ( name ) => ( contact[ name ] ?? '' ) !== '' );
	const row = ( name: TextField | 'birth_date' ) => (
		<tr key={ name }>
			<th scope="row">{ fieldLabel( name, contact.type ) }</th>
			<td>{ valueOf( contact, name ) }</td>
		</tr>
	);
	const contactInfo = filled( CONTACT_INFO_FIELDS );
	const about = filled( aboutFields( contact.type ) );
	return (
		<>
			<h2>{ __( 'Name', 'users-to-contacts' ) }</h2>
			<table className="form-table" role="presentation">
				<tbody>
					<tr>
						<th scope="row">
							{ fieldLabel( 'type', contact.type ) }
						</th>
						<td>{ typeLabel( contact.type ) }</td>
					</tr>
					{ filled( nameFields( contact.type ) ).map( row ) }
				</tbody>
			</table>

			{ ( contact.emails.length > 0 || contactInfo.length > 0 ) && (
				<>
					<h2>{ __( 'Contact Info', 'users-to-contacts' ) }</h2>
					<table className="form-table" role="presentation">
						<tbody>
							{ contact.emails.length > 0 && (
								<tr>
									<th scope="row">
										{ fieldLabel( 'emails', contact.type ) }
									</th>
									<td>
										<ul className="users-to-contacts-email-list">
											{ contact.emails.map( ( item ) => (
												<li key={ item.email }>
													{ item.email }
													{ item.primary && (
														<span className="description">
															{ ' ' }
															{ __(
																'(primary)',
																'users-to-contacts'
															) }
														</span>
													) }
												</li>
											) ) }
										</ul>
									</td>
								</tr>
							) }
							{ contactInfo.map( row ) }
						</tbody>
					</table>
				</>
			) }

			{ about.length > 0 && (
				<>
					<h2>{ __( 'About', 'users-to-contacts' ) }</h2>
					<table className="form-table" role="presentation">
						<tbody>{ about.map( row ) }</tbody>
					</table>
				</>
			) }
		</>
	);
}
