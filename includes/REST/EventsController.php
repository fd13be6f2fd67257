<?php
/**
 * The event outbox over REST: list, claim, acknowledge, and the runners' heartbeats.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Database\EventsRepository;
use UsersToContacts\Events\EventRecorder;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Routes:
 * - GET  /events            events, newest first (filters status, type, user_id; X-WP-Total);
 * - GET  /events/counts     how many are pending, failed, processed;
 * - POST /events/claim      lease up to `limit` events for `lease_seconds` under a new claim token;
 * - POST /events/ack        the token's holder marks events processed or failed;
 * - POST /events/heartbeat  a runner says it is alive; GET lists the runners.
 * All need manage_contacts.
 */
final class EventsController extends WP_REST_Controller {

	/**
	 * The outbox.
	 */
	private EventsRepository $events;

	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
		$this->rest_base = 'events';
		$this->events    = new EventsRepository();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$permission = array( $this, 'get_items_permissions_check' );
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
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/counts',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_counts' ),
					'permission_callback' => $permission,
					'args'                => array(),
				),
				'schema' => array( $this, 'get_counts_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/claim',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'claim' ),
					'permission_callback' => $permission,
					'args'                => rest_get_endpoint_args_for_schema( $this->get_claim_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_claim_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/ack',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'acknowledge' ),
					'permission_callback' => $permission,
					'args'                => rest_get_endpoint_args_for_schema( $this->get_ack_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_ack_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/heartbeat',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_runners' ),
					'permission_callback' => $permission,
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'heartbeat' ),
					'permission_callback' => $permission,
					'args'                => rest_get_endpoint_args_for_schema( $this->get_heartbeat_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_heartbeat_schema' ),
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
	 * GET /events.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$page     = (int) $request['page'];
		$per_page = (int) $request['per_page'];
		$result   = $this->events->list(
			array(
				'status'  => $request['status'],
				'type'    => $request['type'],
				'user_id' => null === $request['user_id'] ? null : (int) $request['user_id'],
			),
			$page,
			$per_page
		);
		$response = rest_ensure_response( $result['items'] );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $result['total'] / $per_page ) ) );
		return $response;
	}

	/**
	 * GET /events/counts.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_counts( $request ) {
		return rest_ensure_response( $this->events->counts() );
	}

	/**
	 * POST /events/claim.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function claim( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_claim_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		return rest_ensure_response( $this->events->claim( (int) $request['limit'], (int) $request['lease_seconds'] ) );
	}

	/**
	 * POST /events/ack.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function acknowledge( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_ack_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$processed = array_values( array_unique( array_map( 'intval', (array) $request['processed'] ) ) );
		$failed    = array();
		foreach ( (array) $request['failed'] as $entry ) {
			$failed[ (int) $entry['id'] ] = (string) $entry['error'];
		}
		$both = array_intersect( $processed, array_keys( $failed ) );
		if ( $both ) {
			return new WP_Error(
				'users_to_contacts_ack_conflict',
				sprintf(
					/* translators: %s: event ids. */
					__( 'An event cannot be both processed and failed: %s.', 'users-to-contacts' ),
					implode( ', ', $both )
				),
				array( 'status' => 400 )
			);
		}
		$result = $this->events->acknowledge( (string) $request['claim_token'], $processed, $failed );
		if ( $result['not_held'] && ! $result['processed'] && ! $result['failed'] ) {
			return new WP_Error(
				'users_to_contacts_claim_not_held',
				__( 'This claim token does not hold these events: it is wrong, or its lease expired and another runner claimed them. Nothing was changed.', 'users-to-contacts' ),
				array(
					'status'   => 409,
					'not_held' => $result['not_held'],
				)
			);
		}
		return rest_ensure_response( $result );
	}

	/**
	 * POST /events/heartbeat.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function heartbeat( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_heartbeat_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		return rest_ensure_response( $this->events->heartbeat( (string) $request['runner'], (string) $request['kind'], (bool) $request['stopping'] ) );
	}

	/**
	 * GET /events/heartbeat.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_runners( $request ) {
		return rest_ensure_response( $this->events->runners() );
	}


	/**
	 * Query parameters of GET /events.
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
				'description' => __( 'Events per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'status'   => array(
				'description' => __( 'Only events with this status.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventsRepository::STATUSES,
			),
			'type'     => array(
				'description' => __( 'Only events of this type.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventRecorder::TYPES,
			),
			'user_id'  => array(
				'description' => __( 'Only events about this user.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
		);
	}

	/**
	 * The event schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => self::event_properties(),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The fields of an event.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function event_properties(): array {
		$date = array(
			'type'     => array( 'string', 'null' ),
			'format'   => 'date-time',
			'readonly' => true,
		);
		return array(
			'id'           => array(
				'description' => __( 'The event id.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'type'         => array(
				'description' => __( 'What happened.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventRecorder::TYPES,
				'readonly'    => true,
			),
			'user_id'      => array(
				'description' => __( 'The user it happened to.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'payload'      => array(
				'description' => __( 'Details: email and login; old_email for updates; reassign for deletions.', 'users-to-contacts' ),
				'type'        => 'object',
				'readonly'    => true,
			),
			'created'      => array( 'description' => __( 'When it happened (UTC).', 'users-to-contacts' ) ) + $date,
			'status'       => array(
				'description' => __( 'pending, processed or failed.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventsRepository::STATUSES,
				'readonly'    => true,
			),
			'attempts'     => array(
				'description' => __( 'How many times a runner claimed it.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'will_retry'   => array(
				'description' => __( 'Whether a runner can still claim it.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'error'        => array(
				'description' => __( 'The last error a runner reported.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'readonly'    => true,
			),
			'claimed'      => array(
				'description' => __( 'Whether a runner holds it right now.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'available_at' => array( 'description' => __( 'When a lease or retry delay ends; null when claimable now.', 'users-to-contacts' ) ) + $date,
			'processed_at' => array( 'description' => __( 'When a runner acknowledged it as processed.', 'users-to-contacts' ) ) + $date,
		);
	}

	/**
	 * The schema of GET /events/counts.
	 *
	 * @return array<string, mixed>
	 */
	public function get_counts_schema(): array {
		$count = array(
			'type'     => 'integer',
			'readonly' => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-event-counts',
			'type'       => 'object',
			'properties' => array(
				'pending'   => $count,
				'failed'    => $count,
				'processed' => $count,
			),
		);
	}

	/**
	 * The schema of POST /events/claim: the request fields, and the answer (readonly).
	 *
	 * @return array<string, mixed>
	 */
	public function get_claim_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event-claim',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'limit'         => array(
					'description' => __( 'How many events to claim at most.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => 1000,
					'default'     => 100,
				),
				'lease_seconds' => array(
					'description' => __( 'How long the claim holds the events.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 5,
					'maximum'     => 600,
					'default'     => 60,
				),
				'claim_token'   => array(
					'description' => __( 'The token to acknowledge the events with.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'lease_until'   => array(
					'description' => __( 'When the lease ends (UTC); null when nothing was claimed.', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'events'        => array(
					'description' => __( 'The claimed events, oldest first.', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => self::event_properties(),
					),
				),
			),
		);
	}

	/**
	 * The schema of POST /events/ack.
	 *
	 * @return array<string, mixed>
	 */
	public function get_ack_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event-ack',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'claim_token' => array(
					'description' => __( 'The token the events were claimed with.', 'users-to-contacts' ),
					'type'        => 'string',
					'pattern'     => '^[0-9a-f]{32}$',
					'required'    => true,
				),
				'processed'   => array(
					'description' => __( 'Ids of events handled successfully; in the answer, those acknowledged.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'maxItems'    => 1000,
					'default'     => array(),
				),
				'failed'      => array(
					'description' => __( 'Events that could not be handled, each with the reason; in the answer, the ids acknowledged as failed.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'    => array(
								'type'     => 'integer',
								'minimum'  => 1,
								'required' => true,
							),
							'error' => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => 2000,
								'required'  => true,
							),
						),
					),
					'maxItems'    => 1000,
					'default'     => array(),
				),
				'not_held'    => array(
					'description' => __( 'Ids this token does not hold (left unchanged).', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'integer' ),
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The schema of /events/heartbeat (POST fields; GET answers a list of these).
	 *
	 * @return array<string, mixed>
	 */
	public function get_heartbeat_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-heartbeat',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'runner'      => array(
					'description' => __( 'A stable id of the runner, such as host name and process.', 'users-to-contacts' ),
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => 64,
					'pattern'     => '^[A-Za-z0-9._:@-]+$',
					'required'    => true,
				),
				'kind'        => array(
					'description' => __( 'sidecar (the Node watcher) or browser (an admin screen).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => array( 'sidecar', 'browser' ),
					'required'    => true,
				),
				'stopping'    => array(
					'description' => __( 'The runner is stopping: it no longer counts as alive.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'stopped'     => array(
					'description' => __( 'The runner said it stopped.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
				'last_seen'   => array(
					'description' => __( 'The last heartbeat (UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'seconds_ago' => array(
					'description' => __( 'Seconds since the last heartbeat.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'alive'       => array(
					'description' => __( 'Heard from in the last minute.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
	}
}
