<?php
/**
 * GET /users-to-contacts/v1/fields: both sides of the field mapping.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Fields;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Lists the user fields of this site (core profile fields and the user meta keys present) and
 * the contact fields, for the mapping screen.
 */
final class FieldsController extends RestController {

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'fields';
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
	 * Both field lists.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$user_fields = array();
		foreach ( Fields::user_fields() as $key => $field ) {
			$user_fields[] = array(
				'key'   => $key,
				'label' => $field['label'],
				'kind'  => $field['kind'],
			);
		}
		$contact_fields = array();
		foreach ( Fields::contact_fields() as $key => $label ) {
			$contact_fields[] = array(
				'key'   => $key,
				'label' => $label,
			);
		}
		return rest_ensure_response(
			array(
				'user_fields'    => $user_fields,
				'contact_fields' => $contact_fields,
				// B4: the email always follows the user, in both sync modes.
				'always_synced'  => array( 'user_email' ),
				// B11: "Map matching fields" on the settings screen restores it.
				'default_map'    => Fields::default_map(),
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
		$field        = array(
			'type'       => 'object',
			'properties' => array(
				'key'   => array( 'type' => 'string' ),
				'label' => array( 'type' => 'string' ),
				'kind'  => array(
					'type' => 'string',
					'enum' => array( 'core', 'meta' ),
				),
			),
		);
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-fields',
			'type'       => 'object',
			'properties' => array(
				'user_fields'    => array(
					'description' => __( 'User fields on this site: core profile fields, then user meta keys.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => $field,
					'readonly'    => true,
				),
				'contact_fields' => array(
					'description' => __( 'Contact fields a user field can fill.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => $field,
					'readonly'    => true,
				),
				'always_synced'  => array(
					'description' => __( 'User fields synchronised whatever the mapping.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
					'readonly'    => true,
				),
				'default_map'    => array(
					'description' => __( 'The first mapping: every user field paired with its same-meaning contact field.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'user_field'    => array( 'type' => 'string' ),
							'contact_field' => array( 'type' => 'string' ),
						),
					),
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
