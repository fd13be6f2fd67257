<?php
/**
 * /users-to-contacts/v1/links: user ↔ contact links.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Contacts\ContactResponse;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Links\LinkInput;
use UsersToContacts\Links\LinkResponse;
use UsersToContacts\Links\LinkSchema;
use UsersToContacts\Operations\Guards;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Lists, creates (manual links), reads, updates (the per-user switch and the direction) and
 * removes links. Everything needs `manage_contacts`; making the contact the source of a user's
 * details (source `contact` with sync on) also needs the right to edit that user (R7), since
 * the contact's edits are then written to the user: 403 `users_to_contacts_not_allowed_to_edit_user`.
 *
 * One link per user and one per contact is guarded by the table's unique keys: two requests
 * linking the same user at once get one 201 and one 409, never two links.
 */
final class LinksController extends RestController {

	protected const EXPLAINS_INVALID_PARAMS = true;

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
		parent::__construct();
		$this->rest_base = 'links';
		$this->links     = new LinksRepository();
		$this->contacts  = new ContactsRepository();
	}

	/**
	 * Registers /links and /links/{user_id}.
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
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => $permission,
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
					'permission_callback' => $permission,
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => $permission,
					'args'                => array_intersect_key(
						$this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
						array_flip( LinkSchema::UPDATABLE )
					),
					'validate_callback'   => array( $this, 'validate_update_body' ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => $permission,
					'args'                => array(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		add_filter( 'rest_request_before_callbacks', array( RestController::class, 'explain_invalid_params' ), 10, 3 );
	}

	/**
	 * GET /links: a page of links by user id; X-WP-Total and X-WP-TotalPages tell how many.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$args = LinkInput::list_args( $request );
		try {
			$result = $this->links->query( $args );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		return $this->page_response( array_map( array( LinkResponse::class, 'to_api' ), $result['items'] ), $result['total'], $args['per_page'] );
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
			return $this->database_error();
		}
		return null === $link ? LinkResponse::not_found( (int) $request['user_id'] ) : rest_ensure_response( LinkResponse::to_api( $link ) );
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
			return LinkResponse::user_not_found( $user_id );
		}
		if ( 'contact' === (string) $request['source'] && false !== $request['sync_enabled'] ) {
			$refusal = $this->contact_source_refusal( $user_id );
			if ( null !== $refusal ) {
				return $refusal;
			}
		}
		try {
			$result = Database::transaction(
				function () use ( $user_id, $contact_id, $request ) {
					// The shared row lock keeps the contact from being deleted before we commit.
					if ( ! $this->contacts->lock_live( $contact_id ) ) {
						return ContactResponse::not_found( $contact_id );
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
			return $this->database_error();
		}
		if ( null === $link ) {
			return $this->database_error();
		}
		/**
		 * A user was linked to a contact by hand.
		 *
		 * @param array<string, mixed> $link The link (LinksRepository record).
		 */
		do_action( 'users_to_contacts_link_created', $link );
		// A new link is synced at once, like switching sync on (B7).
		EventRecorder::record( EventRecorder::LINK_CHANGED, $user_id, array( 'contact_id' => (int) $link['contact_id'] ) );
		return $this->created_response( LinkResponse::to_api( $link ), $user_id );
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
		$changes = LinkInput::changes( $request );
		try {
			$before = $this->links->find( $user_id );
			// The contact becomes the source of an active sync: either turned on or reversed.
			if ( null !== $before ) {
				$after = array_merge( $before, $changes );
				if ( 'contact' === $after['source'] && $after['sync_enabled'] && ( 'contact' !== $before['source'] || ! $before['sync_enabled'] ) ) {
					$refusal = $this->contact_source_refusal( $user_id );
					if ( null !== $refusal ) {
						return $refusal;
					}
				}
			}
			$link = $this->links->update( $user_id, $changes ) ? $this->links->find( $user_id ) : null;
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		if ( null === $link ) {
			return LinkResponse::not_found( $user_id );
		}
		// B7: switching on (or reversing) syncs at once: the engine re-syncs this user.
		if ( null !== $before && ( $before['sync_enabled'] !== $link['sync_enabled'] || $before['source'] !== $link['source'] ) ) {
			EventRecorder::record( EventRecorder::LINK_CHANGED, $user_id, array( 'contact_id' => (int) $link['contact_id'] ) );
		}
		return rest_ensure_response( LinkResponse::to_api( $link ) );
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
			$link = Database::transaction(
				function () use ( $user_id ) {
					$link = $this->links->find( $user_id );
					if ( null === $link || ! $this->links->delete( $user_id ) ) {
						return LinkResponse::not_found( $user_id );
					}
					$this->contacts->remember_former_user( $link['contact_id'], $user_id );
					return $link;
				}
			);
		} catch ( RuntimeException $error ) {
			return $this->database_error();
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

		$data            = LinkResponse::to_api( $link );
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
		return LinkInput::check_body( $request, LinkSchema::CREATABLE );
	}

	/**
	 * PUT/PATCH body: only `sync_enabled` and `source`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_update_body( $request ) {
		return LinkInput::check_body( $request, LinkSchema::UPDATABLE );
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return LinkSchema::collection_params();
	}

	/**
	 * The link schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = LinkSchema::item();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The 403 when the current user may not make a contact the source of this user's details.
	 *
	 * @param int $user_id The linked user.
	 */
	private function contact_source_refusal( int $user_id ): ?WP_Error {
		$refusal = Guards::contact_source_refusal( $user_id );
		return null === $refusal ? null : new WP_Error( 'users_to_contacts_' . $refusal['reason'], $refusal['message'], array( 'status' => 403 ) );
	}

	/**
	 * 409 explaining which existing link is in the way (read after the failed transaction, so
	 * the winner's row is visible).
	 *
	 * @param int $user_id    The user asked for.
	 * @param int $contact_id The contact asked for.
	 * @throws RuntimeException On a database error.
	 */
	private function conflict( int $user_id, int $contact_id ): WP_Error {
		$by_user    = $this->links->find( $user_id );
		$by_contact = null === $by_user ? $this->links->find_by_contact( $contact_id ) : null;
		return LinkResponse::conflict( $user_id, $contact_id, $by_user, $by_contact );
	}
}
