/**
 * "Delete" on Edit Contact: asks first, saying what happens to a linked user under the current
 * delete rule (B12: the user goes too only when "Delete user when contact is deleted" is on,
 * the contact is the source, and the user is not protected).
 */
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { SingleContact } from '../../api/contacts';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useMounted } from './useMounted';

function consequence( contact: SingleContact ): string | null {
	const user = contact.user;
	if ( ! user ) {
		return null;
	}
	if ( contact.user_deletion?.deletes_user ) {
		return sprintf(
			/* translators: %s: a username. */
			__(
				'The user account “%s” will be deleted too: “Delete user when contact is deleted” is on, and this contact is the source of the user’s details.',
				'users-to-contacts'
			),
			user.login
		);
	}
	return sprintf(
		/* translators: %s: a username. */
		__(
			'The user account “%s” stays; it will no longer be linked to a contact.',
			'users-to-contacts'
		),
		user.login
	);
}

export function DeleteContact( {
	contact,
	onDelete,
}: {
	contact: SingleContact;
	/** Deletes; on success the screen moves on, on failure it says why. */
	onDelete: () => Promise< void >;
} ) {
	const [ asking, setAsking ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const mounted = useMounted();
	const then = consequence( contact );

	const confirm = async () => {
		setBusy( true );
		try {
			await onDelete();
		} finally {
			if ( mounted.current ) {
				setBusy( false );
				setAsking( false );
			}
		}
	};

	return (
		<>
			<button
				type="button"
				className="button-link button-link-delete users-to-contacts-delete"
				onClick={ () => setAsking( true ) }
			>
				{ __( 'Delete', 'users-to-contacts' ) }
			</button>
			{ asking && (
				<ConfirmDialog
					title={ __( 'Delete this contact?', 'users-to-contacts' ) }
					confirmLabel={ __( 'Delete Contact', 'users-to-contacts' ) }
					busy={ busy }
					onConfirm={ confirm }
					onCancel={ () => setAsking( false ) }
				>
					<p>
						{ sprintf(
							/* translators: %s: the contact's name. */
							__(
								'“%s” will be deleted from Contacts.',
								'users-to-contacts'
							),
							contact.display_name
						) }
					</p>
					{ then && (
						<div
							className={ `notice inline ${
								contact.user_deletion?.deletes_user
									? 'notice-warning'
									: 'notice-info'
							}` }
						>
							<p>{ then }</p>
						</div>
					) }
				</ConfirmDialog>
			) }
		</>
	);
}
