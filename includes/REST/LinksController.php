<?php
/**
 * /users-to-contacts/v1/links: user ↔ contact links.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Support\Dates;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Lists, creates (manual links), reads, updates (the per-user switch and the direction) and
 * removes links. Everything needs `manage_contacts`.
 *
 * One link per user and one per contact is guarded by the table's unique keys: two requests
 * linking the same user at once get one 201 and one 409, never two links.
 */
final class LinksController extends WP_REST_Controller {

	/**
	 * Largest page of the list.
	 */
	public const MAX_PER_PAGE = 500;

	/**
	 * Fields PUT/PATCH may change.
	 */
	private const UPDATABLE = array( 'sync_enabled', 'source' );

	/**
	 * Links storage.
	 *
	 * @var LinksRepository
	 */
	private LinksRepository $links;

	/**
	 * Contacts storage.
	 *
	 * @var ContactsRepository
	 */
	private ContactsRepository $contacts;

	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
		$this->rest_base = 'links';
		$this->links     = new LinksRepository();
		$this->contacts  = new ContactsRepository();
	}

	/**
	 * Registers /links and /links/{user_id}.
	 */
	public function register_routes(): void {
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
					'validate_callback'   => array( $this, 'validate_create_body' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<user_id>\d+)',
			array(
				'args'   => array(
					'user_id' => array(
						'description' => __( 'The id of the linked user.', 'users-to-contacts' ),
						'type'        => 'integer',
						'minimum'     => 1,
					),
				),
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
					'args'                => array_intersect_key(
						$this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
						array_flip( self::UPDATABLE )
					),
					'validate_callback'   => array( $this, 'validate_update_body' ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => array( $this, 'delete_item_permissions_check' ),
					'args'                => array(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		add_filter( 'rest_request_before_callbacks', array( ContactsController::class, 'explain_invalid_params' ), 10, 3 );
	}

	/**
	 * Listing needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Reading one needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Linking needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Changing a link needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Unlinking needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function delete_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * GET /links: a page of links by user id; X-WP-Total and X-WP-TotalPages tell how many.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$args = array(
			'user_id'      => $request['user_id'],
			'contact_id'   => $request['contact_id'],
			'include'      => $request['include'],
			'source'       => $request['source'],
			'sync_enabled' => $request['sync_enabled'],
			'page'         => (int) $request['page'],
			'per_page'     => (int) $request['per_page'],
		);
		try {
			$result = $this->links->query( $args );
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		$response = rest_ensure_response( array_map( array( self::class, 'to_api' ), $result['items'] ) );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $result['total'] / max( 1, $args['per_page'] ) ) );
		return $response;
	}

	/**
	 * GET /links/{user_id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		try {
			$link = $this->links->find( (int) $request['user_id'] );
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		return null === $link ? self::not_found( (int) $request['user_id'] ) : rest_ensure_response( self::to_api( $link ) );
	}

	/**
	 * POST /links: links a user to a contact by hand (origin `manual`); 201.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$user_id    = (int) $request['user_id'];
		$contact_id = (int) $request['contact_id'];
		if ( false === get_userdata( $user_id ) ) {
			return new WP_Error(
				'users_to_contacts_user_not_found',
				/* translators: %d: user id. */
				sprintf( __( 'There is no user #%d.', 'users-to-contacts' ), $user_id ),
				array( 'status' => 404 )
			);
		}
		try {
			$result = ContactsRepository::transaction(
				function () use ( $user_id, $contact_id, $request ) {
					// The shared row lock keeps the contact from being deleted before we commit.
					if ( ! $this->contacts->lock_live( $contact_id ) ) {
						return new WP_Error(
							'users_to_contacts_contact_not_found',
							/* translators: %d: contact id. */
							sprintf( __( 'There is no contact #%d (it may have been deleted).', 'users-to-contacts' ), $contact_id ),
							array( 'status' => 404 )
						);
					}
					$created = $this->links->create(
						array(
							'user_id'      => $user_id,
							'contact_id'   => $contact_id,
							'sync_enabled' => (bool) $request['sync_enabled'],
							'source'       => (string) $request['source'],
							'origin'       => 'manual',
						)
					);
					// Explained below, once this transaction no longer hides the winner's row.
					return $created ? true : new WP_Error( 'users_to_contacts_link_exists' );
				}
			);
			if ( is_wp_error( $result ) ) {
				return 'users_to_contacts_link_exists' === $result->get_error_code() ? $this->conflict( $user_id, $contact_id ) : $result;
			}
			$link = $this->links->find( $user_id );
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		if ( null === $link ) {
			return DatabaseError::response();
		}
		/**
		 * A user was linked to a contact by hand.
		 *
		 * @param array<string, mixed> $link The link (LinksRepository record).
		 */
		do_action( 'users_to_contacts_link_created', $link );
		// A new link is synced at once, like switching sync on (B7).
		EventRecorder::record( EventRecorder::LINK_CHANGED, $user_id, array( 'contact_id' => (int) $link['contact_id'] ) );

		$response = rest_ensure_response( self::to_api( $link ) );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $user_id ) ) );
		return $response;
	}

	/**
	 * PUT/PATCH /links/{user_id}: the per-user switch (`sync_enabled`) and the direction
	 * (`source`).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$user_id = (int) $request['user_id'];
		$changes = array();
		if ( isset( $request['sync_enabled'] ) ) {
			$changes['sync_enabled'] = (bool) $request['sync_enabled'];
		}
		if ( isset( $request['source'] ) ) {
			$changes['source'] = (string) $request['source'];
		}
		try {
			$before = $this->links->find( $user_id );
			$link   = $this->links->update( $user_id, $changes ) ? $this->links->find( $user_id ) : null;
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		if ( null === $link ) {
			return self::not_found( $user_id );
		}
		// B7: switching on (or reversing) syncs at once: the engine re-syncs this user.
		if ( null !== $before && ( $before['sync_enabled'] !== $link['sync_enabled'] || $before['source'] !== $link['source'] ) ) {
			EventRecorder::record( EventRecorder::LINK_CHANGED, $user_id, array( 'contact_id' => (int) $link['contact_id'] ) );
		}
		return rest_ensure_response( self::to_api( $link ) );
	}

	/**
	 * DELETE /links/{user_id}: unlinks; the contact stays and remembers the user
	 * (`former_user_id`). Answers with the removed link and `deleted: true`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$user_id = (int) $request['user_id'];
		try {
			$link = ContactsRepository::transaction(
				function () use ( $user_id ) {
					$link = $this->links->find( $user_id );
					if ( null === $link || ! $this->links->delete( $user_id ) ) {
						return self::not_found( $user_id );
					}
					$this->contacts->remember_former_user( $link['contact_id'], $user_id );
					return $link;
				}
			);
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		if ( is_wp_error( $link ) ) {
			return $link;
		}
		/**
		 * A link was removed (the contact stays).
		 *
		 * @param array<string, mixed> $link The removed link (LinksRepository record).
		 */
		do_action( 'users_to_contacts_link_deleted', $link );

		$data            = self::to_api( $link );
		$data['deleted'] = true;
		return rest_ensure_response( $data );
	}

	/**
	 * POST body: only writable link fields.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_create_body( $request ) {
		return $this->check_body( $request, array( 'user_id', 'contact_id', 'sync_enabled', 'source' ) );
	}

	/**
	 * PUT/PATCH body: only `sync_enabled` and `source`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_update_body( $request ) {
		return $this->check_body( $request, self::UPDATABLE );
	}

	/**
	 * The link as the API shows it.
	 *
	 * @param array<string, mixed> $link A LinksRepository record.
	 * @return array<string, mixed>
	 */
	public static function to_api( array $link ): array {
		return array(
			'user_id'        => $link['user_id'],
			'contact_id'     => $link['contact_id'],
			'sync_enabled'   => $link['sync_enabled'],
			'source'         => $link['source'],
			'origin'         => $link['origin'],
			'linked_at'      => Dates::to_iso( $link['linked_at'] ),
			'last_synced_at' => Dates::to_iso( $link['last_synced_at'] ),
		);
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'page'         => array(
				'description' => __( 'Page of the list, from 1.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page'     => array(
				'description' => __( 'Links per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => self::MAX_PER_PAGE,
			),
			'user_id'      => array(
				'description' => __( 'Only the link of this user.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'contact_id'   => array(
				'description' => __( 'Only the link of this contact.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'include'      => array(
				'description' => __( 'Only the links of these users (comma-separated ids), for runners that look up many at once.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => self::MAX_PER_PAGE,
			),
			'source'       => array(
				'description' => __( 'Only links with this active source.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => LinksRepository::SOURCES,
			),
			'sync_enabled' => array(
				'description' => __( 'Only links with sync on (true) or off (false).', 'users-to-contacts' ),
				'type'        => 'boolean',
			),
		);
	}

	/**
	 * The link schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-link',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'user_id'        => array(
					'description' => __( 'The linked WordPress user (one link per user).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'contact_id'     => array(
					'description' => __( 'The linked contact (one link per contact).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'sync_enabled'   => array(
					'description' => __( 'The per-user switch "Synchronize user to contact".', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => true,
				),
				'source'         => array(
					'description' => __( 'The active data source: "user" (the contact follows the user and is read-only) or "contact" (the user follows the contact).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => LinksRepository::SOURCES,
					'default'     => 'user',
				),
				'origin'         => array(
					'description' => __( 'How the link was made: matched by email, created with a new contact, or manual.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => LinksRepository::ORIGINS,
					'readonly'    => true,
				),
				'linked_at'      => array(
					'description' => __( 'When the link was made (ISO 8601, UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'last_synced_at' => array(
					'description' => __( 'When the sync last applied changes over this link (ISO 8601, UTC), or null.', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'deleted'        => array(
					'description' => __( 'True in the answer to a DELETE.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * Refuses body fields outside $writable (unknown, read-only, or not changeable here), and
	 * nulls (WordPress skips validating them).
	 *
	 * @param WP_REST_Request $request  The request.
	 * @param list<string>    $writable Accepted field names.
	 * @return true|WP_Error
	 */
	private function check_body( WP_REST_Request $request, array $writable ) {
		$body = $request->get_json_params();
		if ( null === $body ) {
			$body = $request->get_body_params();
		}
		if ( ! is_array( $body ) || ( $body && array_is_list( $body ) ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_body',
				__( 'The request body must be a JSON object of link fields.', 'users-to-contacts' ),
				array( 'status' => 400 )
			);
		}
		$refused = array();
		$nulls   = array();
		foreach ( $body as $key => $value ) {
			if ( in_array( $key, ContactsController::TRANSPORT_FIELDS, true ) ) {
				continue;
			}
			if ( ! in_array( $key, $writable, true ) ) {
				$refused[] = (string) $key;
			} elseif ( null === $value ) {
				$nulls[] = (string) $key;
			}
		}
		if ( $refused ) {
			return new WP_Error(
				'users_to_contacts_unknown_field',
				sprintf(
					/* translators: 1: refused field names, 2: accepted field names. */
					__( 'These fields cannot be written here: %1$s. Accepted fields: %2$s. To link a user to another contact, delete the link and create a new one.', 'users-to-contacts' ),
					esc_html( implode( ', ', $refused ) ),
					implode( ', ', $writable )
				),
				array(
					'status' => 400,
					'params' => $refused,
				)
			);
		}
		if ( $nulls ) {
			return new WP_Error(
				'users_to_contacts_null_field',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'These link fields cannot be null: %s.', 'users-to-contacts' ), implode( ', ', $nulls ) ),
				array(
					'status' => 400,
					'params' => $nulls,
				)
			);
		}
		return true;
	}

	/**
	 * 409 explaining which existing link is in the way.
	 *
	 * @param int $user_id    The user asked for.
	 * @param int $contact_id The contact asked for.
	 */
	private function conflict( int $user_id, int $contact_id ): WP_Error {
		$by_user    = $this->links->find( $user_id );
		$by_contact = null === $by_user ? $this->links->find_by_contact( $contact_id ) : null;
		$login      = static function ( int $id ): string {
			$user = get_userdata( $id );
			return false === $user ? '#' . $id : $user->user_login;
		};
		if ( null !== $by_user && $by_user['contact_id'] === $contact_id ) {
			/* translators: 1: user login, 2: contact id. */
			$message  = sprintf( __( 'User "%1$s" is already linked to contact #%2$d.', 'users-to-contacts' ), $login( $user_id ), $contact_id );
			$existing = $by_user;
		} elseif ( null !== $by_user ) {
			/* translators: 1: user login, 2: contact id. */
			$message  = sprintf( __( 'User "%1$s" is already linked to contact #%2$d. A user has one contact: remove that link first.', 'users-to-contacts' ), $login( $user_id ), $by_user['contact_id'] );
			$existing = $by_user;
		} elseif ( null !== $by_contact ) {
			/* translators: 1: contact id, 2: user login. */
			$message  = sprintf( __( 'Contact #%1$d is already linked to user "%2$s". A contact has one user: remove that link first.', 'users-to-contacts' ), $contact_id, $login( $by_contact['user_id'] ) );
			$existing = $by_contact;
		} else {
			$message  = __( 'The user or the contact was being linked by someone else at the same moment. Please try again.', 'users-to-contacts' );
			$existing = null;
		}
		return new WP_Error(
			'users_to_contacts_link_exists',
			$message,
			array(
				'status' => 409,
				'link'   => null === $existing ? null : self::to_api( $existing ),
			)
		);
	}

	/**
	 * 404 for a user without a link.
	 *
	 * @param int $user_id User id.
	 */
	private static function not_found( int $user_id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_link_not_found',
			/* translators: %d: user id. */
			sprintf( __( 'User #%d is not linked to a contact.', 'users-to-contacts' ), $user_id ),
			array( 'status' => 404 )
		);
	}
}
