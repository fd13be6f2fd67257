<?php
/**
 * POST /bulk/contacts-by-emails and POST /bulk/contacts: contact lookups for the sync engine.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Operations\OperationSchema;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Two lookups (both need manage_contacts), each a fixed number of IN queries whatever its size
 * (BulkContactsRepository). POST, not GET: thousands of emails or ids do not fit a URL.
 *
 * - POST /bulk/contacts-by-emails  the non-deleted contacts holding each email (R2 candidates);
 * - POST /bulk/contacts            contacts by id, with their fields and emails.
 */
final class BulkContactsController extends RestController {

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'bulk';
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/contacts-by-emails',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'contacts_by_emails' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => rest_get_endpoint_args_for_schema( $this->get_emails_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_emails_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/contacts',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'contacts_by_ids' ),
					'permission_callback' => array( $this, 'manage_contacts_permissions_check' ),
					'args'                => rest_get_endpoint_args_for_schema( $this->get_contacts_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_contacts_schema' ),
			)
		);
	}

	/**
	 * POST /bulk/contacts-by-emails: for each email (trimmed, lower case), the contacts holding it.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function contacts_by_emails( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_emails_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$emails = array();
		foreach ( (array) $request['emails'] as $index => $email ) {
			$normal = ContactsRepository::normalize_email( (string) $email );
			if ( '' === $normal ) {
				return new WP_Error(
					'users_to_contacts_invalid_email',
					/* translators: %d: position in the list. */
					sprintf( __( 'emails[%d] is empty.', 'users-to-contacts' ), (int) $index ),
					array( 'status' => 400 )
				);
			}
			$emails[ $normal ] = true;
		}
		try {
			$matches = $emails ? ( new BulkContactsRepository() )->by_emails( array_keys( $emails ) ) : array();
		} catch ( RuntimeException $failure ) {
			return $this->database_error();
		}
		return rest_ensure_response( array( 'matches' => (object) $matches ) );
	}

	/**
	 * POST /bulk/contacts: the non-deleted contacts with these ids (missing or deleted ids are
	 * left out).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function contacts_by_ids( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_contacts_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		try {
			$contacts = ( new BulkContactsRepository() )->by_ids( array_values( array_unique( array_map( 'intval', (array) $request['ids'] ) ) ) );
		} catch ( RuntimeException $failure ) {
			return $this->database_error();
		}
		return rest_ensure_response( array( 'contacts' => $contacts ) );
	}

	/**
	 * The schema of POST /bulk/contacts-by-emails.
	 *
	 * @return array<string, mixed>
	 */
	public function get_emails_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-contacts-by-emails',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'emails'  => array(
					'description' => __( 'Email addresses; compared trimmed and case-insensitively.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'      => 'string',
						'minLength' => 1,
						'maxLength' => ContactsRepository::EMAIL_MAX_LENGTH,
					),
					'minItems'    => 1,
					'maxItems'    => OperationSchema::MAX_BATCH,
					'required'    => true,
				),
				'matches' => array(
					'description' => __( 'For each normalised email, the non-deleted contacts holding it.', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The schema of POST /bulk/contacts.
	 *
	 * @return array<string, mixed>
	 */
	public function get_contacts_schema(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-bulk-contacts',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'ids'      => array(
					'description' => __( 'Contact ids.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'minItems'    => 1,
					'maxItems'    => OperationSchema::MAX_BATCH,
					'required'    => true,
				),
				'contacts' => array(
					'description' => __( 'Each non-deleted contact asked for: id, email (the primary, lower case; empty when none), emails (the primary first), fields (every contact column; null when empty), modified_by (the person whose data it carries; 0 for none).', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
				),
			),
		);
	}
}
