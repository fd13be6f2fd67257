<?php
/**
 * The event outbox over REST: list, claim, acknowledge, and the runners' heartbeats.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Contacts\EmailAddress;
use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\EventsRepository;
use UsersToContacts\Database\RunnersRepository;
use UsersToContacts\Database\UsersReader;
use UsersToContacts\Events\EventSchema;
use UsersToContacts\Settings;
use WP_Error;
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
 * - POST /events/claim      lease up to `limit` events for `lease_seconds` under a new claim token
 *                           (with the settings, the events' users and their candidates, which a
 *                           runner reads next);
 * - POST /events/ack        the token's holder marks events processed or failed;
 * - POST /events/heartbeat  a runner says it is alive; GET lists the runners.
 * All need manage_contacts. A database failure while claiming or acknowledging answers the
 * database error (nothing changed: it ran in a transaction).
 */
final class EventsController extends RestController {

	/**
	 * The outbox.
	 */
	private EventsRepository $events;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'events';
		$this->events    = new EventsRepository();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$permission = array( $this, 'manage_contacts_permissions_check' );
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
				'schema' => array( EventSchema::class, 'counts' ),
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
					'args'                => rest_get_endpoint_args_for_schema( EventSchema::claim(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( EventSchema::class, 'claim' ),
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
					'args'                => rest_get_endpoint_args_for_schema( EventSchema::ack(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( EventSchema::class, 'ack' ),
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
					'args'                => rest_get_endpoint_args_for_schema( EventSchema::heartbeat(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( EventSchema::class, 'heartbeat' ),
			)
		);
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
		return $this->page_response( $result['items'], $result['total'], $per_page );
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
		$unknown = RequestBody::unknown_fields( $request, EventSchema::claim() );
		if ( $unknown ) {
			return $unknown;
		}
		try {
			$token = null === $request['claim_token'] ? null : (string) $request['claim_token'];
			$claim = $this->events->claim( (int) $request['limit'], (int) $request['lease_seconds'], $token );
			if ( $claim['events'] ) {
				$claim += $this->what_a_runner_needs( $claim['events'] );
			}
			return rest_ensure_response( $claim );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * What a runner reads next for a claim, in the same request (one round trip instead of four,
	 * for the real-time lag): the settings; the claimed events' users as GET /bulk/users gives
	 * them, with the fields the settings' field map reads in mapped mode; and the candidates for
	 * the unlinked ones' valid emails as POST /bulk/contacts-by-emails gives them (every email
	 * looked up is a key, [] when no contact holds it). Read after the claim committed, as the
	 * runner's own requests would be.
	 *
	 * @param list<array<string, mixed>> $events The claimed events.
	 * @return array{settings: array<string, mixed>, users: list<array<string, mixed>>, candidates: object}
	 * @throws RuntimeException The database refused a query.
	 */
	private function what_a_runner_needs( array $events ): array {
		$settings = Settings::get();
		$fields   = array();
		if ( 'mapped' === $settings['sync_mode'] ) {
			foreach ( (array) $settings['field_map'] as $pair ) {
				$fields[] = (string) ( $pair['user_field'] ?? '' );
			}
		}
		$ids        = array_values( array_unique( array_map( static fn( array $event ): int => (int) $event['user_id'], $events ) ) );
		$users      = ( new UsersReader() )->page( 0, 0, $ids, array_values( array_unique( array_filter( $fields, 'strlen' ) ) ) )['users'];
		$candidates = array();
		foreach ( $users as $user ) {
			$email = null === $user['link'] ? EmailAddress::valid( $user['email'] ) : null;
			if ( null !== $email ) {
				$candidates[ $email ] = array();
			}
		}
		if ( $candidates ) {
			$candidates = array_merge( $candidates, ( new BulkContactsRepository() )->by_emails( array_keys( $candidates ) ) );
		}
		return array(
			'settings'   => $settings,
			'users'      => $users,
			'candidates' => (object) $candidates,
		);
	}

	/**
	 * POST /events/ack.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function acknowledge( $request ) {
		$unknown = RequestBody::unknown_fields( $request, EventSchema::ack() );
		if ( $unknown ) {
			return $unknown;
		}
		$processed = array_values( array_unique( array_map( 'intval', (array) $request['processed'] ) ) );
		$failed    = array();
		$final     = array();
		foreach ( (array) $request['failed'] as $entry ) {
			$failed[ (int) $entry['id'] ] = (string) $entry['error'];
			if ( false === ( $entry['retry'] ?? true ) ) {
				$final[] = (int) $entry['id'];
			}
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
		try {
			$result = $this->events->acknowledge( (string) $request['claim_token'], $processed, $failed, $final );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
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
		$unknown = RequestBody::unknown_fields( $request, EventSchema::heartbeat() );
		if ( $unknown ) {
			return $unknown;
		}
		return rest_ensure_response( ( new RunnersRepository() )->heartbeat( (string) $request['runner'], (string) $request['kind'], (bool) $request['stopping'] ) );
	}

	/**
	 * GET /events/heartbeat.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_runners( $request ) {
		return rest_ensure_response( ( new RunnersRepository() )->runners() );
	}

	/**
	 * Query parameters of GET /events.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return EventSchema::collection_params();
	}

	/**
	 * The event schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = EventSchema::item();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}
}
