<?php
/**
 * Safety guards PHP keeps under the engine's decisions.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Guards, not decisions: the sync engine (src/engine/) is the one place that decides what to
 * do. Some of its rules PHP repeats here as a last line of defence, because a runner may be
 * out of date, buggy or not the engine at all: whatever a request asks, these never happen.
 * Each guard answers why it refuses (a reason code), or null to let the write through.
 */
final class Guards {

	/**
	 * User fields and meta keys that are never read or written through the bulk routes
	 * (credentials, roles, sessions, identity).
	 */
	public const PRIVATE_USER_KEYS = array( 'user_pass', 'user_activation_key', 'session_tokens', 'capabilities', 'user_level', 'default_password_nag', 'ID', 'user_login', 'user_status', 'user_registered', 'user_nicename' );

	/**
	 * Whether a user field or meta key is private: PRIVATE_USER_KEYS, protected meta (a leading
	 * underscore), and the roles and settings of any site of a network (wp_capabilities,
	 * wp_2_user_level, ...).
	 *
	 * @param string $key A user field or meta key.
	 */
	public static function is_private_user_key( string $key ): bool {
		global $wpdb;
		if ( '' === $key || str_starts_with( $key, '_' ) || in_array( $key, self::PRIVATE_USER_KEYS, true ) ) {
			return true;
		}
		return (bool) preg_match( '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '(\d+_)?(capabilities|user_level|user-settings|user-settings-time)$/', $key );
	}

	/**
	 * Why a user may not be deleted by a sync (B12): never an administrator (or a network's
	 * super admin), never the acting user, never a user the acting user may not delete (R7).
	 *
	 * @param WP_User $user The user the engine wants deleted.
	 * @return string|null administrator | acting_user | not_allowed_to_delete_user, or null.
	 */
	public static function user_delete_refusal( WP_User $user ): ?string {
		$user_id = (int) $user->ID;
		if ( in_array( 'administrator', (array) $user->roles, true ) || is_super_admin( $user_id ) ) {
			return 'administrator';
		}
		if ( get_current_user_id() === $user_id ) {
			return 'acting_user';
		}
		return current_user_can( 'delete_user', $user_id ) ? null : 'not_allowed_to_delete_user';
	}

	/**
	 * Why a user may not be changed by a sync (R7: the acting user's own rights, never wider).
	 *
	 * @param int $user_id The user the engine wants updated.
	 * @return string|null not_allowed_to_edit_user, or null.
	 */
	public static function user_edit_refusal( int $user_id ): ?string {
		return current_user_can( 'edit_user', $user_id ) ? null : 'not_allowed_to_edit_user';
	}

	/**
	 * Whether a contact is read-only in Contacts because its linked WordPress user is the active
	 * source (B8): a link with source `user` and sync on, to a user that exists.
	 *
	 * @param array<string, mixed> $contact A contact record (with its `link` and `user`).
	 */
	public static function contact_is_locked( array $contact ): bool {
		return is_array( $contact['link'] ?? null )
			&& 'user' === $contact['link']['source']
			&& true === $contact['link']['sync_enabled']
			&& null !== ( $contact['user'] ?? null );
	}
}
