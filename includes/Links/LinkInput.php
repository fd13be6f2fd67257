<?php
/**
 * From a REST request to a link's fields.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Links;

use UsersToContacts\REST\RequestBody;
use WP_Error;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Refuses what /links cannot take (WordPress drops unknown fields and skips validating nulls)
 * and reads what it can.
 */
final class LinkInput {

	/**
	 * The filters of GET /links, as LinksRepository::query() takes them.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array<string, mixed>
	 */
	public static function list_args( WP_REST_Request $request ): array {
		return array(
			'user_id'      => $request['user_id'],
			'contact_id'   => $request['contact_id'],
			'include'      => $request['include'],
			'source'       => $request['source'],
			'sync_enabled' => $request['sync_enabled'],
			'page'         => (int) $request['page'],
			'per_page'     => (int) $request['per_page'],
		);
	}

	/**
	 * Refuses body fields outside $writable (unknown, read-only, or not changeable here), and
	 * nulls.
	 *
	 * @param WP_REST_Request $request  The request.
	 * @param list<string>    $writable Accepted field names.
	 * @return true|WP_Error
	 */
	public static function check_body( WP_REST_Request $request, array $writable ) {
		$body = RequestBody::fields( $request, __( 'The request body must be a JSON object of link fields.', 'users-to-contacts' ) );
		if ( is_wp_error( $body ) ) {
			return $body;
		}
		$refused = array();
		$nulls   = array();
		foreach ( $body as $key => $value ) {
			if ( ! in_array( $key, $writable, true ) ) {
				$refused[] = (string) $key;
			} elseif ( null === $value ) {
				$nulls[] = (string) $key;
			}
		}
		if ( $refused ) {
			$message = sprintf(
				/* translators: 1: refused field names, 2: accepted field names. */
				__( 'These fields cannot be written here: %1$s. Accepted fields: %2$s. To link a user to another contact, delete the link and create a new one.', 'users-to-contacts' ),
				esc_html( implode( ', ', $refused ) ),
				implode( ', ', $writable )
			);
			return RequestBody::refusal( 'users_to_contacts_unknown_field', $message, $refused );
		}
		if ( $nulls ) {
			/* translators: %s: comma-separated field names. */
			return RequestBody::refusal( 'users_to_contacts_null_field', sprintf( __( 'These link fields cannot be null: %s.', 'users-to-contacts' ), implode( ', ', $nulls ) ), $nulls );
		}
		return true;
	}

	/**
	 * The changes PUT/PATCH asks for: `sync_enabled` and `source`, when sent.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array{sync_enabled?: bool, source?: string}
	 */
	public static function changes( WP_REST_Request $request ): array {
		$changes = array();
		if ( isset( $request['sync_enabled'] ) ) {
			$changes['sync_enabled'] = (bool) $request['sync_enabled'];
		}
		if ( isset( $request['source'] ) ) {
			$changes['source'] = (string) $request['source'];
		}
		return $changes;
	}
}
