<?php
/**
 * Writes one event row when something happens to a user: the durable outbox the sync engine reads.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Events;

use InvalidArgumentException;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\Schema;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The hook side of the event flow (docs/architecture.md): user_register, profile_update, wp_login
 * and delete_user each write exactly one row to the events table and do nothing else, so a
 * request pays one prepared INSERT (well under a millisecond). Runners claim the rows later.
 *
 * Every value the payload needs comes from the hook's own arguments: no extra query runs.
 */
final class EventRecorder {

	public const USER_REGISTERED = 'user_registered';
	public const USER_UPDATED    = 'user_updated';
	public const USER_LOGGED_IN  = 'user_logged_in';
	public const USER_DELETED    = 'user_deleted';
	public const CRM_ACTION      = 'crm_action';

	/**
	 * Written by other code through record(), for the linked user: a contact whose link has the
	 * contact as source was edited or deleted (its changes go to the user), or a link's switch or
	 * source changed (the user is synced again). Payload: `contact_id`.
	 */
	public const CONTACT_UPDATED = 'contact_updated';
	public const CONTACT_DELETED = 'contact_deleted';
	public const LINK_CHANGED    = 'link_changed';

	/**
	 * Written by Email\EmailOwnership: the user confirmed the address a match was waiting for
	 * (R6), so the match can go ahead. Payload: `email`, `how`.
	 */
	public const EMAIL_CONFIRMED = 'email_confirmed';

	/**
	 * Written by the user screens (Admin\UsersBulkSync, Admin\UserContactSection): an
	 * administrator asked to synchronize the user now. The engine links or creates whatever
	 * "link when" says, as the batch tool does, and brings a linked contact up to date.
	 */
	public const SYNC_REQUESTED = 'sync_requested';

	/**
	 * Every event type a row can have.
	 */
	public const TYPES = array(
		self::USER_REGISTERED,
		self::USER_UPDATED,
		self::USER_LOGGED_IN,
		self::USER_DELETED,
		self::CRM_ACTION,
		self::CONTACT_UPDATED,
		self::CONTACT_DELETED,
		self::LINK_CHANGED,
		self::EMAIL_CONFIRMED,
		self::SYNC_REQUESTED,
	);

	/**
	 * How many suppress() calls are running; while above zero nothing is recorded.
	 *
	 * @var int
	 */
	private static int $suppressed = 0;

	/**
	 * Logins whose next profile_update only stores a password-reset key.
	 *
	 * WordPress's get_password_reset_key() fires `retrieve_password_key` and then stores the key
	 * with wp_update_user(), which fires profile_update. Every registration through wp-login.php
	 * does that right after user_register, and so does "Lost your password?". That update is not
	 * a profile change, so it records nothing: one event per action.
	 *
	 * @var array<string, true>
	 */
	private static array $reset_key_pending = array();

	/**
	 * Adds the four hooks. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_action( 'user_register', array( self::class, 'on_user_register' ), 10, 2 );
		add_action( 'profile_update', array( self::class, 'on_profile_update' ), 10, 3 );
		add_action( 'wp_login', array( self::class, 'on_login' ), 10, 2 );
		add_action( 'delete_user', array( self::class, 'on_delete_user' ), 10, 3 );
		add_action( 'retrieve_password_key', array( self::class, 'on_reset_key' ), 10, 1 );
	}

	/**
	 * Writes one event row; returns its id, or 0 when recording is suppressed or the write failed.
	 * The row names its actor, the user whose request this is (0 when no one is logged in): a
	 * change the event carries to a user is applied only with that person's rights (R7).
	 *
	 * @param string               $type    One of self::TYPES.
	 * @param int                  $user_id The user the event is about.
	 * @param array<string, mixed> $payload What the engine needs to know (JSON-encodable).
	 * @throws InvalidArgumentException For a type that is not one of self::TYPES.
	 */
	public static function record( string $type, int $user_id, array $payload = array() ): int {
		if ( ! in_array( $type, self::TYPES, true ) ) {
			throw new InvalidArgumentException( sprintf( 'Unknown event type "%s".', $type ) );
		}
		if ( self::$suppressed > 0 ) {
			return 0;
		}
		global $wpdb;
		$row = array(
			'type'     => $type,
			'user_id'  => $user_id,
			'actor_id' => get_current_user_id(),
			'payload'  => (string) wp_json_encode( (object) $payload ),
			'created'  => gmdate( 'Y-m-d H:i:s' ),
		);
		// $wpdb->insert() is one prepared INSERT. A deadlock or lock wait chose it as the victim
		// (a runner's claim or acknowledgement updating the same indexes): the request goes on
		// either way, so the event would be lost without another try.
		for ( $attempt = 1; ; ++$attempt ) {
			$written = $wpdb->insert( Schema::table( 'events' ), $row, array( '%s', '%d', '%d', '%s', '%s' ) );
			if ( false !== $written || $attempt >= Database::MAX_ATTEMPTS || ! in_array( Database::last_errno(), Database::RETRYABLE_ERRORS, true ) ) {
				return false === $written ? 0 : (int) $wpdb->insert_id;
			}
		}
	}

	/**
	 * Runs $fn without recording events, and returns what it returns. The engine's own writes to
	 * users go through here so that they do not come back as events (no loops, R4 in docs/behaviours.md).
	 *
	 * @param callable $fn What to run.
	 * @return mixed
	 */
	public static function suppress( callable $fn ) {
		++self::$suppressed;
		try {
			return $fn();
		} finally {
			--self::$suppressed;
		}
	}

	/**
	 * Whether recording is suppressed right now.
	 */
	public static function is_suppressed(): bool {
		return self::$suppressed > 0;
	}

	/**
	 * The `user_register` hook.
	 *
	 * @param int                  $user_id  The new user.
	 * @param array<string, mixed> $userdata The raw data passed to wp_insert_user() (WordPress 5.8+).
	 */
	public static function on_user_register( $user_id, $userdata = array() ): void {
		$userdata = is_array( $userdata ) ? $userdata : array();
		self::record(
			self::USER_REGISTERED,
			(int) $user_id,
			array(
				'email' => self::stored_email( $userdata['user_email'] ?? '' ),
				'login' => self::stored_login( $userdata['user_login'] ?? '' ),
			)
		);
	}

	/**
	 * The `profile_update` hook: records the email before and after the change.
	 *
	 * @param int                  $user_id       The user.
	 * @param WP_User|mixed        $old_user_data The user before the update.
	 * @param array<string, mixed> $userdata      The raw data passed to wp_insert_user() (WordPress 5.8+).
	 */
	public static function on_profile_update( $user_id, $old_user_data = null, $userdata = array() ): void {
		$userdata = is_array( $userdata ) ? $userdata : array();
		if ( $old_user_data instanceof WP_User && isset( self::$reset_key_pending[ $old_user_data->user_login ] ) ) {
			// Only the password-reset key was stored: not a profile change.
			unset( self::$reset_key_pending[ $old_user_data->user_login ] );
			return;
		}
		$old_email = $old_user_data instanceof WP_User ? (string) $old_user_data->user_email : '';
		$new_email = isset( $userdata['user_email'] ) ? self::stored_email( $userdata['user_email'] ) : $old_email;
		self::record(
			self::USER_UPDATED,
			(int) $user_id,
			array(
				'old_email' => $old_email,
				'email'     => $new_email,
			)
		);
	}

	/**
	 * The `retrieve_password_key` hook: the next profile_update of this login is not a profile change.
	 *
	 * @param string $user_login The login whose reset key is about to be stored.
	 */
	public static function on_reset_key( $user_login ): void {
		self::$reset_key_pending[ (string) $user_login ] = true;
	}

	/**
	 * The `wp_login` hook.
	 *
	 * @param string        $user_login The login name.
	 * @param WP_User|mixed $user       The user who logged in.
	 */
	public static function on_login( $user_login, $user = null ): void {
		if ( ! $user instanceof WP_User ) {
			return;
		}
		self::record(
			self::USER_LOGGED_IN,
			(int) $user->ID,
			array(
				'login' => (string) $user_login,
				'email' => (string) $user->user_email,
			)
		);
	}

	/**
	 * The `delete_user` hook (before the user is removed, so the payload keeps who it was).
	 *
	 * @param int           $user_id  The user being deleted.
	 * @param int|null      $reassign Who gets their content, or null.
	 * @param WP_User|mixed $user     The user being deleted (WordPress 5.5+).
	 */
	public static function on_delete_user( $user_id, $reassign = null, $user = null ): void {
		self::record(
			self::USER_DELETED,
			(int) $user_id,
			array(
				'email'    => $user instanceof WP_User ? (string) $user->user_email : '',
				'login'    => $user instanceof WP_User ? (string) $user->user_login : '',
				'reassign' => null === $reassign ? null : (int) $reassign,
			)
		);
	}

	/**
	 * The email as wp_insert_user() stored it (the same filters: trim, sanitize_email, kses).
	 *
	 * @param mixed $raw The raw value.
	 */
	private static function stored_email( $raw ): string {
		return is_string( $raw ) ? (string) apply_filters( 'pre_user_email', $raw ) : '';
	}

	/**
	 * The login as wp_insert_user() stored it.
	 *
	 * @param mixed $raw The raw value.
	 */
	private static function stored_login( $raw ): string {
		return is_string( $raw ) ? trim( (string) apply_filters( 'pre_user_login', sanitize_user( $raw, true ) ) ) : '';
	}
}
