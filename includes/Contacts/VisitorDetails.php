<?php
/**
 * The My details form's rules: which fields a visitor sees, which follow their account, and
 * what a visitor may send.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Settings;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A visitor edits their own contact through /me. The admin chooses the fields shown
 * (`visitor_fields`); fields the visitor's account owns (the user is the link's source: the
 * email, and in "Field mapping" mode the mapped fields) follow the account and are not taken
 * from the form, since the next sync would overwrite them. Refusals name the field in words.
 */
final class VisitorDetails {

	/**
	 * Every field My details can show, in the form's order.
	 */
	public const FIELDS = array( 'first_name', 'last_name', 'email', 'phone', 'street_address', 'city', 'postal_code', 'country' );

	/**
	 * The fields that are contact text columns (the email is stored apart).
	 */
	public const TEXT_FIELDS = array( 'first_name', 'last_name', 'phone', 'street_address', 'city', 'postal_code', 'country' );

	/**
	 * The fields' labels, as the form shows them.
	 *
	 * @return array<string, string>
	 */
	public static function labels(): array {
		return array(
			'first_name'     => __( 'First name', 'users-to-contacts' ),
			'last_name'      => __( 'Last name', 'users-to-contacts' ),
			'email'          => __( 'Email', 'users-to-contacts' ),
			'phone'          => __( 'Phone', 'users-to-contacts' ),
			'street_address' => __( 'Street address', 'users-to-contacts' ),
			'city'           => __( 'City', 'users-to-contacts' ),
			'postal_code'    => __( 'Postal code', 'users-to-contacts' ),
			'country'        => __( 'Country', 'users-to-contacts' ),
		);
	}

	/**
	 * The longest value of each field, in characters.
	 *
	 * @param string $field One of FIELDS.
	 */
	public static function max_length( string $field ): int {
		return 'email' === $field ? ContactsRepository::EMAIL_MAX_LENGTH : ContactsRepository::TEXT_COLUMNS[ $field ];
	}

	/**
	 * The fields the admin shows visitors, in the form's order.
	 *
	 * @return list<string>
	 */
	public static function shown(): array {
		$chosen = (array) Settings::get()['visitor_fields'];
		return array_values( array_filter( self::FIELDS, static fn( string $field ): bool => in_array( $field, $chosen, true ) ) );
	}

	/**
	 * The fields kept in step with the visitor's account while sync is on, whichever side
	 * leads: the email, and in "Field mapping" mode the mapped contact fields. Not linked yet:
	 * as the link the engine will make (sync on).
	 *
	 * @param array<string, mixed>|null $link The visitor's link record, or null.
	 * @return list<string>
	 */
	public static function synced_fields( ?array $link ): array {
		if ( null !== $link && ! $link['sync_enabled'] ) {
			return array();
		}
		$settings = Settings::get();
		$synced   = array( 'email' );
		if ( 'mapped' === $settings['sync_mode'] ) {
			foreach ( (array) $settings['field_map'] as $pair ) {
				$synced[] = (string) $pair['contact_field'];
			}
		}
		return array_values( array_intersect( self::FIELDS, $synced ) );
	}

	/**
	 * The fields that follow the visitor's account: the synced fields while the user is the
	 * source (and before the link is made, whose source is the user). The contact the source
	 * (B9): none; the form's changes reach the account instead.
	 *
	 * @param array<string, mixed>|null $link The visitor's link record, or null.
	 * @return list<string>
	 */
	public static function account_fields( ?array $link ): array {
		return null === $link || 'user' === $link['source'] ? self::synced_fields( $link ) : array();
	}

	/**
	 * Checks what a visitor sent against what they see now. Returns the text fields to store
	 * and the new primary email (null: unchanged), or the first refusal (400, naming the field).
	 *
	 * @param array<string, string> $sent     Fields sent (strings; the schema checked types).
	 * @param array<string, mixed>  $current  What /me shows now (the fields and `email`).
	 * @param list<string>          $shown    Fields shown to visitors.
	 * @param list<string>          $account  Fields that follow the account.
	 * @return array{fields: array<string, string>, email: string|null}|WP_Error
	 */
	public static function check( array $sent, array $current, array $shown, array $account ) {
		$labels = self::labels();
		$fields = array();
		$email  = null;
		foreach ( $sent as $field => $value ) {
			$label = $labels[ $field ];
			if ( ! in_array( $field, $shown, true ) ) {
				/* translators: %s: a field's label, such as Phone. */
				return self::refusal( $field, 'users_to_contacts_field_not_shown', sprintf( __( '%s is not part of this form.', 'users-to-contacts' ), $label ) );
			}
			if ( in_array( $field, $account, true ) ) {
				if ( self::same( $field, $value, (string) $current[ $field ] ) ) {
					continue;
				}
				/* translators: %s: a field's label, such as Email. */
				return self::refusal( $field, 'users_to_contacts_field_follows_account', sprintf( __( '%s follows your account: change it in your profile.', 'users-to-contacts' ), $label ) );
			}
			if ( mb_strlen( trim( $value ) ) > self::max_length( $field ) ) {
				/* translators: 1: a field's label, such as City, 2: the maximum number of characters. */
				return self::refusal( $field, ContactRules::TOO_LONG, sprintf( __( '%1$s is too long: use at most %2$d characters.', 'users-to-contacts' ), $label, self::max_length( $field ) ) );
			}
			if ( preg_match( '/<[a-zA-Z\/!?]/', $value ) ) {
				// Refused rather than stripped (R8): the visitor sees why, and nothing is cut silently.
				/* translators: %s: a field's label, such as First name. */
				return self::refusal( $field, 'users_to_contacts_markup', sprintf( __( '%s cannot contain HTML tags such as <b>. Please remove the < and > characters.', 'users-to-contacts' ), $label ) );
			}
			if ( 'email' === $field ) {
				$email = EmailAddress::valid( $value );
				if ( null === $email ) {
					/* translators: %s: the field's label, Email. */
					return self::refusal( $field, 'users_to_contacts_invalid_email', sprintf( __( '%s must be a valid email address, such as name@example.com.', 'users-to-contacts' ), $label ) );
				}
				$email = self::same( 'email', $email, (string) $current['email'] ) ? null : $email;
				continue;
			}
			$fields[ $field ] = $value;
		}
		$clean = ContactRules::clean( $fields );
		if ( is_wp_error( $clean ) ) {
			// The shared rule's words name the field by its key: name it by its label instead.
			$field   = (string) ( $clean->get_error_data()['field'] ?? '' );
			$message = $clean->get_error_message();
			if ( isset( $labels[ $field ] ) && str_starts_with( $message, $field ) ) {
				$message = $labels[ $field ] . substr( $message, strlen( $field ) );
			}
			return self::refusal( $field, (string) $clean->get_error_code(), $message );
		}
		return array(
			'fields' => $clean,
			'email'  => $email,
		);
	}

	/**
	 * Whether two values of a field are the same (an email in any letter case, R1).
	 *
	 * @param string $field   The field.
	 * @param string $sent    What was sent.
	 * @param string $current What is stored.
	 */
	private static function same( string $field, string $sent, string $current ): bool {
		return 'email' === $field
			? ContactsRepository::normalize_email( $sent ) === ContactsRepository::normalize_email( $current )
			: trim( $sent ) === trim( $current );
	}

	/**
	 * A 400 naming the field, so the form puts the message next to it.
	 *
	 * @param string $field   The field.
	 * @param string $code    The error code.
	 * @param string $message The message, in words.
	 */
	private static function refusal( string $field, string $code, string $message ): WP_Error {
		return new WP_Error(
			$code,
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
