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
	 * A 400 naming the first body field the schema does not accept (unknown or read-only), or
	 * null when all are accepted.
	 *
	 * @param WP_REST_Request      $request The request.
	 * @param array<string, mixed> $schema  The item schema (its `properties`).
	 * @param list<string>         $also    Other accepted names (route parameters such as `id`).
	 */
	public static function unknown_fields( WP_REST_Request $request, array $schema, array $also = array( 'id' ) ): ?WP_Error {
		$body     = $request->get_json_params() ?? array();
		$body     = array_merge( is_array( $body ) ? $body : array(), $request->get_body_params() );
		$writable = array();
		foreach ( (array) ( $schema['properties'] ?? array() ) as $name => $property ) {
			if ( empty( $property['readonly'] ) ) {
				$writable[] = (string) $name;
			}
		}
		$allowed = array_merge( $writable, $also, array( '_locale', '_wpnonce', '_method' ) );
		foreach ( array_keys( $body ) as $name ) {
			if ( ! in_array( (string) $name, $allowed, true ) ) {
				return new WP_Error(
					'users_to_contacts_unknown_field',
					sprintf(
						/* translators: 1: a field name, 2: the list of accepted fields. */
						__( '"%1$s" is not a field here. Accepted fields: %2$s.', 'users-to-contacts' ),
						(string) $name,
						implode( ', ', $writable )
					),
					array(
						'status' => 400,
						'field'  => (string) $name,
					)
				);
			}
		}
		return null;
	}
}
