<?php
/**
 * The one email rule of every write path.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Database\ContactsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * An address is valid when, trimmed and in lower case (ContactsRepository::normalize_email()),
 * it has at most EMAIL_MAX_LENGTH characters, no control character, and WordPress's is_email()
 * accepts it. The engine applies the same rule (src/engine/email.ts), so it never sends an
 * address PHP refuses; tests/integration/email-rule.test.ts holds the two together (R1, R8 in
 * docs/behaviours.md).
 *
 * Control characters are refused outright because is_email() lets a line break before the @
 * through (PHP's `$` matches before a final line break).
 */
final class EmailAddress {

	/**
	 * The normalised address when it is valid, else null.
	 *
	 * @param string $raw The address as sent.
	 */
	public static function valid( string $raw ): ?string {
		$email = ContactsRepository::normalize_email( $raw );
		if ( '' === $email || strlen( $email ) > ContactsRepository::EMAIL_MAX_LENGTH || preg_match( '/[\x00-\x1f\x7f]/', $email ) ) {
			return null;
		}
		return false === is_email( $email ) ? null : $email;
	}

	/**
	 * Why an address is refused, for a person (naming where it was sent), or null when valid.
	 *
	 * @param string $raw   The address as sent.
	 * @param string $field Where it was sent, such as `email` or `contact.email`.
	 */
	public static function refusal( string $raw, string $field ): ?string {
		if ( null !== self::valid( $raw ) ) {
			return null;
		}
		if ( strlen( ContactsRepository::normalize_email( $raw ) ) > ContactsRepository::EMAIL_MAX_LENGTH ) {
			/* translators: 1: field name, 2: maximum length. */
			return sprintf( __( '%1$s is too long: an email address has at most %2$d characters.', 'users-to-contacts' ), $field, ContactsRepository::EMAIL_MAX_LENGTH );
		}
		/* translators: 1: the address as sent, 2: field name. */
		return sprintf( __( '"%1$s" is not a valid email address (%2$s).', 'users-to-contacts' ), esc_html( mb_strimwidth( $raw, 0, 100, '…' ) ), $field );
	}
}
