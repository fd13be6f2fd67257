/**
 * The "Linked user" section: the user account (profile icon and username, B13), which side is
 * the source of the details, and the way to turn it (B9), each turn confirmed first. Making
 * the contact the source warns, as the product's guide does, that it can lead to the user
 * being deleted.
 */
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { LinkSource, SingleContact } from '../../api/contacts';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useMounted } from './useMounted';
import { userEditUrl } from './urls';

/** The user account, as B13 marks it: the profile icon and the username, linked to the user. */
export function UserMarker( {
	user,
}: {
	user: NonNullable< SingleContact[ 'user' ] >;
} ) {
	return (
		<span className="users-to-contacts-user">
			<span
				className="dashicons dashicons-admin-users"
				aria-hidden="true"
			/>{ ' ' }
			<a href={ userEditUrl( user.id ) }>{ user.login }</a>
			{ user.display_name !== '' && user.display_name !== user.login && (
				<span className="users-to-contacts-user__name">
					{ ' ' }
					({ user.display_name })
				</span>
			) }
		</span>
	);
}

function directionSentence( contact: SingleContact ): string {
	const link = contact.link;
	if ( ! link ) {
		return '';
	}
	if ( ! link.sync_enabled ) {
		return link.source === 'user'
			? __(
					'The user account is the source of the details, but synchronization is turned off for this user: nothing is copied either way.',
					'users-to-contacts'
				)
			: __(
					'This contact is the source of the details, but synchronization is turned off for this user: nothing is copied either way.',
					'users-to-contacts'
				);
	}
	return link.source === 'user'
		? __(
				'The user account is the source: changes to the user are copied to this contact, which cannot be edited here.',
				'users-to-contacts'
			)
		: __(
				'This contact is the source: changes made here are copied to the user account.',
				'users-to-contacts'
			);
}

/** What making the contact the source risks (B9, B12), from the current delete rule. */
function deletionWarning( contact: SingleContact, login: string ): string {
	const deletion = contact.user_deletion;
	if ( deletion?.setting && ! deletion.protected ) {
		return sprintf(
			/* translators: %s: a username. */
			__(
				'“Delete user when contact is deleted” is on, so deleting this contact would then delete the user account “%s” too.',
				'users-to-contacts'
			),
			login
		);
	}
	if ( deletion?.setting ) {
		return __(
			'“Delete user when contact is deleted” is on, but this user account is never deleted that way: it is an administrator’s, yours, or one you may not delete.',
			'users-to-contacts'
		);
	}
	return sprintf(
		/* translators: %s: a username. */
		__(
			'If “Delete user when contact is deleted” is turned on in Settings, deleting this contact would then delete the user account “%s” too.',
			'users-to-contacts'
		),
		login
	);
}

export function LinkedUserSection( {
	contact,
	onSetSource,
}: {
	contact: SingleContact;
	/** Turns the link; resolves when done (refusals are the screen's to show). */
	onSetSource: ( source: LinkSource ) => Promise< void >;
} ) {
	const [ asking, setAsking ] = useState< LinkSource | null >( null );
	const [ busy, setBusy ] = useState( false );
	const mounted = useMounted();
	const { user, link } = contact;

	const confirm = async () => {
		if ( ! asking ) {
			return;
		}
		setBusy( true );
		try {
			await onSetSource( asking );
		} finally {
			if ( mounted.current ) {
				setBusy( false );
				setAsking( null );
			}
		}
	};

	return (
		<>
			<h2>{ __( 'Linked user', 'users-to-contacts' ) }</h2>
			<table className="form-table" role="presentation">
				<tbody>
					<tr>
						<th scope="row">
							{ __( 'User account', 'users-to-contacts' ) }
						</th>
						<td>
							{ user ? (
								<UserMarker user={ user } />
							) : (
								<p>
									{ contact.former_user_id
										? __(
												'Not linked to a user account. It was linked to one before.',
												'users-to-contacts'
											)
										: __(
												'Not linked to a user account.',
												'users-to-contacts'
											) }
								</p>
							) }
						</td>
					</tr>
					{ user && link && (
						<tr>
							<th scope="row">
								{ __(
									'Source of the details',
									'users-to-contacts'
								) }
							</th>
							<td>
								<p data-testid="users-to-contacts-direction">
									{ directionSentence( contact ) }
								</p>
								<p>
									<button
										type="button"
										className="button"
										onClick={ () =>
											setAsking(
												link.source === 'user'
													? 'contact'
													: 'user'
											)
										}
									>
										{ link.source === 'user'
											? __(
													'Make the contact the source…',
													'users-to-contacts'
												)
											: __(
													'Make the user the source…',
													'users-to-contacts'
												) }
									</button>
								</p>
							</td>
						</tr>
					) }
				</tbody>
			</table>
			{ user && asking === 'contact' && (
				<ConfirmDialog
					title={ __(
						'Make the contact the source?',
						'users-to-contacts'
					) }
					confirmLabel={ __(
						'Make the contact the source',
						'users-to-contacts'
					) }
					busy={ busy }
					onConfirm={ confirm }
					onCancel={ () => setAsking( null ) }
				>
					<p>
						{ sprintf(
							/* translators: %s: a username. */
							__(
								'Changes made to this contact will be copied to the user account “%s”, and changes made to the user will no longer reach the contact.',
								'users-to-contacts'
							),
							user.login
						) }
					</p>
					<div className="notice notice-warning inline">
						<p>
							<strong>
								{ __(
									'In most cases this is not advisable: it can lead to the user account being deleted.',
									'users-to-contacts'
								) }
							</strong>{ ' ' }
							{ deletionWarning( contact, user.login ) }
						</p>
					</div>
				</ConfirmDialog>
			) }
			{ user && asking === 'user' && (
				<ConfirmDialog
					title={ __(
						'Make the user the source?',
						'users-to-contacts'
					) }
					confirmLabel={ __(
						'Make the user the source',
						'users-to-contacts'
					) }
					busy={ busy }
					onConfirm={ confirm }
					onCancel={ () => setAsking( null ) }
				>
					<p>
						{ link?.sync_enabled
							? sprintf(
									/* translators: %s: a username. */
									__(
										'The details of the user account “%s” will be copied to this contact, replacing what differs. The contact can then no longer be edited or deleted here; it changes with the user.',
										'users-to-contacts'
									),
									user.login
								)
							: sprintf(
									/* translators: %s: a username. */
									__(
										'The user account “%s” will be the source of the details. Nothing is copied while synchronization is turned off for this user.',
										'users-to-contacts'
									),
									user.login
								) }
					</p>
				</ConfirmDialog>
			) }
		</>
	);
}
