<?php
/**
 * Runs of the batch tools over REST: list, start, progress, pause/resume/finish, items.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Database\RunsRepository;
use UsersToContacts\Runs\RunSchema;
use WP_Error;
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
final class RunsController extends RestController {

	/**
	 * The runs.
	 */
	private RunsRepository $runs;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'runs';
		$this->runs      = new RunsRepository();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$permission = array( $this, 'manage_contacts_permissions_check' );
		$id         = array(
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
					'permission_callback' => $permission,
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => $permission,
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
					'permission_callback' => $permission,
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => $permission,
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
					'permission_callback' => $permission,
					'args'                => RunSchema::item_collection_params(),
				),
				'schema' => array( RunSchema::class, 'run_item' ),
			)
		);
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
		return $this->page_response( $result['items'], $result['total'], $per_page );
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
		return $this->created_response( $this->runs->to_item( $started['run'] ), (int) $started['run']['id'] );
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
		return $this->page_response( $result['items'], $result['total'], $per_page );
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
	 * Query parameters of GET /runs.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return RunSchema::collection_params();
	}

	/**
	 * The run schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = RunSchema::item();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}
}
