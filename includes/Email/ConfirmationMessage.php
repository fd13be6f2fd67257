<?php
/**
 * The plugin's own email confirmation: the message and the link it carries (R6).
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
 * When a match waits for the user's email to be verified, the engine asks for this message
 * (the `request_email_confirmation` operation). It goes through wp_mail(), so a site's mail
 * setup applies, at most once per address every RESEND_AFTER seconds (a user logging in again
 * and again gets one message, and so does an address someone else keeps typing in).
 *
 * The link is `?users_to_contacts_confirm_email=<user>.<expires>.<signature>` on the site's home
 * page: no nonce, since it is opened from an e-mail, perhaps on another device; instead an
 * HMAC over the user, the address and the expiry, keyed with the site's auth salt. The address
 * is not in the link: it is signed, and checked against the user's current email, so a link
 * verifies only that exact address for that user, and none once the email has changed.
 *
 * Messages are sent after the request's work (on `shutdown`), never inside the apply
 * transaction: a retried or failed batch cannot roll back the rate limit, and no database
 * locks are held while the mail server answers.
 */
final class ConfirmationMessage {

	/**
	 * The query argument of the link.
	 */
	public const QUERY_ARG = 'users_to_contacts_confirm_email';

	/**
	 * How long a link works, in seconds.
	 */
	public const LINK_LIFETIME = 2 * DAY_IN_SECONDS;

	/**
	 * How long after a message the same address gets no other, in seconds.
	 */
	public const RESEND_AFTER = 6 * HOUR_IN_SECONDS;

	/**
	 * Messages to send at the end of the request: user id => normalised address.
	 *
	 * @var array<int, string>
	 */
	private static array $queue = array();

	/**
	 * Adds the link's handler. Called once from Plugin::boot().
	 */
	public static function register(): void {
		// After the text domain is loaded (init, 10); before themes and templates.
		add_action( 'init', array( self::class, 'handle_link' ), 20 );
	}

	/**
	 * Asks for a message to this user at this address, handled when the request ends. Returns
	 * false when the address got one less than RESEND_AFTER seconds ago (none is sent then).
	 *
	 * @param int    $user_id The user.
	 * @param string $email   Their current address, normalised.
	 */
	public static function request( int $user_id, string $email ): bool {
		if ( ! self::$queue ) {
			add_action( 'shutdown', array( self::class, 'send_queued' ) );
		}
		self::$queue[ $user_id ] = $email;
		return false === get_transient( self::rate_key( $email ) );
	}

	/**
	 * Sends the queued messages (the `shutdown` hook). Each is checked again: the user still has
	 * that address and is still unverified, and the address got no message meanwhile.
	 */
	public static function send_queued(): void {
		$queue       = self::$queue;
		self::$queue = array();
		foreach ( $queue as $user_id => $email ) {
			clean_user_cache( $user_id );
			$user = get_userdata( $user_id );
			if ( ! $user instanceof WP_User || ContactsRepository::normalize_email( (string) $user->user_email ) !== $email ) {
				continue;
			}
			if ( EmailOwnership::is_verified( $user_id ) ) {
				// Verified since the engine looked: the match need not wait.
				EventRecorder::record(
					EventRecorder::EMAIL_CONFIRMED,
					$user_id,
					array(
						'email' => $email,
						'how'   => 'verified_meanwhile',
					)
				);
				continue;
			}
			EmailOwnership::mark_pending( $user_id, $email );
			if ( false !== get_transient( self::rate_key( $email ) ) ) {
				continue;
			}
			set_transient( self::rate_key( $email ), time(), self::RESEND_AFTER );
			self::send( $user, $email );
		}
	}

	/**
	 * The confirmation link for this user and address.
	 *
	 * @param int    $user_id The user.
	 * @param string $email   The address, normalised.
	 * @param int    $expires When it stops working (Unix time).
	 */
	public static function link( int $user_id, string $email, int $expires ): string {
		$token = $user_id . '.' . $expires . '.' . self::signature( $user_id, $email, $expires );
		return add_query_arg( self::QUERY_ARG, $token, home_url( '/' ) );
	}

	/**
	 * The user a token confirms, when it is well formed, not expired, and signed for that
	 * user's current address; null otherwise.
	 *
	 * @param string $token The link's token.
	 */
	public static function user_of_token( string $token ): ?WP_User {
		if ( ! preg_match( '/^([1-9][0-9]{0,19})\.([0-9]{1,12})\.([0-9a-f]{64})$/', $token, $parts ) ) {
			return null;
		}
		$user_id = (int) $parts[1];
		$expires = (int) $parts[2];
		$user    = get_userdata( $user_id );
		if ( $expires < time() || ! $user instanceof WP_User ) {
			return null;
		}
		$email = ContactsRepository::normalize_email( (string) $user->user_email );
		return hash_equals( self::signature( $user_id, $email, $expires ), $parts[3] ) ? $user : null;
	}

	/**
	 * The link's handler (`init`): confirms the address and says so on a plain page.
	 */
	public static function handle_link(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- opened from an e-mail: the signed token is the check.
		if ( ! isset( $_GET[ self::QUERY_ARG ] ) || ! is_string( $_GET[ self::QUERY_ARG ] ) ) {
			return;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- as above.
		$token = sanitize_text_field( wp_unslash( $_GET[ self::QUERY_ARG ] ) );
		$user  = self::user_of_token( $token );
		nocache_headers();
		$title = __( 'Email confirmation', 'users-to-contacts' );
		if ( null === $user ) {
			wp_die(
				esc_html__( 'This confirmation link is not valid: it has expired, or the account\'s email address has changed since it was sent. Log in to get a new one.', 'users-to-contacts' ),
				esc_html( $title ),
				array(
					'response'  => 400,
					'link_url'  => wp_login_url(),
					'link_text' => __( 'Log in', 'users-to-contacts' ),
				)
			);
		}
		$email = ContactsRepository::normalize_email( (string) $user->user_email );
		EmailOwnership::mark_verified( (int) $user->ID, $email, EmailOwnership::BY_CONFIRMATION_MESSAGE );
		wp_die(
			esc_html(
				sprintf(
					/* translators: %s: email address. */
					__( 'Thank you: %s is confirmed as your email address. Your account will be linked to the contact details this site holds for it in a moment.', 'users-to-contacts' ),
					$email
				)
			),
			esc_html( $title ),
			array(
				'response'  => 200,
				'link_url'  => home_url( '/' ),
				'link_text' => get_bloginfo( 'name' ),
			)
		);
	}

	/**
	 * Sends the message.
	 *
	 * @param WP_User $user  The user.
	 * @param string  $email Their address, normalised.
	 */
	private static function send( WP_User $user, string $email ): void {
		$site    = wp_specialchars_decode( (string) get_bloginfo( 'name' ), ENT_QUOTES );
		$link    = self::link( (int) $user->ID, $email, time() + self::LINK_LIFETIME );
		$subject = sprintf(
			/* translators: %s: site title. */
			__( '[%s] Confirm your email address', 'users-to-contacts' ),
			$site
		);
		$message = sprintf(
			/* translators: 1: user's display name, 2: site title, 3: email address, 4: confirmation link, 5: site address. */
			__(
				'Hello %1$s,

%2$s already holds contact details for %3$s. To link them to your account, please confirm that this email address is yours by opening this link:

%4$s

The link works for two days. If you did not ask for this, you can ignore this message: nothing is linked until the address is confirmed.

%5$s',
				'users-to-contacts'
			),
			$user->display_name,
			$site,
			$email,
			$link,
			home_url( '/' )
		);
		wp_mail( $email, $subject, $message );
	}

	/**
	 * The signature of a link.
	 *
	 * @param int    $user_id The user.
	 * @param string $email   The address, normalised.
	 * @param int    $expires Its expiry.
	 */
	private static function signature( int $user_id, string $email, int $expires ): string {
		return hash_hmac( 'sha256', 'users-to-contacts-confirm-email|' . $user_id . '|' . $email . '|' . $expires, wp_salt( 'auth' ) );
	}

	/**
	 * The transient that holds when an address last got a message.
	 *
	 * @param string $email The address, normalised.
	 */
	private static function rate_key( string $email ): string {
		return 'utc_confirm_' . md5( $email );
	}
}
