<?php
/**
 * Runs of the batch tools over REST: list, start, progress, pause/resume/finish, items.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Database\RunsRepository;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Routes (all need manage_contacts):
 * - GET   /runs                 newest first, paginated (X-WP-Total); filters kind, status;
 * - POST  /runs                 start {kind, dry_run?} → 201; 409 while one of that kind is in progress;
 * - GET   /runs/{id}            progress, counts and the summary sentence;
 * - PATCH /runs/{id}            {status?, cursor?} (POST and PUT too): running ↔ paused, → completed | cancelled | failed;
 * - GET   /runs/{id}/items      what happened to each user (filter outcome; X-WP-Total).
 * The engine runs the batch and records items through POST /bulk/apply with run_id.
 */
final class RunsController extends WP_REST_Controller {

	/**
	 * The runs.
	 */
	private RunsRepository $runs;

	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
		$this->rest_base = 'runs';
		$this->runs      = new RunsRepository();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$id = array(
			'id' => array(
				'description' => __( 'The run id.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'create_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)',
			array(
				'args'   => $id,
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)/items',
			array(
				'args'   => $id,
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_run_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_item_collection_params(),
				),
				'schema' => array( $this, 'get_run_item_schema' ),
			)
		);
	}

	/**
	 * Every route needs manage_contacts.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * GET /runs.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$per_page = (int) $request['per_page'];
		$result   = $this->runs->list(
			array(
				'kind'   => $request['kind'],
				'status' => $request['status'],
			),
			(int) $request['page'],
			$per_page
		);
		return $this->paged( $result, $per_page );
	}

	/**
	 * POST /runs.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		// Starting takes kind and dry_run; status and cursor only change later.
		$unknown = RequestBody::unknown_fields( $request, array( 'properties' => $this->get_endpoint_args_for_item_schema( WP_REST_Server::CREATABLE ) ) );
		if ( $unknown ) {
			return $unknown;
		}
		$kind    = (string) $request['kind'];
		$started = $this->runs->start( $kind, (bool) $request['dry_run'], get_current_user_id() );
		if ( null !== $started['in_progress'] ) {
			$running = $started['in_progress'];
			return new WP_Error(
				'users_to_contacts_run_in_progress',
				sprintf(
					/* translators: 1: run id, 2: its status (running or paused). */
					__( 'Run %1$d of this tool is still in progress (%2$s). Let it finish, or cancel it, before starting another.', 'users-to-contacts' ),
					(int) $running['id'],
					(string) $running['status']
				),
				array(
					'status' => 409,
					'run_id' => (int) $running['id'],
				)
			);
		}
		if ( null === $started['run'] ) {
			return new WP_Error(
				'users_to_contacts_run_busy',
				__( 'Another run of this tool is being started right now. Try again in a moment.', 'users-to-contacts' ),
				array( 'status' => 409 )
			);
		}
		$response = rest_ensure_response( $this->runs->to_item( $started['run'] ) );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, (int) $started['run']['id'] ) ) );
		return $response;
	}

	/**
	 * GET /runs/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$run = $this->runs->find( (int) $request['id'] );
		if ( null === $run ) {
			return $this->not_found( (int) $request['id'] );
		}
		return rest_ensure_response( $this->runs->to_item( $run ) );
	}

	/**
	 * PATCH /runs/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		// A run's kind and dry_run are fixed once it started.
		$unknown = RequestBody::unknown_fields( $request, array( 'properties' => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ) ) );
		if ( $unknown ) {
			return $unknown;
		}
		$id     = (int) $request['id'];
		$status = null === $request['status'] ? null : (string) $request['status'];
		$cursor = null === $request['cursor'] ? null : (int) $request['cursor'];
		$result = $this->runs->update( $id, $status, $cursor );
		if ( 'not_found' === $result['error'] || null === $result['run'] ) {
			return $this->not_found( $id );
		}
		$current = (string) $result['run']['status'];
		if ( 'finished' === $result['error'] ) {
			return new WP_Error(
				'users_to_contacts_run_finished',
				sprintf(
					/* translators: 1: run id, 2: its status (completed, cancelled or failed). */
					__( 'Run %1$d is %2$s: it can no longer change. Start a new run instead.', 'users-to-contacts' ),
					$id,
					$current
				),
				array(
					'status'     => 409,
					'run_status' => $current,
				)
			);
		}
		if ( 'transition' === $result['error'] ) {
			return new WP_Error(
				'users_to_contacts_invalid_transition',
				sprintf(
					/* translators: 1: run id, 2: its status, 3: the requested status. */
					__( 'Run %1$d is %2$s and cannot become %3$s.', 'users-to-contacts' ),
					$id,
					$current,
					(string) $status
				),
				array(
					'status'     => 409,
					'run_status' => $current,
				)
			);
		}
		return rest_ensure_response( $this->runs->to_item( $result['run'] ) );
	}

	/**
	 * GET /runs/{id}/items.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_run_items( $request ) {
		$id = (int) $request['id'];
		if ( null === $this->runs->find( $id ) ) {
			return $this->not_found( $id );
		}
		$per_page = (int) $request['per_page'];
		$result   = $this->runs->items( $id, $request['outcome'], (int) $request['page'], $per_page );
		return $this->paged( $result, $per_page );
	}

	/**
	 * A list response with X-WP-Total and X-WP-TotalPages.
	 *
	 * @param array{items: list<array<string, mixed>>, total: int} $result   The page and the total.
	 * @param int                                                  $per_page Page size.
	 */
	private function paged( array $result, int $per_page ): WP_REST_Response {
		$response = rest_ensure_response( $result['items'] );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $result['total'] / $per_page ) ) );
		return $response;
	}

	/**
	 * The 404 for a run that does not exist.
	 *
	 * @param int $id The run id asked for.
	 */
	private function not_found( int $id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_run_not_found',
			/* translators: %d: run id. */
			sprintf( __( 'There is no run %d.', 'users-to-contacts' ), $id ),
			array( 'status' => 404 )
		);
	}


	/**
	 * Query parameters of GET /runs.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'page'     => array(
				'description' => __( 'The page of results.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
				'maximum'     => 1000000,
			),
			'per_page' => array(
				'description' => __( 'Runs per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'kind'     => array(
				'description' => __( 'Only runs of this tool.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::KINDS,
			),
			'status'   => array(
				'description' => __( 'Only runs with this status.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::STATUSES,
			),
		);
	}

	/**
	 * Query parameters of GET /runs/{id}/items.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_item_collection_params(): array {
		return array(
			'page'     => array(
				'description' => __( 'The page of results.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
				'maximum'     => 10000000,
			),
			'per_page' => array(
				'description' => __( 'Items per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 50,
				'minimum'     => 1,
				'maximum'     => 1000,
			),
			'outcome'  => array(
				'description' => __( 'Only items with this outcome.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::OUTCOMES,
			),
		);
	}

	/**
	 * The run schema. kind and dry_run are set when it starts; status and cursor change later.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$count        = array(
			'type'    => 'integer',
			'minimum' => 0,
		);
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-run',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'id'         => array(
					'description' => __( 'The run id.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'kind'       => array(
					'description' => __( 'sync_users (Synchronize Users to Contacts) or resync_all (Update all synchronized users).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::KINDS,
					'required'    => true,
				),
				'status'     => array(
					'description' => __( 'running, paused, completed, cancelled or failed.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::STATUSES,
				),
				'dry_run'    => array(
					'description' => __( 'Report what would happen without changing anything.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'cursor'     => array(
					'description' => __( 'The last user id handled; the run resumes after it.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 0,
				),
				'total'      => array(
					'description' => __( 'Users on the site when the run started.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'counts'     => array(
					'description' => __( 'Users checked, and how many were matched, created, skipped and updated.', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'checked' => $count,
						'matched' => $count,
						'created' => $count,
						'skipped' => $count,
						'updated' => $count,
					),
				),
				'progress'   => array(
					'description' => __( 'From 0 to 1.', 'users-to-contacts' ),
					'type'        => 'number',
					'readonly'    => true,
				),
				'summary'    => array(
					'description' => __( 'What the run did, in one sentence.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'started'    => array(
					'description' => __( 'When it started (UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'finished'   => array(
					'description' => __( 'When it completed, was cancelled or failed (UTC).', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'started_by' => array(
					'description' => __( 'The id of the user who started it.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * Arguments of POST (kind, dry_run) and PATCH (status, cursor).
	 *
	 * @param string $method WP_REST_Server::CREATABLE or EDITABLE.
	 * @return array<string, array<string, mixed>>
	 */
	public function get_endpoint_args_for_item_schema( $method = WP_REST_Server::CREATABLE ) {
		$args = parent::get_endpoint_args_for_item_schema( $method );
		if ( WP_REST_Server::CREATABLE === $method ) {
			unset( $args['status'], $args['cursor'] );
		} else {
			unset( $args['kind'], $args['dry_run'] );
		}
		return $args;
	}

	/**
	 * The run item schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_run_item_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-run-item',
			'type'       => 'object',
			'properties' => array(
				'id'         => array(
					'type'     => 'integer',
					'readonly' => true,
				),
				'user_id'    => array(
					'description' => __( 'The user handled.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'contact_id' => array(
					'description' => __( 'The contact matched, created or updated, if any.', 'users-to-contacts' ),
					'type'        => array( 'integer', 'null' ),
					'readonly'    => true,
				),
				'outcome'    => array(
					'description' => __( 'matched, created, skipped, updated, unlinked or deleted.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::OUTCOMES,
					'readonly'    => true,
				),
				'reason'     => array(
					'description' => __( 'Why, for skipped users and ambiguous matches.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'created'    => array(
					'type'     => 'string',
					'format'   => 'date-time',
					'readonly' => true,
				),
			),
		);
	}
}
