<?php
/**
 * What deleting a contact does to its linked user, as the Edit Contact screen tells it.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Operations\Guards;
use UsersToContacts\Settings;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The delete rule of B12 (docs/behaviours.md) applied to one contact and the person asking, so
 * a screen can say before a deletion whether the linked user goes too. The engine decides the
 * deletion itself (decideContactDeleted()) and Guards::user_delete_refusal() guards it; this
 * reads the same setting, link and guard, and writes nothing.
 */
final class UserDeletion {

	/**
	 * The `user_deletion` field of a contact answer: null when no user is linked.
	 *
	 * @param array<string, mixed> $record A contact record (ContactsRepository).
	 * @return array{setting: bool, protected: bool, deletes_user: bool}|null
	 */
	public static function for_contact( array $record ): ?array {
		$link = $record['link'] ?? null;
		$user = null === $link ? false : get_userdata( (int) $link['user_id'] );
		if ( ! $user instanceof WP_User ) {
			return null;
		}
		$setting   = (bool) Settings::get()['delete_user_with_contact'];
		$protected = null !== Guards::user_delete_refusal( $user );
		return array(
			'setting'      => $setting,
			'protected'    => $protected,
			'deletes_user' => $setting && ! $protected && 'contact' === $link['source'] && (bool) $link['sync_enabled'],
		);
	}

	/**
	 * The field's schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return array(
			'description' => __( 'What deleting this contact does to its linked user (null when none is linked), for the person asking. Only in answers about one contact.', 'users-to-contacts' ),
			'type'        => array( 'object', 'null' ),
			'readonly'    => true,
			'properties'  => array(
				'setting'      => array(
					'description' => __( 'Whether "Delete user when contact is deleted" is on.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'protected'    => array(
					'description' => __( 'Whether the user is never deleted with a contact: an administrator, the person asking, or a user they may not delete.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'deletes_user' => array(
					'description' => __( 'Whether deleting the contact now deletes the user too: the setting is on, the contact is the source with sync on, and the user is not protected.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
			),
		);
	}
}
