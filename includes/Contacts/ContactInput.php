<?php
/**
 * From a REST request to the columns and emails of a contact.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\REST\RequestBody;
use UsersToContacts\Support\Dates;
use WP_Error;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Checks what WordPress's schema validation does not (each message names the field and says
 * how to fix it) and turns a validated request into what ContactsRepository writes.
 */
final class ContactInput {

	/**
	 * The columns that name a contact; one of them or an email must be set.
	 */
	private const NAME_COLUMNS = array( 'display_name', 'first_name', 'middle_name', 'last_name', 'nickname', 'organization_name' );

	/**
	 * The filters of GET /contacts, as ContactsRepository::query() takes them.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array<string, mixed>
	 */
	public static function list_args( WP_REST_Request $request ): array {
		$args = array(
			'search'   => $request['search'],
			'type'     => $request['type'],
			'linked'   => $request['linked'],
			'run'      => $request['run'],
			'orderby'  => $request['orderby'],
			'order'    => $request['order'],
			'page'     => (int) $request['page'],
			'per_page' => (int) $request['per_page'],
		);
		foreach ( array( 'created_after', 'created_before', 'modified_after', 'modified_before' ) as $key ) {
			if ( null !== $request[ $key ] ) {
				$args[ $key ] = self::date_bound( (string) $request[ $key ], str_ends_with( $key, '_before' ) );
			}
		}
		return $args;
	}

	/**
	 * Refuses body fields that are not writable fields of a contact (additionalProperties:
	 * false for the request as a whole; WordPress itself ignores unknown parameters).
	 *
	 * @param WP_REST_Request      $request The request.
	 * @param array<string, mixed> $schema  The contact schema.
	 * @return true|WP_Error
	 */
	public static function check_body( WP_REST_Request $request, array $schema ) {
		$body = RequestBody::fields( $request, __( 'The request body must be a JSON object of contact fields.', 'users-to-contacts' ) );
		if ( is_wp_error( $body ) ) {
			return $body;
		}
		$properties = $schema['properties'];
		$unknown    = array();
		$read_only  = array();
		$nulls      = array();
		foreach ( $body as $key => $value ) {
			if ( ! isset( $properties[ $key ] ) ) {
				$unknown[] = (string) $key;
			} elseif ( ! empty( $properties[ $key ]['readonly'] ) ) {
				$read_only[] = (string) $key;
			} elseif ( null === $value && 'birth_date' !== $key ) {
				// WordPress skips validating nulls and would then sanitise them into ''.
				$nulls[] = (string) $key;
			}
		}
		if ( $unknown ) {
			/* translators: %s: comma-separated field names. */
			return RequestBody::refusal( 'users_to_contacts_unknown_field', sprintf( __( 'A contact has no field named %s.', 'users-to-contacts' ), esc_html( implode( ', ', $unknown ) ) ), $unknown );
		}
		if ( $read_only ) {
			/* translators: %s: comma-separated field names. */
			return RequestBody::refusal( 'users_to_contacts_read_only_field', sprintf( __( 'These contact fields are read-only and cannot be written: %s.', 'users-to-contacts' ), implode( ', ', $read_only ) ), $read_only );
		}
		if ( $nulls ) {
			/* translators: %s: comma-separated field names. */
			return RequestBody::refusal( 'users_to_contacts_null_field', sprintf( __( 'These contact fields cannot be null: %s. Send an empty string to clear a text field, or "emails": [] to remove all emails.', 'users-to-contacts' ), implode( ', ', $nulls ) ), $nulls );
		}
		return true;
	}

	/**
	 * The columns a write sets, from the request's (validated, sanitised) fields, through the
	 * rules every write path shares (ContactRules: sanitising can lengthen a value, a lone `<`
	 * becomes `&lt;`, so lengths are checked again against the columns).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array<string, mixed>|WP_Error
	 */
	public static function fields( WP_REST_Request $request ) {
		$fields = array();
		foreach ( array_merge( array( 'type' ), array_keys( ContactsRepository::TEXT_COLUMNS ) ) as $column ) {
			if ( isset( $request[ $column ] ) ) {
				$fields[ $column ] = (string) $request[ $column ];
			}
		}
		if ( $request->has_param( 'birth_date' ) ) {
			$fields['birth_date'] = $request['birth_date'];
		}
		return ContactRules::clean( $fields );
	}

	/**
	 * Whether the request changes the contact's emails (`emails`, `email` or both).
	 *
	 * @param WP_REST_Request $request The request.
	 */
	public static function sends_emails( WP_REST_Request $request ): bool {
		return isset( $request['emails'] ) || isset( $request['email'] );
	}

	/**
	 * The emails a write leaves the contact with: `emails` (when sent) replaces $current, then
	 * `email` (when sent) becomes the primary.
	 *
	 * @param WP_REST_Request                           $request The request.
	 * @param list<array{email: string, primary: bool}> $current The contact's emails now.
	 * @return list<array{email: string, primary: bool}>
	 */
	public static function emails( WP_REST_Request $request, array $current ): array {
		$emails = isset( $request['emails'] ) ? (array) $request['emails'] : $current;
		if ( isset( $request['email'] ) ) {
			$emails = EmailList::with_primary( $emails, (string) $request['email'] );
		}
		return $emails;
	}

	/**
	 * Null when a contact has something to be known by (a name or an email), else the 400.
	 *
	 * @param array<string, mixed>                      $fields Its columns.
	 * @param list<array{email: string, primary: bool}> $emails Its emails.
	 */
	public static function refuse_nameless( array $fields, array $emails ): ?WP_Error {
		if ( $emails ) {
			return null;
		}
		foreach ( self::NAME_COLUMNS as $column ) {
			if ( '' !== trim( (string) ( $fields[ $column ] ?? '' ) ) ) {
				return null;
			}
		}
		return new WP_Error(
			'users_to_contacts_contact_empty',
			__( 'A contact needs a name (first, last, display, nickname or organization name) or an email address.', 'users-to-contacts' ),
			array( 'status' => 400 )
		);
	}

	/**
	 * Validates `email`: one address, checked after trimming, named in the error.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_email( $value, $request, $param ) {
		if ( ! is_string( $value ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_email',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be an email address (a string); send "emails": [] to remove all emails.', 'users-to-contacts' ), $param )
			);
		}
		return self::check_email( $value, $param );
	}

	/**
	 * Normalises `email` (trimmed, lower case).
	 *
	 * @param mixed $value A validated address.
	 */
	public static function sanitize_email( $value ): string {
		return ContactsRepository::normalize_email( (string) $value );
	}

	/**
	 * Validates `emails`: the shape, every address (named when invalid), no address twice
	 * (compared trimmed and case-insensitively) and exactly one primary when not empty.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_emails( $value, $request, $param ) {
		if ( ! is_array( $value ) ) {
			// WordPress would read a string as a comma-separated list; say what is expected.
			return new WP_Error(
				'users_to_contacts_invalid_emails',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be a list of objects such as { "email": "ada@example.com", "primary": true }.', 'users-to-contacts' ), $param )
			);
		}
		// Name a bad address before the generic checks would call it just "Invalid email address".
		foreach ( $value as $index => $item ) {
			if ( is_array( $item ) && isset( $item['email'] ) && is_string( $item['email'] ) ) {
				$valid = self::check_email( $item['email'], "{$param}[{$index}][email]" );
				if ( is_wp_error( $valid ) ) {
					return $valid;
				}
				$value[ $index ]['email'] = ContactsRepository::normalize_email( $item['email'] );
			}
		}
		$valid = rest_validate_value_from_schema( $value, ContactSchema::emails_property(), $param );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$seen      = array();
		$primaries = 0;
		foreach ( $value as $item ) {
			$email = $item['email'];
			if ( isset( $seen[ $email ] ) ) {
				return new WP_Error(
					'users_to_contacts_duplicate_email',
					/* translators: %s: an email address. */
					sprintf( __( '%s appears more than once in emails (addresses are compared without regard to case).', 'users-to-contacts' ), esc_html( $email ) )
				);
			}
			$seen[ $email ] = true;
			if ( rest_sanitize_boolean( $item['primary'] ?? false ) ) {
				++$primaries;
			}
		}
		if ( $seen && 1 !== $primaries ) {
			return new WP_Error(
				'users_to_contacts_primary_email',
				/* translators: %d: how many emails are marked primary. */
				sprintf( __( 'Exactly one of the emails must be primary; %d are marked primary.', 'users-to-contacts' ), $primaries )
			);
		}
		return true;
	}

	/**
	 * Normalises `emails` into `array{ email, primary }` items, the primary first.
	 *
	 * @param mixed $value A validated list.
	 * @return list<array{email: string, primary: bool}>
	 */
	public static function sanitize_emails( $value ): array {
		$emails = array();
		foreach ( (array) $value as $item ) {
			$emails[] = array(
				'email'   => ContactsRepository::normalize_email( (string) $item['email'] ),
				'primary' => rest_sanitize_boolean( $item['primary'] ?? false ),
			);
		}
		usort( $emails, static fn ( array $a, array $b ): int => (int) $b['primary'] - (int) $a['primary'] );
		return $emails;
	}

	/**
	 * Validates `birth_date`: null, or a real calendar date as YYYY-MM-DD.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_birth_date( $value, $request, $param ) {
		if ( null === $value ) {
			return true;
		}
		$parts = is_string( $value ) && preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $match ) ? $match : null;
		if ( null === $parts || ! checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_date',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be a date written as YYYY-MM-DD (such as 1990-12-31), or null.', 'users-to-contacts' ), $param )
			);
		}
		return true;
	}

	/**
	 * Validates a date filter: an ISO 8601 date and time, or a calendar day (YYYY-MM-DD, a day
	 * of the site's time zone), named in the error.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_date_bound( $value, $request, $param ) {
		if ( is_string( $value ) && ( false !== rest_parse_date( $value ) || null !== self::day( $value ) ) ) {
			return true;
		}
		return new WP_Error(
			'users_to_contacts_invalid_date',
			/* translators: %s: parameter name. */
			sprintf( __( '%s must be an ISO 8601 date and time, such as 2026-11-22T04:26:34Z, or a day, such as 2026-11-22.', 'users-to-contacts' ), $param )
		);
	}

	/**
	 * A date filter as a stored UTC time: a date and time as it is; a day from its start (the
	 * `_after` bounds) or up to its end (the `_before` bounds) in the site's time zone, so the
	 * list's "created from … to …" takes in whole days as the admin sees them.
	 *
	 * @param string $value      A validated bound.
	 * @param bool   $end_of_day Whether a day stands for its last second.
	 */
	private static function date_bound( string $value, bool $end_of_day ): ?string {
		$day = self::day( $value );
		if ( null === $day ) {
			return Dates::from_iso( $value );
		}
		return get_gmt_from_date( $day . ( $end_of_day ? ' 23:59:59' : ' 00:00:00' ) );
	}

	/**
	 * The value when it is a real calendar day written YYYY-MM-DD, else null.
	 *
	 * @param string $value The value sent.
	 */
	private static function day( string $value ): ?string {
		return preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $parts ) && checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ? $value : null;
	}

	/**
	 * Validates `website`: empty, or a web address starting with http:// or https://.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_website( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$refusal = ContactRules::website_refusal( (string) $value, $param );
		return null === $refusal ? true : new WP_Error( 'users_to_contacts_invalid_website', $refusal );
	}

	/**
	 * Checks one address after trimming.
	 *
	 * @param string $value The address as sent.
	 * @param string $param Where it was sent, for the message.
	 * @return true|WP_Error
	 */
	private static function check_email( string $value, string $param ) {
		$refusal = EmailAddress::refusal( $value, $param );
		return null === $refusal ? true : new WP_Error( 'users_to_contacts_invalid_email', $refusal );
	}
}
