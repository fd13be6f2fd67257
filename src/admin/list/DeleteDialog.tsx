/**
 * "Delete …?" before a deletion: which contacts, which are locked and will be skipped (B8), and
 * which linked users the deletion takes along under "Delete user when contact is deleted" (B12).
 */
import { Button, Modal } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Contact, ContactUser } from '../../api/contacts';
import { contactName } from './format';

export interface DeleteRequest {
	contacts: Contact[];
	/** Users deleted with their contact; null when the site could not say. */
	usersDeleted: ContactUser[] | null;
}

interface Props {
	request: DeleteRequest;
	onConfirm: () => void;
	onCancel: () => void;
}

/** Names quoted and joined, such as “Ada”, “Grace”. */
export function nameList( contacts: Contact[] ): string {
	return contacts
		.map( ( contact ) =>
			sprintf(
				/* translators: %s: a contact's name. */
				__( '“%s”', 'users-to-contacts' ),
				contactName( contact )
			)
		)
		.join( ', ' );
}

export function DeleteDialog( { request, onConfirm, onCancel }: Props ) {
	const { contacts, usersDeleted } = request;
	const locked = contacts.filter( ( contact ) => contact.locked );
	const deletable = contacts.filter( ( contact ) => ! contact.locked );
	const linked = deletable.filter( ( contact ) => contact.user !== null );
	const title =
		contacts.length === 1
			? sprintf(
					/* translators: %s: a contact's name. */
					__( 'Delete “%s”?', 'users-to-contacts' ),
					contactName( contacts[ 0 ] as Contact )
				)
			: sprintf(
					/* translators: %s: how many contacts. */
					__( 'Delete %s contacts?', 'users-to-contacts' ),
					contacts.length.toLocaleString()
				);
	return (
		<Modal
			title={ title }
			onRequestClose={ onCancel }
			className="users-to-contacts-delete-dialog"
		>
			{ contacts.length > 1 && deletable.length > 0 && (
				<p>{ nameList( deletable ) }</p>
			) }
			{ deletable.length > 0 && (
				<p>
					{ _n(
						'The contact is removed from Contacts.',
						'The contacts are removed from Contacts.',
						deletable.length,
						'users-to-contacts'
					) }
				</p>
			) }
			{ locked.length > 0 && (
				<p>
					{ sprintf(
						/* translators: %s: contact names. */
						_n(
							'Skipped: %s. It is locked, because its linked user is its source.',
							'Skipped: %s. They are locked, because their linked user is their source.',
							locked.length,
							'users-to-contacts'
						),
						nameList( locked )
					) }
				</p>
			) }
			{ usersDeleted !== null && usersDeleted.length > 0 && (
				<p className="users-to-contacts-warning">
					<strong>
						{ sprintf(
							/* translators: %s: user names. */
							_n(
								'The user %s is deleted too, because “Delete user when contact is deleted” is on.',
								'The users %s are deleted too, because “Delete user when contact is deleted” is on.',
								usersDeleted.length,
								'users-to-contacts'
							),
							usersDeleted
								.map( ( user ) => user.login )
								.join( ', ' )
						) }
					</strong>
				</p>
			) }
			{ usersDeleted !== null &&
				usersDeleted.length === 0 &&
				linked.length > 0 && (
					<p>
						{ _n(
							'The linked user stays; only the link goes.',
							'The linked users stay; only their links go.',
							linked.length,
							'users-to-contacts'
						) }
					</p>
				) }
			{ usersDeleted === null && linked.length > 0 && (
				<p className="users-to-contacts-warning">
					{ __(
						'Linked users may be deleted too, if “Delete user when contact is deleted” is on in Settings.',
						'users-to-contacts'
					) }
				</p>
			) }
			<div className="users-to-contacts-dialog-buttons">
				<Button variant="tertiary" onClick={ onCancel }>
					{ __( 'Cancel', 'users-to-contacts' ) }
				</Button>
				{ deletable.length > 0 && (
					<Button
						variant="primary"
						isDestructive
						onClick={ onConfirm }
					>
						{ deletable.length === 1
							? __( 'Delete', 'users-to-contacts' )
							: sprintf(
									/* translators: %s: how many contacts. */
									__(
										'Delete %s contacts',
										'users-to-contacts'
									),
									deletable.length.toLocaleString()
								) }
					</Button>
				) }
			</div>
		</Modal>
	);
}
