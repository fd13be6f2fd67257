<?php
/**
 * Which users have shown they own their email address (R6).
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Email;

use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Events\EventRecorder;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A match to an existing contact gives the user that contact's data (My details), and
 * WordPress lets a logged-in user set their own email to any address without confirmation
 * (PUT /wp/v2/users/me). So the engine matches a user to an existing contact only when their
 * current address is verified (R6 in docs/behaviours.md), which happens when:
 *
 * - an administrator set it: the user was created or edited, email included, by someone else
 *   who may edit that user;
 * - WordPress's own email-change confirmation was followed (profile.php?newuseremail=…, the
 *   link core mails to the new address);
 * - a password was set through the e-mailed reset link (the registration e-mail or "Lost your
 *   password?"): the key reached the current address, since changing the email voids the key;
 * - the plugin's confirmation message was followed (ConfirmationMessage).
 *
 * The proof is stored as the normalised address that was verified (user meta VERIFIED_META),
 * so any later change of email leaves the user unverified without code of its own. When a match
 * was waiting for that address (PENDING_META, written when the plugin asked for confirmation),
 * verifying it records an `email_confirmed` event, so a runner links at once.
 */
final class EmailOwnership {

	/**
	 * User meta: the normalised address the user has shown they own.
	 */
	public const VERIFIED_META = 'users_to_contacts_verified_email';

	/**
	 * User meta: the normalised address a match waits on (a confirmation was asked for).
	 */
	public const PENDING_META = 'users_to_contacts_email_pending';

	/**
	 * How an address was verified, as the event payload says it.
	 */
	public const BY_ADMINISTRATOR        = 'administrator';
	public const BY_WORDPRESS_CONFIRMING = 'wordpress_email_change';
	public const BY_PASSWORD_EMAIL       = 'password_email';
	public const BY_CONFIRMATION_MESSAGE = 'confirmation_message';

	/**
	 * Adds the hooks. Called once from Plugin::boot(). They run before the event recorder's
	 * (priority 5), so a runner that claims the event at once already sees the proof.
	 */
	public static function register(): void {
		add_action( 'user_register', array( self::class, 'on_user_register' ), 5, 1 );
		add_action( 'profile_update', array( self::class, 'on_profile_update' ), 5, 3 );
		add_action( 'after_password_reset', array( self::class, 'on_password_reset' ), 10, 1 );
	}

	/**
	 * Whether a stored proof is for this address.
	 *
	 * @param string|null $verified The VERIFIED_META value, or null without one.
	 * @param string      $email    The user's email as stored.
	 */
	public static function proves( ?string $verified, string $email ): bool {
		$email = ContactsRepository::normalize_email( $email );
		return null !== $verified && '' !== $email && hash_equals( $verified, $email );
	}

	/**
	 * Whether the user's current email is verified.
	 *
	 * @param int $user_id The user.
	 */
	public static function is_verified( int $user_id ): bool {
		$user = get_userdata( $user_id );
		if ( ! $user instanceof WP_User ) {
			return false;
		}
		$verified = get_user_meta( $user_id, self::VERIFIED_META, true );
		return self::proves( is_string( $verified ) ? $verified : null, (string) $user->user_email );
	}

	/**
	 * Records that the user owns this address (their current one). When a match was waiting
	 * for it, records an `email_confirmed` event so a runner links. Returns whether this
	 * verified it (false when the address is not the user's current one, or was verified).
	 *
	 * @param int    $user_id The user.
	 * @param string $email   The address they have shown they own.
	 * @param string $how     One of the BY_* constants.
	 */
	public static function mark_verified( int $user_id, string $email, string $how ): bool {
		$user  = get_userdata( $user_id );
		$email = ContactsRepository::normalize_email( $email );
		if ( ! $user instanceof WP_User || '' === $email || ContactsRepository::normalize_email( (string) $user->user_email ) !== $email ) {
			return false;
		}
		$already = self::is_verified( $user_id );
		if ( ! $already ) {
			update_user_meta( $user_id, self::VERIFIED_META, $email );
		}
		$pending = get_user_meta( $user_id, self::PENDING_META, true );
		if ( is_string( $pending ) && '' !== $pending ) {
			delete_user_meta( $user_id, self::PENDING_META );
			if ( hash_equals( $pending, $email ) ) {
				EventRecorder::record(
					EventRecorder::EMAIL_CONFIRMED,
					$user_id,
					array(
						'email' => $email,
						'how'   => $how,
					)
				);
			}
		}
		return ! $already;
	}

	/**
	 * Notes that a match waits for this address, so confirming it records an event.
	 *
	 * @param int    $user_id The user.
	 * @param string $email   Their current address, normalised.
	 */
	public static function mark_pending( int $user_id, string $email ): void {
		update_user_meta( $user_id, self::PENDING_META, $email );
	}

	/**
	 * The `user_register` hook: a user created by an administrator has the address they gave.
	 *
	 * @param int $user_id The new user.
	 */
	public static function on_user_register( $user_id ): void {
		$user_id = (int) $user_id;
		if ( self::set_by_someone_else( $user_id ) ) {
			$user = get_userdata( $user_id );
			self::mark_verified( $user_id, $user instanceof WP_User ? (string) $user->user_email : '', self::BY_ADMINISTRATOR );
		}
	}

	/**
	 * The `profile_update` hook: an administrator saved the user's email, or the user followed
	 * WordPress's email-change confirmation link.
	 *
	 * @param int                  $user_id       The user.
	 * @param WP_User|mixed        $old_user_data The user before the update.
	 * @param array<string, mixed> $userdata      The raw data passed to wp_insert_user() (WordPress 5.8+).
	 */
	public static function on_profile_update( $user_id, $old_user_data = null, $userdata = array() ): void {
		$user_id = (int) $user_id;
		// The sync's own writes (a contact's email reaching its user, B9) prove nothing.
		if ( EventRecorder::is_suppressed() || ! is_array( $userdata ) || ! isset( $userdata['user_email'] ) ) {
			return;
		}
		// Only an administrator's save or WordPress's confirmation link proves the address; any
		// other update (a registration storing its password-reset key) loads no user.
		$by_someone_else = self::set_by_someone_else( $user_id );
		if ( ! $by_someone_else && '' === self::confirmation_hash( $user_id ) ) {
			return;
		}
		$user = get_userdata( $user_id );
		if ( ! $user instanceof WP_User ) {
			return;
		}
		$email = (string) $user->user_email;
		if ( $by_someone_else ) {
			self::mark_verified( $user_id, $email, self::BY_ADMINISTRATOR );
		} elseif ( self::confirmed_through_wordpress( $user_id, $email ) ) {
			self::mark_verified( $user_id, $email, self::BY_WORDPRESS_CONFIRMING );
		}
	}

	/**
	 * The `after_password_reset` hook: the reset key was mailed to the current address (a
	 * change of email voids it), so using it proves the address.
	 *
	 * @param WP_User|mixed $user The user.
	 */
	public static function on_password_reset( $user ): void {
		if ( ! $user instanceof WP_User ) {
			return;
		}
		$current = get_userdata( (int) $user->ID );
		if ( $current instanceof WP_User ) {
			self::mark_verified( (int) $current->ID, (string) $current->user_email, self::BY_PASSWORD_EMAIL );
		}
	}

	/**
	 * Whether this request is someone other than the user, who may edit the user.
	 *
	 * @param int $user_id The user.
	 */
	private static function set_by_someone_else( int $user_id ): bool {
		$actor = get_current_user_id();
		return 0 !== $actor && $actor !== $user_id && current_user_can( 'edit_user', $user_id );
	}

	/**
	 * The hash of WordPress's email-change confirmation link when this request is the user
	 * opening it in wp-admin (profile.php with `newuseremail`), else ''.
	 *
	 * @param int $user_id The user being updated.
	 */
	private static function confirmation_hash( int $user_id ): string {
		// Core checked the hash already (user-edit.php); this only recognises that request.
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- core's own confirmation link, opened from an e-mail.
		$hash = isset( $_GET['newuseremail'] ) ? sanitize_text_field( wp_unslash( (string) $_GET['newuseremail'] ) ) : '';
		return '' !== $hash && is_admin() && get_current_user_id() === $user_id ? $hash : '';
	}

	/**
	 * Whether this update is WordPress's email-change confirmation (wp-admin/profile.php with
	 * `newuseremail`, whose hash matches the `_new_email` core stored for this very address).
	 *
	 * @param int    $user_id The user being updated.
	 * @param string $email   Their new email.
	 */
	private static function confirmed_through_wordpress( int $user_id, string $email ): bool {
		$hash = self::confirmation_hash( $user_id );
		if ( '' === $hash ) {
			return false;
		}
		$new = get_user_meta( $user_id, '_new_email', true );
		return is_array( $new )
			&& isset( $new['hash'], $new['newemail'] )
			&& hash_equals( (string) $new['hash'], $hash )
			&& ContactsRepository::normalize_email( (string) $new['newemail'] ) === ContactsRepository::normalize_email( $email );
	}
}
