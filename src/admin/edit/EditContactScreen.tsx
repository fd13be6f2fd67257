/**
 * Contacts › Add New and Edit Contact (screen `edit`; `&contact=<id>` edits), laid out as
 * core's Edit User: notices at the top, `form-table` sections, one primary button at the
 * bottom. A locked contact (B8) shows read-only; a linked one shows its user and direction (B9).
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { FormEvent, ReactNode } from 'react';
import {
	createContact,
	deleteContact,
	getContact,
	updateContact,
	updateLink,
} from '../../api/contacts';
import type { LinkSource, SingleContact } from '../../api/contacts';
import { ApiError } from '../../api/transport';
import type { Transport } from '../../api/transport';
import { AdminNotice } from '../common/AdminNotice';
import type { NoticeStatus } from '../common/AdminNotice';
import { setFlashNotice } from '../common/flashNotice';
import { ContactDetails, LockedNotice } from './ContactDetails';
import { ContactFormFields } from './ContactFormFields';
import {
	emailsToSend,
	emptyValues,
	errorsFromApi,
	toInput,
	validate,
	valuesFromContact,
} from './contactForm';
import type { FormErrors, FormValues } from './contactForm';
import { DeleteContact } from './DeleteContact';
import { LinkedUserSection } from './LinkedUserSection';
import { contactEditUrl, contactIdFromUrl, contactsListUrl } from './urls';
import './edit.css';

type Load =
	| { kind: 'loading' }
	| { kind: 'ready'; contact: SingleContact | null }
	| { kind: 'failed'; message: string; missing: boolean };

const FORM_ID = 'users-to-contacts-contact-form';

interface Notice {
	status: NoticeStatus;
	message: ReactNode;
}

function messageOf( error: unknown ): string {
	return error instanceof Error ? error.message : String( error );
}

function isCode( error: unknown, code: string ): boolean {
	return error instanceof ApiError && error.code === code;
}

export function EditContactScreen( { transport }: { transport: Transport } ) {
	const [ contactId ] = useState( () =>
		contactIdFromUrl( window.location.search )
	);
	const [ load, setLoad ] = useState< Load >(
		contactId ? { kind: 'loading' } : { kind: 'ready', contact: null }
	);
	const [ values, setValues ] = useState< FormValues >( emptyValues );
	const [ errors, setErrors ] = useState< FormErrors >( {} );
	const [ notice, setNotice ] = useState< Notice | null >( null );
	const [ saving, setSaving ] = useState( false );
	// Bumped to move the keyboard to the first field in error once it is rendered.
	const [ focusRequest, setFocusRequest ] = useState( 0 );
	const form = useRef< HTMLFormElement >( null );

	const show = ( contact: SingleContact ) => {
		setLoad( { kind: 'ready', contact } );
		setValues( valuesFromContact( contact ) );
		setErrors( {} );
	};

	useEffect( () => {
		if ( ! contactId ) {
			return;
		}
		let cancelled = false;
		getContact( transport, contactId ).then(
			( contact ) => ! cancelled && show( contact ),
			( error: unknown ) =>
				! cancelled &&
				setLoad( {
					kind: 'failed',
					message: messageOf( error ),
					missing: isCode(
						error,
						'users_to_contacts_contact_not_found'
					),
				} )
		);
		return () => {
			cancelled = true;
		};
	}, [ transport, contactId ] );

	useEffect( () => {
		if ( focusRequest > 0 ) {
			form.current
				?.querySelector< HTMLElement >( '[aria-invalid="true"]' )
				?.focus();
		}
	}, [ focusRequest ] );

	const contact = load.kind === 'ready' ? load.contact : null;

	/** The contact was locked meanwhile (409): show it as it is now, and say why. */
	const reloadLocked = async ( id: number ) => {
		try {
			show( await getContact( transport, id ) );
		} catch {}
		setNotice( {
			status: 'error',
			message: __(
				'Nothing was changed: this contact is now kept in step with its user account, so it cannot be edited or deleted here.',
				'users-to-contacts'
			),
		} );
	};

	const showFieldErrors = ( found: FormErrors ) => {
		const count = Object.keys( found ).length;
		setErrors( found );
		setNotice( {
			status: 'error',
			message: sprintf(
				/* translators: %d: how many fields are in error. */
				_n(
					'The contact was not saved. Correct the %d field marked below.',
					'The contact was not saved. Correct the %d fields marked below.',
					count,
					'users-to-contacts'
				),
				count
			),
		} );
		setFocusRequest( ( request ) => request + 1 );
	};

	const save = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( saving ) {
			return;
		}
		const found = validate( values );
		if ( Object.keys( found ).length > 0 ) {
			showFieldErrors( found );
			return;
		}
		setSaving( true );
		setNotice( null );
		setErrors( {} );
		const sentRows = emailsToSend( values.emails ).rows;
		try {
			if ( ! contact ) {
				const created = await createContact(
					transport,
					toInput( values, null )
				);
				setFlashNotice(
					__( 'Contact added.', 'users-to-contacts' ),
					'success'
				);
				window.location.assign( contactEditUrl( created.id ) );
				return;
			}
			show(
				await updateContact(
					transport,
					contact.id,
					toInput( values, contact )
				)
			);
			setNotice( {
				status: 'success',
				message: __( 'Contact updated.', 'users-to-contacts' ),
			} );
		} catch ( error ) {
			if (
				contact &&
				isCode( error, 'users_to_contacts_contact_locked' )
			) {
				await reloadLocked( contact.id );
				return;
			}
			const refused = errorsFromApi( error, values, sentRows );
			if ( refused.message === null ) {
				showFieldErrors( refused.errors );
			} else {
				setNotice( { status: 'error', message: refused.message } );
			}
		} finally {
			setSaving( false );
		}
	};

	const setSource = async ( source: LinkSource ) => {
		if ( ! contact?.user ) {
			return;
		}
		const login = contact.user.login;
		setNotice( null );
		try {
			await updateLink( transport, contact.user.id, { source } );
			show( await getContact( transport, contact.id ) );
			setNotice( {
				status: 'success',
				message:
					source === 'contact'
						? sprintf(
								/* translators: %s: a username. */
								__(
									'This contact is now the source: changes made here are copied to the user account “%s”.',
									'users-to-contacts'
								),
								login
							)
						: sprintf(
								/* translators: %s: a username. */
								__(
									'The user account “%s” is now the source: its details are copied to this contact.',
									'users-to-contacts'
								),
								login
							),
			} );
		} catch ( error ) {
			setNotice( {
				status: 'error',
				message: isCode(
					error,
					'users_to_contacts_not_allowed_to_edit_user'
				)
					? sprintf(
							/* translators: %s: a username. */
							__(
								'You may not edit the user account “%s”, so you cannot make this contact the source of its details. Ask an administrator to do it.',
								'users-to-contacts'
							),
							login
						)
					: messageOf( error ),
			} );
		}
	};

	const remove = async () => {
		if ( ! contact ) {
			return;
		}
		try {
			await deleteContact( transport, contact.id );
		} catch ( error ) {
			if ( isCode( error, 'users_to_contacts_contact_locked' ) ) {
				await reloadLocked( contact.id );
			} else {
				setNotice( { status: 'error', message: messageOf( error ) } );
			}
			return;
		}
		const user = contact.user;
		let message: string = __( 'Contact deleted.', 'users-to-contacts' );
		if ( user && contact.user_deletion?.deletes_user ) {
			message = sprintf(
				/* translators: %s: a username. */
				__(
					'Contact deleted. The user account “%s” will be deleted too.',
					'users-to-contacts'
				),
				user.login
			);
		} else if ( user ) {
			message = sprintf(
				/* translators: %s: a username. */
				__(
					'Contact deleted. The user account “%s” stays, no longer linked to a contact.',
					'users-to-contacts'
				),
				user.login
			);
		}
		setFlashNotice( message, 'success' );
		window.location.assign( contactsListUrl() );
	};

	const notices = (
		<div className="users-to-contacts-notices" aria-live="polite">
			{ notice && (
				<AdminNotice
					status={ notice.status }
					onDismiss={ () => setNotice( null ) }
				>
					{ notice.message }
				</AdminNotice>
			) }
		</div>
	);

	if ( load.kind === 'loading' ) {
		return (
			<div className="users-to-contacts-edit">
				<p className="users-to-contacts-loading">
					<span className="spinner is-active" />
					{ __( 'Loading the contact…', 'users-to-contacts' ) }
				</p>
			</div>
		);
	}
	if ( load.kind === 'failed' ) {
		return (
			<div className="users-to-contacts-edit">
				<AdminNotice status="error">
					{ load.missing
						? __(
								'This contact does not exist. It may have been deleted.',
								'users-to-contacts'
							)
						: sprintf(
								/* translators: %s: the error message from the site. */
								__(
									'The contact could not be loaded: %s',
									'users-to-contacts'
								),
								load.message
							) }
				</AdminNotice>
				<p>
					<a href={ contactsListUrl() }>
						{ __( '← Go to All Contacts', 'users-to-contacts' ) }
					</a>
				</p>
			</div>
		);
	}

	// One tree for both views, so the Linked user section (and the button that opened its
	// dialog) stays in place when a turn of the direction locks or unlocks the contact.
	const locked = contact?.locked === true;
	return (
		<div
			className={ `users-to-contacts-edit${ locked ? ' is-locked' : '' }` }
		>
			{ notices }
			{ contact && locked && <LockedNotice contact={ contact } /> }
			{ contact && locked ? (
				<ContactDetails contact={ contact } />
			) : (
				<form id={ FORM_ID } ref={ form } onSubmit={ save } noValidate>
					<ContactFormFields
						values={ values }
						errors={ errors }
						onChange={ setValues }
					/>
				</form>
			) }
			{ contact && (
				<LinkedUserSection
					contact={ contact }
					onSetSource={ setSource }
				/>
			) }
			{ ! locked && (
				<p className="submit">
					<button
						type="submit"
						form={ FORM_ID }
						className="button button-primary"
						aria-disabled={ saving }
					>
						{ contact
							? __( 'Update Contact', 'users-to-contacts' )
							: __( 'Add Contact', 'users-to-contacts' ) }
					</button>
					{ saving && <span className="spinner is-active" /> }
					{ contact && (
						<DeleteContact
							contact={ contact }
							onDelete={ remove }
						/>
					) }
				</p>
			) }
		</div>
	);
}
