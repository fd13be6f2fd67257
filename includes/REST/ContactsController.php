<?php
/**
 * /users-to-contacts/v1/contacts: list, count, create, read, update and (soft) delete contacts.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Contacts\ContactInput;
use UsersToContacts\Contacts\ContactResponse;
use UsersToContacts\Contacts\ContactSchema;
use UsersToContacts\Contacts\UserDeletion;
use UsersToContacts\Database\ContactCountsRepository;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Operations\Guards;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The contacts store over REST. Everything needs `manage_contacts`.
 *
 * A contact linked to a user who is its active source (link source `user`, sync on) is
 * read-only here (Guards::contact_is_locked()): update and delete answer 409
 * `users_to_contacts_contact_locked`.
 * Checking and reading a request is ContactInput's job, the answer's shape ContactResponse's.
 */
final class ContactsController extends RestController {

	protected const EXPLAINS_INVALID_PARAMS = true;

	/**
	 * Storage.
	 *
	 * @var ContactsRepository
	 */
	private ContactsRepository $contacts;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'contacts';
		$this->contacts  = new ContactsRepository();
	}

	/**
	 * Registers /contacts, /contacts/counts and /contacts/{id}.
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
					'validate_callback'   => array( $this, 'validate_body_fields' ),
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
				'schema' => array( ContactSchema::class, 'counts' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)',
			array(
				'args'   => array(
					'id' => array(
						'description' => __( 'The contact id.', 'users-to-contacts' ),
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
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
					'validate_callback'   => array( $this, 'validate_body_fields' ),
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
	 * GET /contacts: a page of contacts; X-WP-Total and X-WP-TotalPages tell how many in all.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$args = ContactInput::list_args( $request );
		try {
			$result = $this->contacts->query( $args );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		return $this->page_response( array_map( array( ContactResponse::class, 'to_api' ), $result['items'] ), $result['total'], $args['per_page'] );
	}

	/**
	 * GET /contacts/counts: how many contacts there are, linked and not (the list's views).
	 *
	 * @param WP_REST_Request $request The request (unused: the counts are of every contact).
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_counts( $request ) {
		try {
			return rest_ensure_response( ( new ContactCountsRepository() )->counts() );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * GET /contacts/{id}.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		try {
			return $this->respond_with( (int) $request['id'] );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * POST /contacts: creates a contact (201).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$fields = ContactInput::fields( $request );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		$emails   = ContactInput::emails( $request, array() );
		$nameless = ContactInput::refuse_nameless( $fields, $emails );
		if ( null !== $nameless ) {
			return $nameless;
		}
		try {
			$id     = $this->contacts->create( $fields, $emails );
			$record = $this->contacts->find( $id );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		if ( null === $record ) {
			return ContactResponse::not_found( $id );
		}
		return $this->created_response( self::one_to_api( $record ), $id );
	}

	/**
	 * PUT/PATCH /contacts/{id}: changes the fields sent, leaves the others.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$id     = (int) $request['id'];
		$fields = ContactInput::fields( $request );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		try {
			// Read, check the lock and write under one row lock, so a link turned to `user`
			// meanwhile cannot slip an edit through.
			$linked_user = null;
			$result      = Database::transaction(
				function () use ( $id, $fields, $request, &$linked_user ) {
					$current = $this->contacts->find( $id, false, true );
					if ( null === $current ) {
						return ContactResponse::not_found( $id );
					}
					if ( Guards::contact_is_locked( $current ) ) {
						return ContactResponse::locked( $current );
					}
					$emails                = ContactInput::sends_emails( $request ) ? ContactInput::emails( $request, $current['emails'] ) : null;
					$after                 = array_merge( $current, $fields );
					$after['display_name'] = ContactsRepository::display_name_after( $current, $fields, $emails ?? $current['emails'] );
					$nameless              = ContactInput::refuse_nameless( $after, $emails ?? $current['emails'] );
					if ( null !== $nameless ) {
						return $nameless;
					}
					$linked_user = null === $current['link'] ? null : (int) $current['link']['user_id'];
					return $this->contacts->update( $current, $fields, $emails );
				}
			);
			if ( is_wp_error( $result ) ) {
				return $result;
			}
			// B9: an edit of a linked contact (editable only when the contact is the source or
			// sync is off) goes to the engine, which brings it to the user.
			if ( true === $result && null !== $linked_user ) {
				EventRecorder::record( EventRecorder::CONTACT_UPDATED, $linked_user, array( 'contact_id' => $id ) );
			}
			return $this->respond_with( $id );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * DELETE /contacts/{id}: soft-deletes the contact and removes its link. Answers with the
	 * deleted contact and `deleted: true`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$id = (int) $request['id'];
		try {
			$result = Database::transaction(
				function () use ( $id ) {
					$current = $this->contacts->find( $id, false, true );
					if ( null === $current ) {
						return ContactResponse::not_found( $id );
					}
					if ( Guards::contact_is_locked( $current ) ) {
						return ContactResponse::locked( $current );
					}
					return array(
						'former_user_id' => $this->contacts->soft_delete( $id ),
						'link'           => $current['link'],
					);
				}
			);
			if ( is_wp_error( $result ) ) {
				return $result;
			}
			/**
			 * A contact was deleted (softly: it stays in the table with `deleted_at` set).
			 *
			 * @param int      $id             The contact id.
			 * @param int|null $former_user_id The user it was linked to, whose link was removed.
			 */
			do_action( 'users_to_contacts_contact_deleted', $id, $result['former_user_id'] );
			// B12 reversed: the engine decides whether the user goes too. The link is gone by
			// now, so the event carries what it was.
			if ( null !== $result['former_user_id'] && null !== $result['link'] ) {
				EventRecorder::record(
					EventRecorder::CONTACT_DELETED,
					(int) $result['former_user_id'],
					array(
						'contact_id'     => $id,
						'source'         => $result['link']['source'],
						'sync_enabled'   => (bool) $result['link']['sync_enabled'],
						'acting_user_id' => get_current_user_id(),
					)
				);
			}

			$record = $this->contacts->find( $id, true );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		if ( null === $record ) {
			return $this->database_error();
		}
		$data            = self::one_to_api( $record );
		$data['deleted'] = true;
		return rest_ensure_response( $data );
	}

	/**
	 * The validate_callback of POST and PUT/PATCH: only writable contact fields, no nulls.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_body_fields( $request ) {
		return ContactInput::check_body( $request, $this->get_item_schema() );
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return ContactSchema::collection_params();
	}

	/**
	 * The contact schema: what GET answers and what POST/PUT/PATCH accept (all but readonly).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = ContactSchema::item();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The contact as it is now, as a response; 404 when it does not exist (or was deleted).
	 *
	 * @param int $id Contact id.
	 * @return WP_REST_Response|WP_Error
	 * @throws RuntimeException On a database error.
	 */
	private function respond_with( int $id ) {
		$record = $this->contacts->find( $id );
		return null === $record ? ContactResponse::not_found( $id ) : rest_ensure_response( self::one_to_api( $record ) );
	}

	/**
	 * One contact as the API shows it, with what deleting it does to its user: answers about
	 * one contact carry `user_deletion` (UserDeletion), lists do not (it reads the user and
	 * the person's rights).
	 *
	 * @param array<string, mixed> $record A contact record.
	 * @return array<string, mixed>
	 */
	private static function one_to_api( array $record ): array {
		return ContactResponse::to_api( $record ) + array( 'user_deletion' => UserDeletion::for_contact( $record ) );
	}
}
