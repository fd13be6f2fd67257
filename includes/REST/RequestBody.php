<?php
/**
 * Checks of a request body that WordPress's per-argument validation does not make.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use WP_Error;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * WordPress validates each known argument but silently drops unknown ones; a typo in a field
 * name would then "succeed" and change nothing. This refuses it instead.
 */
final class RequestBody {

	/**
	 * Names WordPress itself may add to a body (api-fetch's locale, a nonce, a method override).
	 */
	public const TRANSPORT_FIELDS = array( '_locale', '_wpnonce', '_method' );

	/**
	 * The body's fields as an object, without the transport fields; a 400 with $message when
	 * the body is not a JSON object (or a form).
	 *
	 * @param WP_REST_Request $request The request.
	 * @param string          $message What the body must be, for the error.
	 * @return array<string, mixed>|WP_Error
	 */
	public static function fields( WP_REST_Request $request, string $message ) {
		$body = $request->get_json_params();
		if ( null === $body ) {
			$body = $request->get_body_params();
		}
		if ( ! is_array( $body ) || ( $body && array_is_list( $body ) ) ) {
			return new WP_Error( 'users_to_contacts_invalid_body', $message, array( 'status' => 400 ) );
		}
		return array_diff_key( $body, array_flip( self::TRANSPORT_FIELDS ) );
	}

	/**
	 * The 400 refusing some body fields, which it names in `params`.
	 *
	 * @param string       $code    Error code.
	 * @param string       $message What is wrong and how to fix it.
	 * @param list<string> $fields  The refused field names.
	 */
	public static function refusal( string $code, string $message, array $fields ): WP_Error {
		return new WP_Error(
			$code,
			$message,
			array(
				'status' => 400,
				'params' => $fields,
			)
		);
	}

	/**
	 * A 400 naming the body fields the schema does not accept (unknown or read-only), or null
	 * when all are accepted.
	 *
	 * @param WP_REST_Request      $request The request.
	 * @param array<string, mixed> $schema  The route's schema (its `properties`).
	 * @param list<string>         $also    Other accepted names (route parameters such as `id`).
	 */
	public static function unknown_fields( WP_REST_Request $request, array $schema, array $also = array( 'id' ) ): ?WP_Error {
		$body = $request->get_json_params();
		if ( ! is_array( $body ) ) {
			$body = $request->get_body_params();
		}
		$writable = array();
		foreach ( (array) ( $schema['properties'] ?? array() ) as $name => $property ) {
			if ( empty( $property['readonly'] ) ) {
				$writable[] = (string) $name;
			}
		}
		$unknown = array_diff( array_map( 'strval', array_keys( $body ) ), $writable, $also, self::TRANSPORT_FIELDS );
		if ( ! $unknown ) {
			return null;
		}
		return self::refusal(
			'users_to_contacts_unknown_field',
			sprintf(
				/* translators: 1: unknown field names, 2: the fields the route accepts. */
				__( 'Unknown field: %1$s. This route accepts: %2$s.', 'users-to-contacts' ),
				esc_html( implode( ', ', $unknown ) ),
				implode( ', ', $writable )
			),
			array_values( $unknown )
		);
	}
}
