<?php
/**
 * GET /bulk/users: keyset pages of users for the sync engine.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Database\UsersReader;
use UsersToContacts\Operations\Guards;
use UsersToContacts\Operations\OperationSchema;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * GET /bulk/users (needs manage_contacts): a keyset page of users (or the users of `include`)
 * with their link and requested fields, in three queries whatever the page size (UsersReader).
 * Built for 100,000 users in seconds: pages of thousands per request.
 */
final class BulkUsersController extends RestController {

	/**
	 * Most user fields one request may ask for.
	 */
	private const MAX_FIELDS = 100;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'bulk/users';
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
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * A page of users.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$fields = $this->parse_fields( (string) $request['fields'] );
		if ( $fields instanceof WP_Error ) {
			return $fields;
		}
		try {
			$page = ( new UsersReader() )->page(
				(int) $request['after'],
				(int) $request['limit'],
				array_values( array_unique( array_map( 'intval', (array) $request['include'] ) ) ),
				$fields,
				(bool) $request['synchronized']
			);
		} catch ( RuntimeException $failure ) {
			return $this->database_error();
		}
		return rest_ensure_response( $page );
	}

	/**
	 * The `fields` parameter as a list of names, or a 400 for names that cannot be read here
	 * (private user keys: Guards::is_private_user_key()).
	 *
	 * @param string $fields Comma-separated user fields.
	 * @return list<string>|WP_Error
	 */
	private function parse_fields( string $fields ) {
		$names = array_values( array_unique( array_filter( array_map( 'trim', explode( ',', $fields ) ), 'strlen' ) ) );
		if ( count( $names ) > self::MAX_FIELDS ) {
			return new WP_Error( 'users_to_contacts_invalid_fields', __( 'Ask for 100 fields at most.', 'users-to-contacts' ), array( 'status' => 400 ) );
		}
		$private = array_diff( array_filter( $names, array( Guards::class, 'is_private_user_key' ) ), UsersReader::READABLE_USER_COLUMNS );
		if ( $private ) {
			return new WP_Error(
				'users_to_contacts_private_field',
				sprintf(
					/* translators: %s: field names. */
					__( 'These user fields cannot be read through this route: %s.', 'users-to-contacts' ),
					implode( ', ', $private )
				),
				array( 'status' => 400 )
			);
		}
		return $names;
	}

	/**
	 * Query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params(): array {
		return array(
			'after'   => array(
				'description' => __( 'Users with an id above this one (0 for the first page).', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 0,
				'default'     => 0,
			),
			'limit'   => array(
				'description' => __( 'Users per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => OperationSchema::MAX_BATCH,
				'default'     => 1000,
			),
			'include' => array(
				'description' => __( 'Only these users (ids, comma-separated); after and limit are then ignored.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => OperationSchema::MAX_BATCH,
				'default'     => array(),
			),
			'synchronized' => array(
				'description' => __( 'Only users linked to a contact with synchronization on (Update all synchronized users); total then counts those.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'fields'  => array(
				'description' => __( 'Comma-separated core user fields (user_url, user_registered, user_nicename, ...) and user meta keys to include in each user\'s fields.', 'users-to-contacts' ),
				'type'        => 'string',
				'maxLength'   => 4000,
				'default'     => '',
			),
		);
	}

	/**
	 * The schema of the answer.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-bulk-users',
			'type'       => 'object',
			'properties' => array(
				'users'      => array(
					'type'     => 'array',
					'readonly' => true,
					'items'    => array(
						'type'       => 'object',
						'properties' => array(
							'id'           => array( 'type' => 'integer' ),
							'login'        => array( 'type' => 'string' ),
							'email'        => array( 'type' => 'string' ),
							'roles'        => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
							'email_verified' => array(
								'description' => __( 'Whether the user has shown they own their current email (R6): only then may it match an existing contact.', 'users-to-contacts' ),
								'type'        => 'boolean',
							),
							'display_name' => array( 'type' => 'string' ),
							'first_name'   => array( 'type' => 'string' ),
							'last_name'    => array( 'type' => 'string' ),
							'fields'       => array(
								'description'          => __( 'The requested fields; null for meta the user does not have.', 'users-to-contacts' ),
								'type'                 => 'object',
								'additionalProperties' => array( 'type' => array( 'string', 'null' ) ),
							),
							'sync_off'     => array(
								'description' => __( 'B7: an unlinked user whose "Synchronize user to contact" is off: linked at no moment until it is turned on.', 'users-to-contacts' ),
								'type'        => 'boolean',
							),
							'link'         => array(
								'type'       => array( 'object', 'null' ),
								'properties' => array(
									'contact_id'   => array( 'type' => 'integer' ),
									'sync_enabled' => array( 'type' => 'boolean' ),
									'source'       => array(
										'type' => 'string',
										'enum' => LinksRepository::SOURCES,
									),
									'origin'       => array(
										'type' => 'string',
										'enum' => LinksRepository::ORIGINS,
									),
								),
							),
						),
					),
				),
				'next_after' => array(
					'description' => __( 'Pass as after for the next page; null on the last page.', 'users-to-contacts' ),
					'type'        => array( 'integer', 'null' ),
					'readonly'    => true,
				),
				'total'      => array(
					'description' => __( 'Users on the site (first page only).', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
			),
		);
	}
}
