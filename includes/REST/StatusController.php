<?php
/**
 * GET /users-to-contacts/v1/status: what is installed and running.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

use const UsersToContacts\VERSION;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reports the plugin, WordPress and PHP versions; the admin screens and the CLI use it to
 * check they talk to a site with the plugin.
 */
final class StatusController extends RestController {

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'status';
	}

	/**
	 * Registers GET /status.
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
		$user = wp_get_current_user();
		$data = array(
			'plugin_version'    => VERSION,
			'wordpress_version' => (string) get_bloginfo( 'version' ),
			'php_version'       => PHP_VERSION,
			'user'              => array(
				'id'           => $user->ID,
				'display_name' => $user->display_name,
			),
		);
		return rest_ensure_response( $data );
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
			'title'                => 'users-to-contacts-status',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'plugin_version'    => array(
					'type'        => 'string',
					'description' => __( 'The version of Users to Contacts.', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'wordpress_version' => array(
					'type'        => 'string',
					'description' => __( 'The WordPress version.', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'php_version'       => array(
					'type'        => 'string',
					'description' => __( 'The PHP version.', 'users-to-contacts' ),
					'readonly'    => true,
				),
				'user'              => array(
					'type'        => 'object',
					'description' => __( 'Who is asking.', 'users-to-contacts' ),
					'readonly'    => true,
					'properties'  => array(
						'id'           => array( 'type' => 'integer' ),
						'display_name' => array( 'type' => 'string' ),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
