/**
 * One contact in the list, in core's list-table row markup: the name with its row actions
 * (Edit | Delete, or View for a locked contact, B8), type, emails, phone, the linked user with
 * the profile icon (B13) and the lock, and the dates. Values are text: React escapes them.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { MouseEvent } from 'react';
import type { Contact } from '../../api/contacts';
import { TYPE_LABELS, contactName, siteDate, siteTime } from './format';

export const LOCKED_TEXT = __(
	'Locked: the user is the source',
	'users-to-contacts'
);

interface Props {
	contact: Contact;
	selected: boolean;
	expanded: boolean;
	onSelect: (
		contact: Contact,
		event: MouseEvent< HTMLInputElement >
	) => void;
	onExpand: ( contact: Contact ) => void;
	onDelete: ( contact: Contact ) => void;
}

/** The edit screen of a contact (relative to wp-admin/, where the list is). */
export function editUrl( contact: Contact ): string {
	return `admin.php?page=users-to-contacts-edit&contact=${ contact.id }`;
}

function Empty( { label }: { label: string } ) {
	return (
		<>
			<span aria-hidden="true">—</span>
			<span className="screen-reader-text">{ label }</span>
		</>
	);
}

/** The date, and the time of day below it. */
function DateTime( { iso }: { iso: string } ) {
	return (
		<>
			{ siteDate( iso ) }
			<br />
			{ siteTime( iso ) }
		</>
	);
}

/** B13 the linked user (icon, username, lock); B12 a contact that was a user's says so. */
function LinkedUser( { contact }: { contact: Contact } ) {
	if ( contact.user ) {
		return (
			<span className="users-to-contacts-linked-user">
				<span
					className="dashicons dashicons-admin-users"
					aria-hidden="true"
				/>
				<a href={ `user-edit.php?user_id=${ contact.user.id }` }>
					{ contact.user.login }
				</a>{ ' ' }
				{ contact.locked && (
					<span
						className="users-to-contacts-lock"
						title={ LOCKED_TEXT }
					>
						<span
							className="dashicons dashicons-lock"
							aria-hidden="true"
						/>
						<span className="screen-reader-text">
							{ LOCKED_TEXT }
						</span>
					</span>
				) }
			</span>
		);
	}
	if ( contact.former_user_id ) {
		return (
			<span className="users-to-contacts-former-user">
				{ __( 'No longer linked', 'users-to-contacts' ) }
			</span>
		);
	}
	return <Empty label={ __( 'No linked user', 'users-to-contacts' ) } />;
}

export function ContactRow( {
	contact,
	selected,
	expanded,
	onSelect,
	onExpand,
	onDelete,
}: Props ) {
	const name = contactName( contact );
	const checkboxId = `contact_${ contact.id }`;
	const others = contact.emails.length - 1;
	return (
		<tr
			id={ `contact-${ contact.id }` }
			className={ expanded ? 'is-expanded' : '' }
		>
			<th scope="row" className="check-column">
				<label className="screen-reader-text" htmlFor={ checkboxId }>
					{ sprintf(
						/* translators: %s: a contact's name. */
						__( 'Select %s', 'users-to-contacts' ),
						name
					) }
				</label>
				<input
					type="checkbox"
					id={ checkboxId }
					checked={ selected }
					// The click carries the Shift key (a range, as in core's lists).
					onClick={ ( event ) => onSelect( contact, event ) }
					onChange={ () => {} }
				/>
			</th>
			<td
				className="name column-name has-row-actions column-primary"
				data-colname={ __( 'Name', 'users-to-contacts' ) }
			>
				<strong>
					<a className="row-title" href={ editUrl( contact ) }>
						{ name }
					</a>
				</strong>
				<div className="row-actions">
					<span className="edit">
						<a
							href={ editUrl( contact ) }
							aria-label={
								contact.locked
									? sprintf(
											/* translators: %s: a contact's name. */
											__(
												'View “%s”',
												'users-to-contacts'
											),
											name
										)
									: sprintf(
											/* translators: %s: a contact's name. */
											__(
												'Edit “%s”',
												'users-to-contacts'
											),
											name
										)
							}
						>
							{ contact.locked
								? __( 'View', 'users-to-contacts' )
								: __( 'Edit', 'users-to-contacts' ) }
						</a>
						{ ! contact.locked && ' | ' }
					</span>
					{ ! contact.locked && (
						<span className="delete">
							<button
								type="button"
								className="button-link button-link-delete"
								aria-label={ sprintf(
									/* translators: %s: a contact's name. */
									__( 'Delete “%s”', 'users-to-contacts' ),
									name
								) }
								onClick={ () => onDelete( contact ) }
							>
								{ __( 'Delete', 'users-to-contacts' ) }
							</button>
						</span>
					) }
				</div>
				<button
					type="button"
					className="toggle-row"
					aria-expanded={ expanded }
					onClick={ ( event ) => {
						// Core's common.js toggles rows itself when it sees the click.
						event.stopPropagation();
						onExpand( contact );
					} }
				>
					<span className="screen-reader-text">
						{ __( 'Show more details', 'users-to-contacts' ) }
					</span>
				</button>
			</td>
			<td
				className="type column-type"
				data-colname={ __( 'Type', 'users-to-contacts' ) }
			>
				{ TYPE_LABELS[ contact.type ] }
			</td>
			<td
				className="email column-email"
				data-colname={ __( 'Email', 'users-to-contacts' ) }
			>
				{ contact.email ? (
					<>
						<a href={ `mailto:${ contact.email }` }>
							{ contact.email }
						</a>
						{ others > 0 && (
							<span className="users-to-contacts-more-emails">
								{ sprintf(
									/* translators: %d: how many more emails the contact has. */
									_n(
										'+%d more',
										'+%d more',
										others,
										'users-to-contacts'
									),
									others
								) }
							</span>
						) }
					</>
				) : (
					<Empty label={ __( 'No email', 'users-to-contacts' ) } />
				) }
			</td>
			<td
				className="phone column-phone"
				data-colname={ __( 'Phone', 'users-to-contacts' ) }
			>
				{ contact.phone || (
					<Empty label={ __( 'No phone', 'users-to-contacts' ) } />
				) }
			</td>
			<td
				className="user column-user"
				data-colname={ __( 'User', 'users-to-contacts' ) }
			>
				<LinkedUser contact={ contact } />
			</td>
			<td
				className="created column-created"
				data-colname={ __( 'Created', 'users-to-contacts' ) }
			>
				<DateTime iso={ contact.created } />
			</td>
			<td
				className="modified column-modified"
				data-colname={ __( 'Modified', 'users-to-contacts' ) }
			>
				<DateTime iso={ contact.modified } />
			</td>
		</tr>
	);
}
