<?php
/**
 * GET /users-to-contacts/v1/runner-status: is anything processing events, and how many wait.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Database\EventsRepository;
use UsersToContacts\Database\RunnersRepository;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One small answer for wp-admin's background processing (src/admin/background), which asks
 * every few seconds: how many events are pending and failed, and whether a sidecar was heard
 * from recently (then the browser leaves the events to it). Reads only unprocessed events and
 * one option.
 */
final class RunnerStatusController extends RestController {

	/**
	 * The events waiting.
	 */
	private EventsRepository $events;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'runner-status';
		$this->events    = new EventsRepository();
	}

	/**
	 * Registers GET /runner-status.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => array(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The status.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$sidecar = null;
		$alive   = false;
		// Most recent first: the first sidecar is the one heard from last.
		foreach ( ( new RunnersRepository() )->runners() as $runner ) {
			if ( 'sidecar' === $runner['kind'] ) {
				$sidecar = $sidecar ?? $runner;
				$alive   = $alive || $runner['alive'];
			}
		}
		return rest_ensure_response(
			$this->events->waiting() + array(
				'sidecar_alive'       => $alive,
				'sidecar_seconds_ago' => null === $sidecar ? null : (int) $sidecar['seconds_ago'],
			)
		);
	}

	/**
	 * The response schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-runner-status',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'pending'             => array(
					'type'        => 'integer',
					'description' => __( 'Events waiting to be processed (or being processed right now).', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'failed'              => array(
					'type'        => 'integer',
					'description' => __( 'Events whose last attempt failed (retried later) or that ran out of attempts.', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'sidecar_alive'       => array(
					'type'        => 'boolean',
					'description' => __( 'A sidecar was heard from in the last minute and has not said it stopped.', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'sidecar_seconds_ago' => array(
					'type'        => array( 'integer', 'null' ),
					'description' => __( 'Seconds since a sidecar was last heard from; null when none was in the last day.', 'users-to-contacts' ),
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
