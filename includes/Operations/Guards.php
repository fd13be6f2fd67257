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
	 * wp_2_user_level, ...), in any letter case: the database compares meta keys without regard
	 * to case (and to trailing spaces and accents), so `WP_CAPABILITIES` is `wp_capabilities`
	 * there. A key with anything but printable ASCII cannot be compared safely: private too.
	 *
	 * @param string $key A user field or meta key.
	 */
	public static function is_private_user_key( string $key ): bool {
		global $wpdb;
		if ( ! preg_match( '/^[\x21-\x7e]+$/', $key ) ) {
			return true;
		}
		$key = strtolower( $key );
		if ( str_starts_with( $key, '_' ) || in_array( $key, array_map( 'strtolower', self::PRIVATE_USER_KEYS ), true ) ) {
			return true;
		}
		return (bool) preg_match( '/^' . preg_quote( strtolower( $wpdb->base_prefix ), '/' ) . '(\d+_)?(capabilities|user_level|user-settings|user-settings-time)$/', $key );
	}

	/**
	 * Why a user may not be deleted by a sync (B12): never an administrator (or a network's
	 * super admin), never the runner nor the person the deletion is made for, never a user
	 * either of them may not delete (R7).
	 *
	 * @param WP_User  $user         The user the engine wants deleted.
	 * @param int|null $on_behalf_of The person whose change this is (the operation's
	 *                               on_behalf_of), or null when it is the runner's own.
	 * @return array{reason: string, message: string}|null Reason administrator | acting_user |
	 *                                                      not_allowed_to_delete_user, or null.
	 */
	public static function user_delete_refusal( WP_User $user, ?int $on_behalf_of = null ): ?array {
		$user_id = (int) $user->ID;
		if ( in_array( 'administrator', (array) $user->roles, true ) || is_super_admin( $user_id ) ) {
			/* translators: %s: a user, such as "Jane (user 3)". */
			return self::refusal( 'administrator', sprintf( __( '%s is an administrator, and a sync never deletes an administrator.', 'users-to-contacts' ), self::person( $user_id ) ) );
		}
		foreach ( self::actors( $on_behalf_of ) as $actor ) {
			if ( $actor === $user_id ) {
				/* translators: %s: a user, such as "Jane (user 3)". */
				return self::refusal( 'acting_user', sprintf( __( '%s made this change, and a sync never deletes the person who made it.', 'users-to-contacts' ), self::person( $user_id ) ) );
			}
			if ( ! user_can( $actor, 'delete_user', $user_id ) ) {
				/* translators: 1: the person who made the change, 2: the user, such as "Jane (user 3)". */
				return self::refusal( 'not_allowed_to_delete_user', sprintf( __( '%1$s may not delete %2$s, so the user was not deleted.', 'users-to-contacts' ), self::person( $actor ), self::person( $user_id ) ) );
			}
		}
		return null;
	}

	/**
	 * Why a user may not be changed by a sync (R7): the runner and the person the change is made
	 * for must both be allowed to edit that user (edit_user), and to change their role
	 * (promote_user) when the fields touch roles. The runner's credentials never widen anyone's
	 * rights.
	 *
	 * @param int                  $user_id      The user the engine wants updated.
	 * @param int|null             $on_behalf_of The person whose change this is, or null when it is
	 *                                           the runner's own.
	 * @param array<string, mixed> $fields       The fields the change writes, by name.
	 * @return array{reason: string, message: string}|null Reason not_allowed_to_edit_user |
	 *                                                      not_allowed_to_promote_user, or null.
	 */
	public static function user_edit_refusal( int $user_id, ?int $on_behalf_of = null, array $fields = array() ): ?array {
		$roles = (bool) array_filter( array_keys( $fields ), array( self::class, 'is_role_key' ) );
		foreach ( self::actors( $on_behalf_of ) as $actor ) {
			if ( ! user_can( $actor, 'edit_user', $user_id ) ) {
				/* translators: 1: the person who made the change, 2: the user, such as "Jane (user 3)". */
				return self::refusal( 'not_allowed_to_edit_user', sprintf( __( '%1$s may not edit %2$s, so the change was not applied to the user.', 'users-to-contacts' ), self::person( $actor ), self::person( $user_id ) ) );
			}
			if ( $roles && ! user_can( $actor, 'promote_user', $user_id ) ) {
				/* translators: 1: the person who made the change, 2: the user, such as "Jane (user 3)". */
				return self::refusal( 'not_allowed_to_promote_user', sprintf( __( '%1$s may not change the role of %2$s, so the change was not applied to the user.', 'users-to-contacts' ), self::person( $actor ), self::person( $user_id ) ) );
			}
		}
		return null;
	}

	/**
	 * Why a link may not make the contact the source of a user's data (R7): from then on the
	 * contact's edits are written to the user, so setting it takes the right to edit that user,
	 * for the runner and for the person it is done for.
	 *
	 * @param int      $user_id      The linked user.
	 * @param int|null $on_behalf_of The person it is done for, or null when it is the current
	 *                               user's own doing.
	 * @return array{reason: string, message: string}|null Reason not_allowed_to_edit_user, or null.
	 */
	public static function contact_source_refusal( int $user_id, ?int $on_behalf_of = null ): ?array {
		foreach ( self::actors( $on_behalf_of ) as $actor ) {
			if ( ! user_can( $actor, 'edit_user', $user_id ) ) {
				/* translators: 1: the person, 2: the user, such as "Jane (user 3)". */
				return self::refusal( 'not_allowed_to_edit_user', sprintf( __( '%1$s may not edit %2$s, so may not make a contact the source of that user\'s details.', 'users-to-contacts' ), self::person( $actor ), self::person( $user_id ) ) );
			}
		}
		return null;
	}

	/**
	 * Splits link or create_and_link operations into those that may go on and the refusals of
	 * those that would make the contact the source (`source: contact`) of a user the runner or
	 * the person named (`on_behalf_of`) may not edit (contact_source_refusal()).
	 *
	 * @param list<array<string, mixed>> $operations Checked operations.
	 * @return array{0: list<array<string, mixed>>, 1: array<int, array<string, mixed>>} The
	 *         operations that go on, and the refused ones' results by index.
	 */
	public static function without_refused_contact_sources( array $operations ): array {
		$allowed = array();
		$refused = array();
		foreach ( $operations as $operation ) {
			$refusal = 'contact' === ( $operation['source'] ?? 'user' )
				? self::contact_source_refusal( (int) $operation['user_id'], isset( $operation['on_behalf_of'] ) ? (int) $operation['on_behalf_of'] : null )
				: null;
			if ( null === $refusal ) {
				$allowed[] = $operation;
			} else {
				$refused[ (int) $operation['index'] ] = array( 'status' => 'refused' ) + $refusal;
			}
		}
		return array( $allowed, $refused );
	}

	/**
	 * The people whose rights a change needs: the current user (the runner, or the person
	 * making the request), and the person the change is made for when an operation names one.
	 *
	 * @param int|null $on_behalf_of The person named, or null.
	 * @return list<int>
	 */
	private static function actors( ?int $on_behalf_of ): array {
		$runner = get_current_user_id();
		return null === $on_behalf_of || $on_behalf_of === $runner ? array( $runner ) : array( $runner, $on_behalf_of );
	}

	/**
	 * Whether a user field or meta key is about roles (a role, capabilities, a user level), in
	 * any letter case.
	 *
	 * @param string|int $key A field name.
	 */
	private static function is_role_key( $key ): bool {
		return (bool) preg_match( '/(^roles?$|capabilities$|user_level$)/i', (string) $key );
	}

	/**
	 * A user as a refusal names them: "Jane (user 3)", or "user 3" when there is no such user.
	 *
	 * @param int $user_id User id.
	 */
	private static function person( int $user_id ): string {
		$user = get_userdata( $user_id );
		if ( ! $user instanceof WP_User ) {
			/* translators: %d: user id. */
			return sprintf( __( 'user %d', 'users-to-contacts' ), $user_id );
		}
		/* translators: 1: display name, 2: user id. */
		return sprintf( __( '%1$s (user %2$d)', 'users-to-contacts' ), $user->display_name, $user_id );
	}

	/**
	 * A refusal: its reason code and what a person reads.
	 *
	 * @param string $reason  The reason code.
	 * @param string $message The explanation.
	 * @return array{reason: string, message: string}
	 */
	private static function refusal( string $reason, string $message ): array {
		return array(
			'reason'  => $reason,
			'message' => $message,
		);
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
