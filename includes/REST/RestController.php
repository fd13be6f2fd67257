<?php
/**
 * What every Users to Contacts REST controller shares.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Database\Database;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The plugin's route namespace, the "may manage contacts" check, the database-error answer and
 * the paging headers, once, so every controller refuses, fails and pages the same way.
 */
abstract class RestController extends WP_REST_Controller {

	/**
	 * Whether this controller's "Invalid parameter(s)" errors spell out each parameter's
	 * problem in the message (see explain_invalid_params()).
	 */
	protected const EXPLAINS_INVALID_PARAMS = false;

	/**
	 * Sets the namespace all the plugin's routes live under.
	 */
	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
	}

	/**
	 * The permission callback of every admin route: users with `manage_contacts` only.
	 *
	 * @param WP_REST_Request $request The request (unused: the answer depends on the user only).
	 * @return true|WP_Error True, or 401 (not logged in) / 403.
	 */
	public function manage_contacts_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * The answer when the database failed (it was rolled back, so nothing changed).
	 */
	protected function database_error(): WP_Error {
		return Database::error();
	}

	/**
	 * A page of a list, with X-WP-Total and X-WP-TotalPages as WordPress's own lists send them.
	 *
	 * @param list<mixed> $items    The page, as the API shows it.
	 * @param int         $total    How many match in all.
	 * @param int         $per_page Page size.
	 */
	protected function page_response( array $items, int $total, int $per_page ): WP_REST_Response {
		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / max( 1, $per_page ) ) );
		return $response;
	}

	/**
	 * The 201 answering a create, with the new item's Location.
	 *
	 * @param array<string, mixed> $data The new item, as the API shows it.
	 * @param int                  $id   Its id in the route `/{rest_base}/{id}`.
	 */
	protected function created_response( array $data, int $id ): WP_REST_Response {
		$response = rest_ensure_response( $data );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $id ) ) );
		return $response;
	}

	/**
	 * Makes WordPress's "Invalid parameter(s): email" say what is wrong with each parameter,
	 * so a person reading only the message (the admin screens show just that) can fix it.
	 *
	 * Only for the controllers that set EXPLAINS_INVALID_PARAMS; the error's code and data are
	 * kept. Hooked on `rest_request_before_callbacks` by those controllers.
	 *
	 * @param mixed                $response What WordPress will answer so far.
	 * @param array<string, mixed> $handler  The matched route handler.
	 * @param WP_REST_Request      $request  The request (unused).
	 * @return mixed
	 */
	public static function explain_invalid_params( $response, $handler, $request ) {
		if ( ! is_wp_error( $response ) || 'rest_invalid_param' !== $response->get_error_code() ) {
			return $response;
		}
		$callback = $handler['callback'] ?? null;
		$owner    = is_array( $callback ) ? ( $callback[0] ?? null ) : null;
		if ( ! ( $owner instanceof self && $owner::EXPLAINS_INVALID_PARAMS ) ) {
			return $response;
		}
		$data    = $response->get_error_data();
		$details = is_array( $data ) && is_array( $data['params'] ?? null ) ? array_values( $data['params'] ) : array();
		if ( ! $details ) {
			return $response;
		}
		return new WP_Error(
			'rest_invalid_param',
			$response->get_error_message() . '. ' . implode( ' ', array_map( 'strval', $details ) ),
			$data
		);
	}
}
