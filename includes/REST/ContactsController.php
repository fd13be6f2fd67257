<?php
/**
 * /users-to-contacts/v1/contacts: list, create, read, update and (soft) delete contacts.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Database\ContactsRepository;
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
 * The contacts store over REST. Everything needs `manage_contacts`.
 *
 * A contact linked to a user who is its active source (link source `user`, sync on) is
 * read-only here: update and delete answer 409 `users_to_contacts_contact_locked`.
 */
final class ContactsController extends WP_REST_Controller {

	/**
	 * Largest page of the list.
	 */
	public const MAX_PER_PAGE = 500;

	/**
	 * Most emails one contact may have.
	 */
	public const MAX_EMAILS = 100;

	/**
	 * Body fields WordPress itself reads (method override, nonce, locale), never contact fields.
	 */
	public const TRANSPORT_FIELDS = array( '_method', '_wpnonce', '_locale' );

	/**
	 * Storage.
	 *
	 * @var ContactsRepository
	 */
	private ContactsRepository $contacts;

	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
		$this->rest_base = 'contacts';
		$this->contacts  = new ContactsRepository();
	}

	/**
	 * Registers /contacts and /contacts/{id}.
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
					'validate_callback'   => array( $this, 'validate_body_fields' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		$id_arg = array(
			'id' => array(
				'description' => __( 'The contact id.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)',
			array(
				'args'   => $id_arg,
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
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
					'validate_callback'   => array( $this, 'validate_body_fields' ),
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
		add_filter( 'rest_request_before_callbacks', array( self::class, 'explain_invalid_params' ), 10, 3 );
	}

	/**
	 * Makes WordPress's "Invalid parameter(s): email" say what is wrong with each parameter,
	 * so a person reading only the message (the admin screens show just that) can fix it.
	 *
	 * Only for this plugin's contacts and links routes; the error's code and data are kept.
	 *
	 * @param mixed                $response What WordPress will answer so far.
	 * @param array<string, mixed> $handler  The matched route handler.
	 * @param WP_REST_Request      $request  The request.
	 * @return mixed
	 */
	public static function explain_invalid_params( $response, $handler, $request ) {
		if ( ! is_wp_error( $response ) || 'rest_invalid_param' !== $response->get_error_code() ) {
			return $response;
		}
		$callback = $handler['callback'] ?? null;
		$owner    = is_array( $callback ) ? ( $callback[0] ?? null ) : null;
		if ( ! ( $owner instanceof self || $owner instanceof LinksController ) ) {
			return $response;
		}
		$data    = $response->get_error_data();
		$details = is_array( $data ) && is_array( $data['params'] ?? null ) ? array_values( $data['params'] ) : array();
		if ( ! $details ) {
			return $response;
		}
		return new WP_Error(
			'rest_invalid_param',
			$response->get_error_message() . '. ' . implode( ' ', array_map( 'strval', $details ) ),
			$data
		);
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
	 * Creating needs `manage_contacts`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Updating needs `manage_contacts` (and an unlocked contact, checked in update_item()).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * Deleting needs `manage_contacts` (and an unlocked contact, checked in delete_item()).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function delete_item_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * GET /contacts: a page of contacts; X-WP-Total and X-WP-TotalPages tell how many in all.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$args = array(
			'search'   => $request['search'],
			'type'     => $request['type'],
			'linked'   => $request['linked'],
			'run'      => $request['run'],
			'orderby'  => $request['orderby'],
			'order'    => $request['order'],
			'page'     => (int) $request['page'],
			'per_page' => (int) $request['per_page'],
		);
		foreach ( array( 'created_after', 'created_before', 'modified_after', 'modified_before' ) as $key ) {
			if ( null !== $request[ $key ] ) {
				$args[ $key ] = Dates::from_iso( (string) $request[ $key ] );
			}
		}
		try {
			$result = $this->contacts->query( $args );
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		$items = array();
		foreach ( $result['items'] as $record ) {
			$items[] = $this->to_api( $record );
		}
		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $result['total'] / max( 1, $args['per_page'] ) ) );
		return $response;
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
			return DatabaseError::response();
		}
	}

	/**
	 * POST /contacts: creates a contact (201).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$fields = $this->fields_from_request( $request );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		$emails = $this->emails_from_request( $request, array() );
		if ( ! self::names_something( $fields, $emails ) ) {
			return self::empty_contact();
		}
		try {
			$id       = $this->contacts->create( $fields, $emails );
			$response = $this->respond_with( $id );
		} catch ( RuntimeException $error ) {
			return DatabaseError::response();
		}
		if ( $response instanceof WP_REST_Response ) {
			$response->set_status( 201 );
			$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $id ) ) );
		}
		return $response;
	}

	/**
	 * PUT/PATCH /contacts/{id}: changes the fields sent, leaves the others.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$id     = (int) $request['id'];
		$fields = $this->fields_from_request( $request );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		try {
			// Read, check the lock and write under one row lock, so a link turned to `user`
			// meanwhile cannot slip an edit through.
			$linked_user = null;
			$result      = ContactsRepository::transaction(
				function () use ( $id, $fields, $request, &$linked_user ) {
					$current = $this->contacts->find( $id, false, true );
					if ( null === $current ) {
						return self::not_found( $id );
					}
					if ( ContactsRepository::is_locked( $current ) ) {
						return self::locked( $current );
					}
					$emails = ( isset( $request['emails'] ) || isset( $request['email'] ) )
						? $this->emails_from_request( $request, $current['emails'] )
						: null;
					$after                 = array_merge( $current, $fields );
					$after['display_name'] = ContactsRepository::display_name_after( $current, $fields, $emails ?? $current['emails'] );
					if ( ! self::names_something( $after, $emails ?? $current['emails'] ) ) {
						return self::empty_contact();
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
			return DatabaseError::response();
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
			$result = ContactsRepository::transaction(
				function () use ( $id ) {
					$current = $this->contacts->find( $id, false, true );
					if ( null === $current ) {
						return self::not_found( $id );
					}
					if ( ContactsRepository::is_locked( $current ) ) {
						return self::locked( $current );
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
			return DatabaseError::response();
		}
		if ( null === $record ) {
			return DatabaseError::response();
		}
		$data            = $this->to_api( $record );
		$data['deleted'] = true;
		return rest_ensure_response( $data );
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
		return null === $record ? self::not_found( $id ) : rest_ensure_response( $this->to_api( $record ) );
	}

	/**
	 * Refuses body fields that are not writable fields of a contact (additionalProperties:
	 * false for the request as a whole; WordPress itself ignores unknown parameters).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_body_fields( $request ) {
		$body = $request->get_json_params();
		if ( null === $body ) {
			$body = $request->get_body_params();
		}
		if ( ! is_array( $body ) || ( $body && array_is_list( $body ) ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_body',
				__( 'The request body must be a JSON object of contact fields.', 'users-to-contacts' ),
				array( 'status' => 400 )
			);
		}
		$properties = $this->get_item_schema()['properties'];
		$unknown    = array();
		$read_only  = array();
		$nulls      = array();
		foreach ( $body as $key => $value ) {
			if ( in_array( $key, self::TRANSPORT_FIELDS, true ) ) {
				continue;
			}
			if ( ! isset( $properties[ $key ] ) ) {
				$unknown[] = (string) $key;
			} elseif ( ! empty( $properties[ $key ]['readonly'] ) ) {
				$read_only[] = (string) $key;
			} elseif ( null === $value && 'birth_date' !== $key ) {
				// WordPress skips validating nulls and would then sanitise them into ''.
				$nulls[] = (string) $key;
			}
		}
		if ( $unknown ) {
			return new WP_Error(
				'users_to_contacts_unknown_field',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'A contact has no field named %s.', 'users-to-contacts' ), esc_html( implode( ', ', $unknown ) ) ),
				array(
					'status' => 400,
					'params' => $unknown,
				)
			);
		}
		if ( $read_only ) {
			return new WP_Error(
				'users_to_contacts_read_only_field',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'These contact fields are read-only and cannot be written: %s.', 'users-to-contacts' ), implode( ', ', $read_only ) ),
				array(
					'status' => 400,
					'params' => $read_only,
				)
			);
		}
		if ( $nulls ) {
			return new WP_Error(
				'users_to_contacts_null_field',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'These contact fields cannot be null: %s. Send an empty string to clear a text field, or "emails": [] to remove all emails.', 'users-to-contacts' ), implode( ', ', $nulls ) ),
				array(
					'status' => 400,
					'params' => $nulls,
				)
			);
		}
		return true;
	}

	/**
	 * Validates `email`: one address, checked after trimming, named in the error.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public function validate_email_arg( $value, $request, $param ) {
		if ( ! is_string( $value ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_email',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be an email address (a string); send "emails": [] to remove all emails.', 'users-to-contacts' ), $param )
			);
		}
		return self::check_email( $value, $param );
	}

	/**
	 * Normalises `email` (trimmed, lower case).
	 *
	 * @param mixed $value A validated address.
	 */
	public function sanitize_email_arg( $value ): string {
		return ContactsRepository::normalize_email( (string) $value );
	}

	/**
	 * Validates `emails`: the shape, every address (named when invalid), no address twice
	 * (compared trimmed and case-insensitively) and exactly one primary when not empty.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public function validate_emails_arg( $value, $request, $param ) {
		if ( ! is_array( $value ) ) {
			// WordPress would read a string as a comma-separated list; say what is expected.
			return new WP_Error(
				'users_to_contacts_invalid_emails',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be a list of objects such as { "email": "ada@example.com", "primary": true }.', 'users-to-contacts' ), $param )
			);
		}
		$schema = $this->get_item_schema()['properties']['emails'];
		// Name a bad address before the generic checks would call it just "Invalid email address".
		foreach ( $value as $index => $item ) {
			if ( is_array( $item ) && isset( $item['email'] ) && is_string( $item['email'] ) ) {
				$valid = self::check_email( $item['email'], "{$param}[{$index}][email]" );
				if ( is_wp_error( $valid ) ) {
					return $valid;
				}
				$value[ $index ]['email'] = ContactsRepository::normalize_email( $item['email'] );
			}
		}
		$valid = rest_validate_value_from_schema( $value, $schema, $param );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$seen      = array();
		$primaries = 0;
		foreach ( $value as $item ) {
			$email = $item['email'];
			if ( isset( $seen[ $email ] ) ) {
				return new WP_Error(
					'users_to_contacts_duplicate_email',
					/* translators: %s: an email address. */
					sprintf( __( '%s appears more than once in emails (addresses are compared without regard to case).', 'users-to-contacts' ), esc_html( $email ) )
				);
			}
			$seen[ $email ] = true;
			if ( rest_sanitize_boolean( $item['primary'] ?? false ) ) {
				++$primaries;
			}
		}
		if ( $seen && 1 !== $primaries ) {
			return new WP_Error(
				'users_to_contacts_primary_email',
				/* translators: %d: how many emails are marked primary. */
				sprintf( __( 'Exactly one of the emails must be primary; %d are marked primary.', 'users-to-contacts' ), $primaries )
			);
		}
		return true;
	}

	/**
	 * Normalises `emails` into `array{ email, primary }` items, the primary first.
	 *
	 * @param mixed $value A validated list.
	 * @return list<array{email: string, primary: bool}>
	 */
	public function sanitize_emails_arg( $value ): array {
		$emails = array();
		foreach ( (array) $value as $item ) {
			$emails[] = array(
				'email'   => ContactsRepository::normalize_email( (string) $item['email'] ),
				'primary' => rest_sanitize_boolean( $item['primary'] ?? false ),
			);
		}
		usort( $emails, static fn ( array $a, array $b ): int => (int) $b['primary'] - (int) $a['primary'] );
		return $emails;
	}

	/**
	 * Validates `birth_date`: null, or a real calendar date as YYYY-MM-DD.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public function validate_birth_date_arg( $value, $request, $param ) {
		if ( null === $value ) {
			return true;
		}
		$parts = is_string( $value ) && preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $match ) ? $match : null;
		if ( null === $parts || ! checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_date',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be a date written as YYYY-MM-DD (such as 1990-12-31), or null.', 'users-to-contacts' ), $param )
			);
		}
		return true;
	}

	/**
	 * Validates a date filter: an ISO 8601 date and time, named in the error.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public static function validate_date_time_arg( $value, $request, $param ) {
		if ( is_string( $value ) && false !== rest_parse_date( $value ) ) {
			return true;
		}
		return new WP_Error(
			'users_to_contacts_invalid_date',
			/* translators: %s: parameter name. */
			sprintf( __( '%s must be an ISO 8601 date and time, such as 2026-11-22T04:26:34Z.', 'users-to-contacts' ), $param )
		);
	}

	/**
	 * Validates `website`: empty, or a web address starting with http:// or https://.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter name.
	 * @return true|WP_Error
	 */
	public function validate_website_arg( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( is_wp_error( $valid ) || '' === trim( (string) $value ) ) {
			return $valid;
		}
		$parts = wp_parse_url( trim( (string) $value ) );
		if ( ! is_array( $parts ) || ! in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true ) || empty( $parts['host'] ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_website',
				/* translators: %s: parameter name. */
				sprintf( __( '%s must be a web address starting with http:// or https://.', 'users-to-contacts' ), $param )
			);
		}
		return true;
	}

	/**
	 * The contact as the API shows it.
	 *
	 * @param array<string, mixed> $record A contact record (ContactsRepository).
	 * @return array<string, mixed>
	 */
	public function to_api( array $record ): array {
		$data = array(
			'id'   => $record['id'],
			'type' => $record['type'],
		);
		foreach ( array( 'prefix', 'first_name', 'middle_name', 'last_name', 'display_name', 'nickname', 'organization_name', 'job_title' ) as $column ) {
			$data[ $column ] = $record[ $column ];
		}
		$data['birth_date'] = $record['birth_date'];
		$data['emails']     = $record['emails'];
		$data['email']      = ContactsRepository::primary_email( $record['emails'] );
		foreach ( array( 'phone', 'website', 'street_address', 'city', 'postal_code', 'country', 'notes' ) as $column ) {
			$data[ $column ] = $record[ $column ];
		}
		$data['user']           = $record['user'];
		$data['locked']         = ContactsRepository::is_locked( $record );
		$data['link']           = null === $record['link'] ? null : array(
			'source'         => $record['link']['source'],
			'sync_enabled'   => $record['link']['sync_enabled'],
			'origin'         => $record['link']['origin'],
			'linked_at'      => Dates::to_iso( $record['link']['linked_at'] ),
			'last_synced_at' => Dates::to_iso( $record['link']['last_synced_at'] ),
		);
		$data['former_user_id'] = $record['former_user_id'];
		$data['created']        = Dates::to_iso( $record['created'] );
		$data['modified']       = Dates::to_iso( $record['modified'] );
		$data['created_by_run'] = $record['created_by_run'];
		return $data;
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		$date = static fn ( string $description ): array => array(
			'description'       => $description,
			'type'              => 'string',
			'format'            => 'date-time',
			'validate_callback' => array( self::class, 'validate_date_time_arg' ),
		);
		return array(
			'page'            => array(
				'description' => __( 'Page of the list, from 1.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page'        => array(
				'description' => __( 'Contacts per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => self::MAX_PER_PAGE,
			),
			'search'          => array(
				'description' => __( 'Part of a name or of any email of the contact (any case).', 'users-to-contacts' ),
				'type'        => 'string',
				'maxLength'   => 255,
			),
			'type'            => array(
				'description' => __( 'Only contacts of this type.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => ContactsRepository::TYPES,
			),
			'linked'          => array(
				'description' => __( 'true: only contacts linked to a user; false: only contacts without a link.', 'users-to-contacts' ),
				'type'        => 'boolean',
			),
			'created_after'   => $date( __( 'Only contacts created at or after this time (ISO 8601).', 'users-to-contacts' ) ),
			'created_before'  => $date( __( 'Only contacts created at or before this time (ISO 8601).', 'users-to-contacts' ) ),
			'modified_after'  => $date( __( 'Only contacts modified at or after this time (ISO 8601).', 'users-to-contacts' ) ),
			'modified_before' => $date( __( 'Only contacts modified at or before this time (ISO 8601).', 'users-to-contacts' ) ),
			'run'             => array(
				'description' => __( 'Only contacts created by this run.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'orderby'         => array(
				'description' => __( 'Sort by.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => array_keys( ContactsRepository::ORDER_BY ),
				'default'     => 'id',
			),
			'order'           => array(
				'description' => __( 'Sort direction.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => array( 'asc', 'desc' ),
				'default'     => 'asc',
			),
		);
	}

	/**
	 * The contact schema: what GET answers and what POST/PUT/PATCH accept (all but readonly).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$text = static function ( string $description, int $max_length, string $format = 'text-field' ): array {
			return array(
				'description' => $description,
				'type'        => 'string',
				'maxLength'   => $max_length,
				'format'      => $format,
			);
		};
		$size = ContactsRepository::TEXT_COLUMNS;

		$properties = array(
			'id'                => array(
				'description' => __( 'Unique identifier of the contact.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'type'              => array(
				'description' => __( 'Kind of contact.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => ContactsRepository::TYPES,
				'default'     => 'individual',
			),
			'prefix'            => $text( __( 'Name prefix, such as Dr.', 'users-to-contacts' ), $size['prefix'] ),
			'first_name'        => $text( __( 'First name.', 'users-to-contacts' ), $size['first_name'] ),
			'middle_name'       => $text( __( 'Middle name.', 'users-to-contacts' ), $size['middle_name'] ),
			'last_name'         => $text( __( 'Last name.', 'users-to-contacts' ), $size['last_name'] ),
			'display_name'      => $text( __( 'Name shown in lists. When empty: first and last name for individuals, the organization name for organizations and households.', 'users-to-contacts' ), $size['display_name'] ),
			'nickname'          => $text( __( 'Nickname.', 'users-to-contacts' ), $size['nickname'] ),
			'organization_name' => $text( __( 'Organization (or household) name.', 'users-to-contacts' ), $size['organization_name'] ),
			'job_title'         => $text( __( 'Job title.', 'users-to-contacts' ), $size['job_title'] ),
			'birth_date'        => array(
				'description' => __( 'Birth date as YYYY-MM-DD, or null.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'format'      => 'date',
				'pattern'     => '^\d{4}-\d{2}-\d{2}$',
				'arg_options' => array(
					'validate_callback' => array( $this, 'validate_birth_date_arg' ),
					'sanitize_callback' => static fn ( $value ) => $value,
				),
			),
			'emails'            => array(
				'description' => __( 'All emails of the contact; exactly one is primary when there are any. Writing it replaces the list.', 'users-to-contacts' ),
				'type'        => 'array',
				'maxItems'    => self::MAX_EMAILS,
				'items'       => array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'email'   => array(
							'description' => __( 'Email address (stored trimmed and in lower case).', 'users-to-contacts' ),
							'type'        => 'string',
							'format'      => 'email',
							'maxLength'   => ContactsRepository::EMAIL_MAX_LENGTH,
							'required'    => true,
						),
						'primary' => array(
							'description' => __( 'Whether this is the primary email.', 'users-to-contacts' ),
							'type'        => 'boolean',
							'default'     => false,
						),
					),
				),
				'arg_options' => array(
					'validate_callback' => array( $this, 'validate_emails_arg' ),
					'sanitize_callback' => array( $this, 'sanitize_emails_arg' ),
				),
			),
			'email'             => array(
				'description' => __( 'The primary email, or null when the contact has none. Writing it makes it the primary; the previous primary stays as a non-primary email.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'format'      => 'email',
				'maxLength'   => ContactsRepository::EMAIL_MAX_LENGTH,
				'arg_options' => array(
					'validate_callback' => array( $this, 'validate_email_arg' ),
					'sanitize_callback' => array( $this, 'sanitize_email_arg' ),
				),
			),
			'phone'             => $text( __( 'Phone number.', 'users-to-contacts' ), $size['phone'] ),
			'website'           => array(
				'description' => __( 'Website, starting with http:// or https://.', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'uri',
				'maxLength'   => $size['website'],
				'arg_options' => array(
					'validate_callback' => array( $this, 'validate_website_arg' ),
					'sanitize_callback' => static fn ( $value ): string => '' === trim( (string) $value ) ? '' : esc_url_raw( trim( (string) $value ), array( 'http', 'https' ) ),
				),
			),
			'street_address'    => $text( __( 'Street address.', 'users-to-contacts' ), $size['street_address'] ),
			'city'              => $text( __( 'City.', 'users-to-contacts' ), $size['city'] ),
			'postal_code'       => $text( __( 'Postal code.', 'users-to-contacts' ), $size['postal_code'] ),
			'country'           => $text( __( 'Country.', 'users-to-contacts' ), $size['country'] ),
			'notes'             => $text( __( 'Notes (plain text, several lines).', 'users-to-contacts' ), $size['notes'], 'textarea-field' ),
			'user'              => array(
				'description' => __( 'The WordPress user linked to the contact, or null.', 'users-to-contacts' ),
				'type'        => array( 'object', 'null' ),
				'readonly'    => true,
				'properties'  => array(
					'id'           => array( 'type' => 'integer' ),
					'login'        => array( 'type' => 'string' ),
					'display_name' => array( 'type' => 'string' ),
				),
			),
			'locked'            => array(
				'description' => __( 'True when the linked user is the active source (link source "user", sync on): the contact cannot be edited or deleted here.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'link'              => array(
				'description' => __( 'The link to the user, or null (see /links).', 'users-to-contacts' ),
				'type'        => array( 'object', 'null' ),
				'readonly'    => true,
				'properties'  => array(
					'source'         => array(
						'type' => 'string',
						'enum' => array( 'user', 'contact' ),
					),
					'sync_enabled'   => array( 'type' => 'boolean' ),
					'origin'         => array(
						'type' => 'string',
						'enum' => array( 'matched', 'created', 'manual' ),
					),
					'linked_at'      => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
					'last_synced_at' => array(
						'type'   => array( 'string', 'null' ),
						'format' => 'date-time',
					),
				),
			),
			'former_user_id'    => array(
				'description' => __( 'The user this contact belonged to before the link was removed, or null.', 'users-to-contacts' ),
				'type'        => array( 'integer', 'null' ),
				'readonly'    => true,
			),
			'created'           => array(
				'description' => __( 'When the contact was created (ISO 8601, UTC).', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'date-time',
				'readonly'    => true,
			),
			'modified'          => array(
				'description' => __( 'When the contact last changed (ISO 8601, UTC).', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'date-time',
				'readonly'    => true,
			),
			'created_by_run'    => array(
				'description' => __( 'The run that created the contact, or null.', 'users-to-contacts' ),
				'type'        => array( 'integer', 'null' ),
				'readonly'    => true,
			),
			'deleted'           => array(
				'description' => __( 'True in the answer to a DELETE.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
		);

		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-contact',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => $properties,
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The columns a write sets, from the request's (validated, sanitised) fields.
	 *
	 * Sanitising can lengthen a value (a lone `<` becomes `&lt;`), so lengths are checked
	 * again here, against the columns.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array<string, mixed>|WP_Error
	 */
	private function fields_from_request( WP_REST_Request $request ) {
		$fields = array();
		if ( isset( $request['type'] ) ) {
			$fields['type'] = (string) $request['type'];
		}
		foreach ( ContactsRepository::TEXT_COLUMNS as $column => $max_length ) {
			if ( ! isset( $request[ $column ] ) ) {
				continue;
			}
			$value  = (string) $request[ $column ];
			$length = 'notes' === $column ? strlen( $value ) : mb_strlen( $value );
			if ( $length > $max_length ) {
				return new WP_Error(
					'users_to_contacts_too_long',
					/* translators: 1: field name, 2: maximum length. */
					sprintf( __( '%1$s is too long once cleaned of markup: at most %2$d characters.', 'users-to-contacts' ), $column, $max_length ),
					array( 'status' => 400 )
				);
			}
			$fields[ $column ] = $value;
		}
		if ( $request->has_param( 'birth_date' ) ) {
			$fields['birth_date'] = $request['birth_date'];
		}
		return $fields;
	}

	/**
	 * The emails a write leaves the contact with: `emails` (when sent) replaces $current, then
	 * `email` (when sent) becomes the primary.
	 *
	 * @param WP_REST_Request                           $request The request.
	 * @param list<array{email: string, primary: bool}> $current The contact's emails now.
	 * @return list<array{email: string, primary: bool}>
	 */
	private function emails_from_request( WP_REST_Request $request, array $current ): array {
		$emails = isset( $request['emails'] ) ? (array) $request['emails'] : $current;
		if ( isset( $request['email'] ) ) {
			$emails = ContactsRepository::with_primary( $emails, (string) $request['email'] );
		}
		return $emails;
	}

	/**
	 * Whether a contact has something to be known by: a name or an email.
	 *
	 * @param array<string, mixed>                      $fields Its columns.
	 * @param list<array{email: string, primary: bool}> $emails Its emails.
	 */
	private static function names_something( array $fields, array $emails ): bool {
		if ( $emails ) {
			return true;
		}
		foreach ( array( 'display_name', 'first_name', 'middle_name', 'last_name', 'nickname', 'organization_name' ) as $column ) {
			if ( '' !== trim( (string) ( $fields[ $column ] ?? '' ) ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks one address after trimming.
	 *
	 * @param string $value The address as sent.
	 * @param string $param Where it was sent, for the message.
	 * @return true|WP_Error
	 */
	private static function check_email( string $value, string $param ) {
		$email = ContactsRepository::normalize_email( $value );
		if ( strlen( $email ) > ContactsRepository::EMAIL_MAX_LENGTH ) {
			return new WP_Error(
				'users_to_contacts_invalid_email',
				/* translators: 1: parameter name, 2: maximum length. */
				sprintf( __( '%1$s is too long: an email address has at most %2$d characters.', 'users-to-contacts' ), $param, ContactsRepository::EMAIL_MAX_LENGTH )
			);
		}
		if ( ! is_email( $email ) ) {
			return new WP_Error(
				'users_to_contacts_invalid_email',
				/* translators: 1: the address as sent, 2: parameter name. */
				sprintf( __( '"%1$s" is not a valid email address (%2$s).', 'users-to-contacts' ), esc_html( mb_strimwidth( $value, 0, 100, '…' ) ), $param )
			);
		}
		return true;
	}

	/**
	 * 404 for a contact that does not exist (or was deleted).
	 *
	 * @param int $id Contact id.
	 */
	private static function not_found( int $id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_contact_not_found',
			/* translators: %d: contact id. */
			sprintf( __( 'There is no contact #%d (it may have been deleted).', 'users-to-contacts' ), $id ),
			array( 'status' => 404 )
		);
	}

	/**
	 * 409 for a contact whose linked user is the active source.
	 *
	 * @param array<string, mixed> $record The contact record.
	 */
	private static function locked( array $record ): WP_Error {
		return new WP_Error(
			'users_to_contacts_contact_locked',
			sprintf(
				/* translators: %s: user login. */
				__( 'This contact is read-only: the WordPress user "%s" is its source, so its changes come from that user. To edit or delete it here, reverse the direction (make the contact the source) or turn off sync for that user.', 'users-to-contacts' ),
				$record['user']['login']
			),
			array(
				'status'  => 409,
				'user_id' => $record['user']['id'],
			)
		);
	}

	/**
	 * 400 for a contact with neither a name nor an email.
	 */
	private static function empty_contact(): WP_Error {
		return new WP_Error(
			'users_to_contacts_contact_empty',
			__( 'A contact needs a name (first, last, display, nickname or organization name) or an email address.', 'users-to-contacts' ),
			array( 'status' => 400 )
		);
	}
}
