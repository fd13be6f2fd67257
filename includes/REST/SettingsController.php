<?php
/**
 * GET, PUT /users-to-contacts/v1/settings.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Contacts\VisitorDetails;
use UsersToContacts\Fields;
use UsersToContacts\Settings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sync settings: mode, field map, when to link, delete rules, uninstall behaviour.
 */
final class SettingsController extends RestController {

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'settings';
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
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The settings.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( Settings::get() );
	}

	/**
	 * Changes the settings given; the rest stay as they are.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_item_schema() );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$changes = array();
		foreach ( array_keys( Settings::defaults() ) as $name ) {
			if ( $request->has_param( $name ) && null !== $request->get_param( $name ) ) {
				$changes[ $name ] = $request->get_param( $name );
			}
		}
		if ( isset( $changes['field_map'] ) ) {
			$field_map = $this->validate_field_map( (array) $changes['field_map'] );
			if ( is_wp_error( $field_map ) ) {
				return $field_map;
			}
			$changes['field_map'] = $field_map;
		}
		if ( isset( $changes['visitor_fields'] ) ) {
			$chosen                    = array_map( 'strval', (array) $changes['visitor_fields'] );
			$changes['visitor_fields'] = array_values( array_intersect( VisitorDetails::FIELDS, $chosen ) );
		}
		if ( isset( $changes['link_when'] ) ) {
			$changes['link_when'] = array_values( array_unique( array_map( 'strval', (array) $changes['link_when'] ) ) );
		}
		// B11: switching to "Field mapping" with nothing mapped starts from the same-meaning pairs.
		if ( 'mapped' === ( $changes['sync_mode'] ?? null ) && ! isset( $changes['field_map'] ) && array() === Settings::get()['field_map'] ) {
			$changes['field_map'] = Fields::default_map();
		}
		return rest_ensure_response( Settings::update( $changes ) );
	}

	/**
	 * B10: only existing fields, each user field and each contact field mapped at most once.
	 *
	 * @param array<int, mixed> $field_map Rows of {user_field, contact_field} (shape checked by the schema).
	 * @return list<array{user_field: string, contact_field: string}>|WP_Error
	 */
	private function validate_field_map( array $field_map ) {
		$user_fields = Fields::user_fields();
		$seen_user   = array();
		$seen_ct     = array();
		$clean       = array();
		foreach ( $field_map as $row ) {
			$user_field    = (string) $row['user_field'];
			$contact_field = (string) $row['contact_field'];
			if ( ! isset( $user_fields[ $user_field ] ) ) {
				return new WP_Error(
					'users_to_contacts_unknown_user_field',
					/* translators: %s: a user field name. */
					sprintf( __( 'The user field "%s" does not exist on this site.', 'users-to-contacts' ), $user_field ),
					array(
						'status'     => 400,
						'user_field' => $user_field,
					)
				);
			}
			if ( isset( $seen_user[ $user_field ] ) || isset( $seen_ct[ $contact_field ] ) ) {
				// The data names the side and the field, so a screen can mark the rows.
				$twice = isset( $seen_user[ $user_field ] ) ? array( 'user_field' => $user_field ) : array( 'contact_field' => $contact_field );
				return new WP_Error(
					'users_to_contacts_field_mapped_twice',
					sprintf(
						/* translators: %s: a field name. */
						__( 'Each field can be mapped only once; "%s" appears twice.', 'users-to-contacts' ),
						(string) reset( $twice )
					),
					array( 'status' => 400 ) + $twice
				);
			}
			$seen_user[ $user_field ]  = true;
			$seen_ct[ $contact_field ] = true;
			$clean[]                   = array(
				'user_field'    => $user_field,
				'contact_field' => $contact_field,
			);
		}
		return $clean;
	}

	/**
	 * The settings schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-settings',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'sync_mode'                => array(
					'description' => __( 'Email only (the user\'s email is kept on the contact) or Field mapping.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => Settings::SYNC_MODES,
				),
				'field_map'                => array(
					'description' => __( 'Pairs of a user field and the contact field it fills.', 'users-to-contacts' ),
					'type'        => 'array',
					'maxItems'    => 200,
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'user_field'    => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => 191,
								'required'  => true,
							),
							'contact_field' => array(
								'type'     => 'string',
								'enum'     => array_keys( Fields::contact_fields() ),
								'required' => true,
							),
						),
					),
				),
				'link_when'                => array(
					'description' => __( 'When a user is linked to a contact: on registration, on login, on their first CRM action.', 'users-to-contacts' ),
					'type'        => 'array',
					'uniqueItems' => true,
					'items'       => array(
						'type' => 'string',
						'enum' => Settings::LINK_WHEN,
					),
				),
				'delete_contact_with_user' => array(
					'description' => __( 'Delete the contact when its user is deleted.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'delete_user_with_contact' => array(
					'description' => __( 'Delete the user when their contact is deleted (links where the contact is the source).', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'trust_all_emails'         => array(
					'description' => __( 'Match users to existing contacts on any email, confirmed or not (for sites that verify addresses elsewhere). Off: a match waits until the user has shown they own the address.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'remove_data_on_uninstall' => array(
					'description' => __( 'Remove contacts, links and settings when the plugin is deleted.', 'users-to-contacts' ),
					'type'        => 'boolean',
				),
				'visitor_fields'           => array(
					'description' => __( 'The contact fields visitors see and edit in My details.', 'users-to-contacts' ),
					'type'        => 'array',
					'uniqueItems' => true,
					'items'       => array(
						'type' => 'string',
						'enum' => VisitorDetails::FIELDS,
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
