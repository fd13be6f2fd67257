<?php
/**
 * The one validation and sanitisation of contact fields, for every write path.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Database\ContactsRepository;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * /contacts, /me, /bulk/apply (and the signup, when it comes) write contact fields through
 * clean(): the same checks, the same cleaning, the same refusals (R8 in docs/behaviours.md).
 *
 * - text fields lose their markup (sanitize_text_field(); notes keep their line breaks,
 *   sanitize_textarea_field()), as WordPress cleans a user's own fields;
 * - a website is empty or an http(s) address (esc_url_raw());
 * - a type is one of ContactsRepository::TYPES; a birth date a real YYYY-MM-DD date or null;
 * - nothing is cut: a value longer than its column once cleaned (cleaning can lengthen it: a
 *   lone `<` becomes `&lt;`) is refused, naming the field. Lengths are in characters, notes in
 *   bytes (a TEXT column holds 65,535 bytes).
 */
final class ContactRules {

	/**
	 * The error codes of a refusal: a value too long, anything else.
	 */
	public const TOO_LONG = 'users_to_contacts_too_long';
	public const INVALID  = 'users_to_contacts_invalid_field';

	/**
	 * The fields cleaned, or the refusal of the first bad one (400, its name in `data.field`).
	 *
	 * @param array<string, mixed> $fields Contact fields by column name, as sent.
	 * @param string               $prefix How messages name a field: '' (`phone`), or where it
	 *                                     was sent (`contact.` gives `contact.phone`).
	 * @return array<string, string|null>|WP_Error
	 */
	public static function clean( array $fields, string $prefix = '' ) {
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$code    = null;
			$name    = (string) $name;
			$label   = $prefix . $name;
			$refusal = null;
			if ( 'type' === $name ) {
				$refusal = in_array( $value, ContactsRepository::TYPES, true ) ? null
					/* translators: 1: field name, 2: the accepted types. */
					: sprintf( __( '%1$s must be one of %2$s.', 'users-to-contacts' ), $label, implode( ', ', ContactsRepository::TYPES ) );
				$value   = (string) ( is_string( $value ) ? $value : '' );
			} elseif ( 'birth_date' === $name ) {
				$value   = null === $value || '' === $value ? null : $value;
				$refusal = null === $value || self::is_date( $value ) ? null
					/* translators: %s: field name. */
					: sprintf( __( '%s must be a date written as YYYY-MM-DD (such as 1990-12-31), or null.', 'users-to-contacts' ), $label );
			} elseif ( ! isset( ContactsRepository::TEXT_COLUMNS[ $name ] ) ) {
				/* translators: %s: field name. */
				$refusal = sprintf( __( '%s is not a contact field.', 'users-to-contacts' ), $label );
			} elseif ( ! is_string( $value ) ) {
				/* translators: %s: field name. */
				$refusal = sprintf( __( '%s must be a string.', 'users-to-contacts' ), $label );
			} else {
				list( $value, $refusal, $code ) = self::clean_text( $name, $value, $label );
			}
			if ( null !== $refusal ) {
				return new WP_Error(
					$code ?? self::INVALID,
					$refusal,
					array(
						'status' => 400,
						'field'  => $label,
					)
				);
			}
			$clean[ $name ] = $value;
		}
		return $clean;
	}

	/**
	 * Why a website is refused, or null: empty, or a web address with a host.
	 *
	 * @param string $value The address as sent.
	 * @param string $label How the message names the field.
	 */
	public static function website_refusal( string $value, string $label ): ?string {
		$value = trim( $value );
		if ( '' === $value ) {
			return null;
		}
		$parts = wp_parse_url( $value );
		if ( is_array( $parts ) && in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true ) && ! empty( $parts['host'] ) ) {
			return null;
		}
		/* translators: %s: field name. */
		return sprintf( __( '%s must be a web address starting with http:// or https://.', 'users-to-contacts' ), $label );
	}

	/**
	 * One text column cleaned, with the reason it is refused (or null).
	 *
	 * @param string $name  The column.
	 * @param string $value The value as sent.
	 * @param string $label How the message names the field.
	 * @return array{0: string, 1: string|null, 2: string|null} The value, the refusal, its code
	 *                                                          when it is not INVALID.
	 */
	private static function clean_text( string $name, string $value, string $label ): array {
		if ( 'website' === $name ) {
			$refusal = self::website_refusal( $value, $label );
			if ( null !== $refusal ) {
				return array( $value, $refusal, null );
			}
			$value = '' === trim( $value ) ? '' : esc_url_raw( trim( $value ), array( 'http', 'https' ) );
			$clean = $value;
		} else {
			$clean = 'notes' === $name ? sanitize_textarea_field( $value ) : sanitize_text_field( $value );
		}
		$max    = ContactsRepository::TEXT_COLUMNS[ $name ];
		$bytes  = 'notes' === $name;
		$length = static fn( string $text ): int => $bytes ? strlen( $text ) : mb_strlen( $text );
		if ( $length( $value ) > $max ) {
			$refusal = $bytes
				/* translators: 1: field name, 2: maximum length in bytes. */
				? __( '%1$s must be at most %2$d bytes.', 'users-to-contacts' )
				/* translators: 1: field name, 2: maximum length in characters. */
				: __( '%1$s must be at most %2$d characters.', 'users-to-contacts' );
			return array( $clean, sprintf( $refusal, $label, $max ), self::TOO_LONG );
		}
		if ( $length( $clean ) > $max ) {
			$refusal = $bytes
				/* translators: 1: field name, 2: maximum length in bytes. */
				? __( '%1$s is too long once cleaned of markup: at most %2$d bytes.', 'users-to-contacts' )
				/* translators: 1: field name, 2: maximum length in characters. */
				: __( '%1$s is too long once cleaned of markup: at most %2$d characters.', 'users-to-contacts' );
			return array( $clean, sprintf( $refusal, $label, $max ), self::TOO_LONG );
		}
		return array( $clean, null, null );
	}

	/**
	 * Whether a value is a real calendar date written YYYY-MM-DD.
	 *
	 * @param mixed $value The value sent.
	 */
	private static function is_date( $value ): bool {
		return is_string( $value )
			&& preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $parts )
			&& checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] );
	}
}
