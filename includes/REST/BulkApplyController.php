<?php
/**
 * POST /bulk/apply: one batch of engine operations.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Operations\BatchApplier;
use UsersToContacts\Operations\OperationSchema;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * POST /bulk/apply (needs manage_contacts): a batch of operations, applied in one transaction
 * by Operations\BatchApplier. Its schema is Operations\OperationSchema's, served as is (OPTIONS
 * on the route shows it, with the fields of each kind under `kinds`).
 */
final class BulkApplyController extends RestController {

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'bulk/apply';
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => rest_get_endpoint_args_for_schema( $this->get_item_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_item_schema' ),
			)
		);
	}

	/**
	 * Applies the batch: 200 with a result per operation, 400 naming an invalid operation (nothing
	 * applied), 409 when the run finished, 503 when the database failed (nothing applied).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_item_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$answer = ( new BatchApplier() )->apply(
			array_values( (array) $request['operations'] ),
			null === $request['run_id'] ? null : (int) $request['run_id'],
			null === $request['cursor'] ? null : (int) $request['cursor']
		);
		return $answer instanceof WP_Error ? $answer : rest_ensure_response( $answer );
	}

	/**
	 * The schema of the route (OperationSchema::apply_schema()).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return OperationSchema::apply_schema();
	}
}
