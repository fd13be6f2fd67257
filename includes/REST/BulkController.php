<?php
/**
 * The sync engine's bulk routes: pages of users, contacts by email, and one batch apply.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use DomainException;
use RuntimeException;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\RunsRepository;
use UsersToContacts\Database\Schema;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Support\Dates;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Routes (all need manage_contacts), built for 100,000 users in seconds (DESIGN.md section 6):
 * pages of thousands per request, a fixed number of set-based queries per request whatever its
 * size (IN lookups, multi-row INSERTs, CASE updates), no per-row queries except where WordPress's
 * own user API must run (update_user, delete_user).
 *
 * - GET  /bulk/users                  keyset page of users (or the users of `include`) with their
 *                                     link and requested fields;
 * - POST /bulk/contacts-by-emails     the non-deleted contacts holding each email;
 * - POST /bulk/contacts               contacts by id, with their fields and emails;
 * - POST /bulk/apply                  a batch of operations, in one transaction.
 *
 * PHP makes no sync decision here: the engine says what to do; this validates it, applies it
 * all-or-nothing, and guards integrity with the unique keys (one link per user and per contact,
 * one run item per user and run), so a replayed or concurrent batch has its effect exactly once.
 */
final class BulkController extends WP_REST_Controller {

	/**
	 * Most users per page, emails per lookup, operations per batch.
	 */
	public const MAX_PAGE = 5000;

	/**
	 * Every operation kind, in the order a batch applies them (grouped by kind, not in request
	 * order: unlinks and deletions free users and contacts before links take them).
	 */
	public const KINDS = array( 'skip', 'unlink', 'delete_contact', 'link', 'create_and_link', 'update_contact', 'update_user', 'touch_link', 'delete_user' );

	/**
	 * The run item outcome each kind records unless the operation says otherwise.
	 */
	private const DEFAULT_OUTCOME = array(
		'skip'            => 'skipped',
		'unlink'          => 'unlinked',
		'delete_contact'  => 'deleted',
		'link'            => 'matched',
		'create_and_link' => 'created',
		'update_contact'  => 'updated',
		'update_user'     => 'updated',
		'touch_link'      => 'matched',
		'delete_user'     => 'deleted',
	);

	/**
	 * Which fields each kind takes; `*` marks the required ones.
	 */
	private const OPERATION_FIELDS = array(
		'skip'            => array( 'user_id*', 'reason*', 'contact_id', 'outcome' ),
		'unlink'          => array( 'user_id*', 'outcome', 'reason' ),
		'delete_contact'  => array( 'contact_id*', 'user_id', 'outcome', 'reason' ),
		'link'            => array( 'user_id*', 'contact_id*', 'origin', 'source', 'sync_enabled', 'outcome', 'reason' ),
		'create_and_link' => array( 'user_id*', 'contact*', 'source', 'sync_enabled', 'outcome', 'reason' ),
		'update_contact'  => array( 'contact_id*', 'user_id', 'fields', 'add_emails', 'primary_email', 'outcome', 'reason' ),
		'update_user'     => array( 'user_id*', 'fields*', 'contact_id', 'outcome', 'reason' ),
		'touch_link'      => array( 'user_id*', 'outcome', 'reason' ),
		'delete_user'     => array( 'user_id*', 'reassign', 'outcome', 'reason' ),
	);

	/**
	 * Core user columns /bulk/users can return in `fields`.
	 */
	private const READABLE_USER_COLUMNS = array( 'user_login', 'user_email', 'user_url', 'user_registered', 'user_nicename', 'display_name' );

	/**
	 * Core user fields update_user may write (through wp_update_user()), with their longest value.
	 */
	private const WRITABLE_USER_FIELDS = array(
		'user_email'   => 100,
		'user_url'     => 100,
		'display_name' => 250,
		'nickname'     => 255,
		'first_name'   => 255,
		'last_name'    => 255,
		'description'  => 65535,
	);

	/**
	 * User meta keys that are never read or written here (credentials, roles, sessions).
	 */
	private const PRIVATE_USER_KEYS = array( 'user_pass', 'user_activation_key', 'session_tokens', 'capabilities', 'user_level', 'default_password_nag', 'ID', 'user_login', 'user_status', 'user_registered', 'user_nicename' );

	/**
	 * Placeholders of a links row and of a contact_emails row (primary_of 0 stores NULL).
	 */
	private const LINK_ROW  = '(%d, %d, %d, %s, %s, NOW_, NOW_)';
	private const EMAIL_ROW = '(%d, %s, %d, NULLIF( %d, 0 ))';

	/**
	 * MySQL errors after which a batch is simply tried again.
	 */
	private const RETRYABLE_ERRORS = array( 1213, 1205 );

	/**
	 * The run items.
	 */
	private RunsRepository $runs;

	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
		$this->rest_base = 'bulk';
		$this->runs      = new RunsRepository();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$permission = array( $this, 'get_items_permissions_check' );
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/users',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_users' ),
					'permission_callback' => $permission,
					'args'                => $this->get_users_params(),
				),
				'schema' => array( $this, 'get_users_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/contacts-by-emails',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'contacts_by_emails' ),
					'permission_callback' => $permission,
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
					'permission_callback' => $permission,
					'args'                => rest_get_endpoint_args_for_schema( $this->get_contacts_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_contacts_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/apply',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'apply' ),
					'permission_callback' => $permission,
					'args'                => rest_get_endpoint_args_for_schema( $this->get_apply_schema(), WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_apply_schema' ),
			)
		);
	}

	/**
	 * Every route needs manage_contacts.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/* ------------------------------------------------------------- /bulk/users */

	/**
	 * GET /bulk/users: `ID > after ORDER BY ID LIMIT n`, then one query for their meta and one for
	 * their links.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_users( $request ) {
		global $wpdb;
		$after  = (int) $request['after'];
		$limit  = (int) $request['limit'];
		$fields = $this->parse_fields( (string) $request['fields'] );
		if ( $fields instanceof WP_Error ) {
			return $fields;
		}
		$columns = array_values( array_intersect( $fields, self::READABLE_USER_COLUMNS ) );
		$meta    = array_values( array_diff( $fields, self::READABLE_USER_COLUMNS ) );

		$select = array_unique( array_merge( array( 'ID', 'user_login', 'user_email', 'display_name' ), $columns ) );
		$include = array_values( array_unique( array_map( 'intval', (array) $request['include'] ) ) );
		if ( $include ) {
			// Given users (an event runner's), whatever `after` says; one page, no next.
			$where = 'u.ID IN (' . implode( ',', $include ) . ')';
			$limit = count( $include );
		} else {
			$where = $wpdb->prepare( 'u.ID > %d', $after );
		}
		if ( is_multisite() ) {
			// Only this site's users: those with a role here.
			$where .= $wpdb->prepare( " AND EXISTS ( SELECT 1 FROM {$wpdb->usermeta} m WHERE m.user_id = u.ID AND m.meta_key = %s )", $wpdb->get_blog_prefix() . 'capabilities' );
		}
		// Column names come from READABLE_USER_COLUMNS; $where is prepared.
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared
		$users = $wpdb->get_results(
			$wpdb->prepare( 'SELECT u.' . implode( ', u.', $select ) . " FROM {$wpdb->users} u WHERE {$where} ORDER BY u.ID LIMIT %d", $limit ),
			ARRAY_A
		);
		$users = is_array( $users ) ? $users : array();
		$ids   = array_map( static fn( array $row ): int => (int) $row['ID'], $users );

		$caps_key  = $wpdb->get_blog_prefix() . 'capabilities';
		$meta_keys = array_values( array_unique( array_merge( array( 'first_name', 'last_name', $caps_key ), $meta ) ) );
		$values    = array();
		$links     = array();
		if ( $ids ) {
			$id_list = implode( ',', $ids );
			$keys    = $this->string_list( $meta_keys );
			$rows    = $wpdb->get_results(
				"SELECT umeta_id, user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN ({$id_list}) AND meta_key IN ({$keys})",
				ARRAY_A
			);
			$first = array();
			foreach ( is_array( $rows ) ? $rows : array() as $row ) {
				// The first value of a key (lowest umeta_id), as get_user_meta( $id, $key, true ) gives it;
				// chosen here rather than with ORDER BY, which costs a sort of every row.
				$user = (int) $row['user_id'];
				$meta = (int) $row['umeta_id'];
				if ( ! isset( $first[ $user ][ $row['meta_key'] ] ) || $meta < $first[ $user ][ $row['meta_key'] ] ) {
					$first[ $user ][ $row['meta_key'] ]  = $meta;
					$values[ $user ][ $row['meta_key'] ] = (string) $row['meta_value'];
				}
			}
			$table = Schema::table( 'links' );
			$rows  = $wpdb->get_results( "SELECT user_id, contact_id, sync_enabled, source, origin FROM {$table} WHERE user_id IN ({$id_list})", ARRAY_A );
			foreach ( is_array( $rows ) ? $rows : array() as $row ) {
				$links[ (int) $row['user_id'] ] = array(
					'contact_id'   => (int) $row['contact_id'],
					'sync_enabled' => (bool) (int) $row['sync_enabled'],
					'source'       => (string) $row['source'],
					'origin'       => (string) $row['origin'],
				);
			}
		}
		// phpcs:enable

		$page = array();
		foreach ( $users as $row ) {
			$id       = (int) $row['ID'];
			$own      = $values[ $id ] ?? array();
			$requested = array();
			foreach ( $fields as $field ) {
				$requested[ $field ] = in_array( $field, self::READABLE_USER_COLUMNS, true ) ? (string) $row[ $field ] : ( $own[ $field ] ?? null );
			}
			$caps   = maybe_unserialize( $own[ $caps_key ] ?? '' );
			$page[] = array(
				'id'           => $id,
				'login'        => (string) $row['user_login'],
				'email'        => (string) $row['user_email'],
				'roles'        => is_array( $caps ) ? array_keys( array_filter( $caps ) ) : array(),
				'display_name' => (string) $row['display_name'],
				'first_name'   => $own['first_name'] ?? '',
				'last_name'    => $own['last_name'] ?? '',
				'fields'       => (object) $requested,
				'link'         => $links[ $id ] ?? null,
			);
		}
		$data = array(
			'users'      => $page,
			'next_after' => ! $include && count( $users ) === $limit && $ids ? (int) end( $ids ) : null,
		);
		if ( 0 === $after && ! $include ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- core table name.
			$data['total'] = is_multisite() ? (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $caps_key ) ) : (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->users}" );
		}
		return rest_ensure_response( $data );
	}

	/**
	 * The `fields` parameter as a list of names, or a 400 for names that cannot be read here.
	 *
	 * @param string $fields Comma-separated user fields.
	 * @return list<string>|WP_Error
	 */
	private function parse_fields( string $fields ) {
		$names = array_values( array_unique( array_filter( array_map( 'trim', explode( ',', $fields ) ), 'strlen' ) ) );
		if ( count( $names ) > 100 ) {
			return new WP_Error( 'users_to_contacts_invalid_fields', __( 'Ask for 100 fields at most.', 'users-to-contacts' ), array( 'status' => 400 ) );
		}
		$private = array_filter( $names, array( $this, 'is_private_user_key' ) );
		$private = array_diff( $private, self::READABLE_USER_COLUMNS );
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
	 * Whether a user field or meta key is private (credentials, roles, sessions, protected meta).
	 *
	 * @param string $key A user field or meta key.
	 */
	private function is_private_user_key( string $key ): bool {
		global $wpdb;
		if ( '' === $key || str_starts_with( $key, '_' ) || in_array( $key, self::PRIVATE_USER_KEYS, true ) ) {
			return true;
		}
		// Roles and levels of any site of a network: wp_capabilities, wp_2_user_level, ...
		return (bool) preg_match( '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '(\d+_)?(capabilities|user_level|user-settings|user-settings-time)$/', $key );
	}

	/* ---------------------------------------------------- /bulk/contacts-by-emails */

	/**
	 * POST /bulk/contacts-by-emails: one IN query joined with the links.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function contacts_by_emails( $request ) {
		global $wpdb;
		$unknown = RequestBody::unknown_fields( $request, $this->get_emails_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$emails = array();
		foreach ( (array) $request['emails'] as $index => $email ) {
			$normal = strtolower( trim( (string) $email ) );
			if ( '' === $normal ) {
				return new WP_Error(
					'users_to_contacts_invalid_email',
					/* translators: %d: position in the list. */
					sprintf( __( 'emails[%d] is empty.', 'users-to-contacts' ), (int) $index ),
					array( 'status' => 400 )
				);
			}
			$emails[ $normal ] = array();
		}
		if ( $emails ) {
			$list     = $this->string_list( array_keys( $emails ) );
			$contacts = Schema::table( 'contacts' );
			$table    = Schema::table( 'contact_emails' );
			$links    = Schema::table( 'links' );
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- each email is prepared.
			$rows = $wpdb->get_results(
				"SELECT e.email, e.contact_id, e.is_primary, c.type, l.user_id
				FROM {$table} e
				JOIN {$contacts} c ON c.id = e.contact_id AND c.deleted_at IS NULL
				LEFT JOIN {$links} l ON l.contact_id = e.contact_id
				WHERE e.email IN ({$list})
				ORDER BY e.is_primary DESC, e.contact_id",
				ARRAY_A
			);
			foreach ( is_array( $rows ) ? $rows : array() as $row ) {
				$emails[ strtolower( trim( (string) $row['email'] ) ) ][] = array(
					'contact_id'     => (int) $row['contact_id'],
					'type'           => (string) $row['type'],
					'primary'        => 1 === (int) $row['is_primary'],
					'linked_user_id' => null === $row['user_id'] ? null : (int) $row['user_id'],
				);
			}
		}
		return rest_ensure_response( array( 'matches' => (object) $emails ) );
	}

	/* ------------------------------------------------------------------ /bulk/contacts */

	/**
	 * POST /bulk/contacts: the non-deleted contacts with these ids, their fields and emails (the
	 * primary first), in two queries. Ids that are missing or deleted are left out.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function contacts_by_ids( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_contacts_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$ids      = array_values( array_unique( array_map( 'intval', (array) $request['ids'] ) ) );
		$contacts = array();
		if ( $ids ) {
			$list    = implode( ',', $ids );
			$columns = array_merge( array( 'id', 'type', 'birth_date' ), array_keys( ContactsRepository::TEXT_COLUMNS ) );
			$table   = Schema::table( 'contacts' );
			$emails  = Schema::table( 'contact_emails' );
			try {
				$rows = $this->rows( 'SELECT ' . implode( ', ', $columns ) . " FROM {$table} WHERE id IN ({$list}) AND deleted_at IS NULL ORDER BY id" );
				$held = array();
				foreach ( $this->rows( "SELECT contact_id, email, is_primary FROM {$emails} WHERE contact_id IN ({$list}) ORDER BY contact_id, is_primary DESC, id" ) as $row ) {
					$held[ (int) $row['contact_id'] ][] = array( strtolower( (string) $row['email'] ), 1 === (int) $row['is_primary'] );
				}
			} catch ( RuntimeException $failure ) {
				return new WP_Error( 'users_to_contacts_database_error', __( 'The database could not read the contacts. Try again.', 'users-to-contacts' ), array( 'status' => 503 ) );
			}
			foreach ( $rows as $row ) {
				$id     = (int) $row['id'];
				$fields = array();
				foreach ( $columns as $column ) {
					if ( 'id' !== $column ) {
						$fields[ $column ] = null === $row[ $column ] ? null : (string) $row[ $column ];
					}
				}
				$own        = $held[ $id ] ?? array();
				$primary    = array_values( array_filter( $own, static fn( array $email ): bool => $email[1] ) );
				$contacts[] = array(
					'id'     => $id,
					'email'  => $primary ? $primary[0][0] : '',
					'emails' => array_map( static fn( array $email ): string => $email[0], $own ),
					'fields' => (object) $fields,
				);
			}
		}
		return rest_ensure_response( array( 'contacts' => $contacts ) );
	}

	/* ---------------------------------------------------------------- /bulk/apply */

	/**
	 * POST /bulk/apply: validates every operation, then applies them all in one transaction (or
	 * none: an invalid operation answers 400 naming it and changes nothing). A deadlock with a
	 * concurrent batch makes the whole batch run again (up to three times).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function apply( $request ) {
		global $wpdb;
		$unknown = RequestBody::unknown_fields( $request, $this->get_apply_schema() );
		if ( $unknown ) {
			return $unknown;
		}
		$operations = array_values( (array) $request['operations'] );
		$run_id     = null === $request['run_id'] ? null : (int) $request['run_id'];
		$cursor     = null === $request['cursor'] ? null : (int) $request['cursor'];
		if ( null !== $cursor && null === $run_id ) {
			return new WP_Error( 'users_to_contacts_invalid_operation', __( 'A cursor needs a run_id: it is the run\'s cursor.', 'users-to-contacts' ), array( 'status' => 400 ) );
		}
		if ( null !== $run_id ) {
			$run = $this->runs->find( $run_id );
			if ( null === $run || ! in_array( $run['status'], RunsRepository::IN_PROGRESS, true ) ) {
				return $this->run_refusal( $run_id, $run );
			}
		}
		try {
			foreach ( $operations as $index => $operation ) {
				$operations[ $index ] = $this->check_operation( $index, (array) $operation );
			}
		} catch ( DomainException $invalid ) {
			return $this->invalid( $invalid );
		}

		$touched_users = array();
		for ( $attempt = 1; ; ++$attempt ) {
			$wpdb->query( 'START TRANSACTION' );
			try {
				$answer = $this->apply_in_transaction( $operations, $run_id, $cursor, $touched_users );
				$this->run_sql( 'COMMIT' );
				return rest_ensure_response( $answer );
			} catch ( DomainException $invalid ) {
				$this->roll_back( $touched_users );
				return $this->invalid( $invalid );
			} catch ( RuntimeException $failure ) {
				$this->roll_back( $touched_users );
				if ( in_array( $failure->getCode(), self::RETRYABLE_ERRORS, true ) && $attempt < 3 ) {
					continue;
				}
				return new WP_Error(
					'users_to_contacts_database_error',
					__( 'The database refused the batch; nothing was applied. Try again.', 'users-to-contacts' ),
					array(
						'status' => 503,
						'detail' => $failure->getMessage(),
					)
				);
			} catch ( \Throwable $failure ) {
				$this->roll_back( $touched_users );
				throw $failure;
			}
		}
	}

	/**
	 * Why a batch cannot go to this run: there is none (400), or it finished (409).
	 *
	 * @param int                       $run_id The run asked for.
	 * @param array<string, mixed>|null $run    Its row.
	 */
	private function run_refusal( int $run_id, ?array $run ): WP_Error {
		if ( null === $run ) {
			return new WP_Error(
				'users_to_contacts_run_not_found',
				/* translators: %d: run id. */
				sprintf( __( 'There is no run %d. Nothing was applied.', 'users-to-contacts' ), $run_id ),
				array( 'status' => 400 )
			);
		}
		return new WP_Error(
			'users_to_contacts_run_finished',
			/* translators: 1: run id, 2: its status. */
			sprintf( __( 'Run %1$d is %2$s: it takes no more batches. Nothing was applied.', 'users-to-contacts' ), $run_id, (string) $run['status'] ),
			array(
				'status'     => 409,
				'run_status' => (string) $run['status'],
			)
		);
	}

	/**
	 * The 400 for an invalid operation (index -1: the run finished meanwhile, a 409).
	 *
	 * @param DomainException $invalid Its message names the operation; its code is the index.
	 */
	private function invalid( DomainException $invalid ): WP_Error {
		if ( -1 === $invalid->getCode() ) {
			return new WP_Error( 'users_to_contacts_run_finished', $invalid->getMessage(), array( 'status' => 409 ) );
		}
		return new WP_Error(
			'users_to_contacts_invalid_operation',
			$invalid->getMessage() . ' ' . __( 'Nothing was applied.', 'users-to-contacts' ),
			array(
				'status' => 400,
				'index'  => $invalid->getCode(),
			)
		);
	}

	/**
	 * Rolls back, and forgets cached users that a rolled-back wp_update_user() changed.
	 *
	 * @param array<int, true> $touched_users User ids.
	 */
	private function roll_back( array $touched_users ): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		foreach ( array_keys( $touched_users ) as $user_id ) {
			clean_user_cache( $user_id );
			wp_cache_delete( $user_id, 'user_meta' );
		}
	}

	/**
	 * Checks one operation's shape (no database): required and allowed fields for its kind, and
	 * the values of contact and user fields. Returns it cleaned.
	 *
	 * @param int                  $index     Its position in the batch.
	 * @param array<string, mixed> $operation The operation.
	 * @return array<string, mixed>
	 * @throws DomainException When it is invalid.
	 */
	private function check_operation( int $index, array $operation ): array {
		$kind    = (string) $operation['kind'];
		$allowed = array( 'kind' );
		foreach ( self::OPERATION_FIELDS[ $kind ] as $field ) {
			$name      = rtrim( $field, '*' );
			$allowed[] = $name;
			if ( $name !== $field && ! isset( $operation[ $name ] ) ) {
				/* translators: 1: operation index, 2: operation kind, 3: field name. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s) needs %3$s.', 'users-to-contacts' ), $index, $kind, $name ) );
			}
		}
		$extra = array_diff( array_keys( $operation ), $allowed );
		if ( $extra ) {
			/* translators: 1: operation index, 2: operation kind, 3: field names, 4: accepted field names. */
			$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s) does not take %3$s. It takes: %4$s.', 'users-to-contacts' ), $index, $kind, implode( ', ', $extra ), implode( ', ', $allowed ) ) );
		}
		if ( 'update_contact' === $kind && ! isset( $operation['fields'] ) && ! isset( $operation['add_emails'] ) && ! isset( $operation['primary_email'] ) ) {
			/* translators: %d: operation index. */
			$this->fail( $index, sprintf( __( 'Operation %d (update_contact) changes nothing: give fields, add_emails or primary_email.', 'users-to-contacts' ), $index ) );
		}
		if ( 'create_and_link' === $kind ) {
			$contact = (array) $operation['contact'];
			if ( ! isset( $contact['email'] ) ) {
				/* translators: %d: operation index. */
				$this->fail( $index, sprintf( __( 'Operation %d (create_and_link) needs contact.email.', 'users-to-contacts' ), $index ) );
			}
			$email = strtolower( trim( (string) $contact['email'] ) );
			unset( $contact['email'] );
			$operation['contact']       = $this->check_contact_fields( $index, $kind, $contact );
			$operation['contact_email'] = $email;
		}
		if ( 'update_contact' === $kind ) {
			$operation['fields']     = $this->check_contact_fields( $index, $kind, (array) ( $operation['fields'] ?? array() ) );
			$operation['add_emails'] = array_values( array_unique( array_map( static fn( $email ): string => strtolower( trim( (string) $email ) ), (array) ( $operation['add_emails'] ?? array() ) ) ) );
			if ( isset( $operation['primary_email'] ) ) {
				$operation['primary_email'] = strtolower( trim( (string) $operation['primary_email'] ) );
			}
		}
		if ( 'update_user' === $kind ) {
			$operation['fields'] = $this->check_user_fields( $index, (array) $operation['fields'] );
		}
		$operation['index'] = $index;
		return $operation;
	}

	/**
	 * Contact fields: known columns, strings within their length, a valid type and birth date.
	 *
	 * @param int                  $index  Operation index.
	 * @param string               $kind   Operation kind.
	 * @param array<string, mixed> $fields The fields.
	 * @return array<string, string|null>
	 * @throws DomainException When a field is invalid.
	 */
	private function check_contact_fields( int $index, string $kind, array $fields ): array {
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$name = (string) $name;
			if ( 'type' === $name ) {
				if ( ! in_array( $value, ContactsRepository::TYPES, true ) ) {
					/* translators: 1: operation index, 2: kind, 3: the accepted types. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): type must be one of %3$s.', 'users-to-contacts' ), $index, $kind, implode( ', ', ContactsRepository::TYPES ) ) );
				}
				$clean['type'] = (string) $value;
			} elseif ( 'birth_date' === $name ) {
				$date = null === $value ? '' : (string) $value;
				if ( '' !== $date && ( ! preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $date, $parts ) || ! checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ) ) {
					/* translators: 1: operation index, 2: kind. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): birth_date must be a date such as 1990-12-31.', 'users-to-contacts' ), $index, $kind ) );
				}
				$clean['birth_date'] = '' === $date ? null : $date;
			} elseif ( isset( ContactsRepository::TEXT_COLUMNS[ $name ] ) ) {
				if ( ! is_string( $value ) ) {
					/* translators: 1: operation index, 2: kind, 3: field. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s must be a string.', 'users-to-contacts' ), $index, $kind, $name ) );
				}
				if ( mb_strlen( $value ) > ContactsRepository::TEXT_COLUMNS[ $name ] ) {
					/* translators: 1: operation index, 2: kind, 3: field, 4: maximum length. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s is longer than %4$d characters.', 'users-to-contacts' ), $index, $kind, $name, ContactsRepository::TEXT_COLUMNS[ $name ] ) );
				}
				$clean[ $name ] = $value;
			} else {
				/* translators: 1: operation index, 2: kind, 3: field. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s is not a contact field.', 'users-to-contacts' ), $index, $kind, $name ) );
			}
		}
		return $clean;
	}

	/**
	 * User fields: writable core fields within their length (a valid email), or public meta keys.
	 *
	 * @param int                  $index  Operation index.
	 * @param array<string, mixed> $fields The fields.
	 * @return array<string, string>
	 * @throws DomainException When a field is invalid or private.
	 */
	private function check_user_fields( int $index, array $fields ): array {
		if ( ! $fields ) {
			/* translators: %d: operation index. */
			$this->fail( $index, sprintf( __( 'Operation %d (update_user) changes nothing: fields is empty.', 'users-to-contacts' ), $index ) );
		}
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$name = (string) $name;
			if ( ! is_string( $value ) ) {
				/* translators: 1: operation index, 2: field. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s must be a string.', 'users-to-contacts' ), $index, $name ) );
			}
			if ( $this->is_private_user_key( $name ) || strlen( $name ) > 255 ) {
				/* translators: 1: operation index, 2: field. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s cannot be written through this route.', 'users-to-contacts' ), $index, $name ) );
			}
			$max = self::WRITABLE_USER_FIELDS[ $name ] ?? 65535;
			if ( mb_strlen( $value ) > $max ) {
				/* translators: 1: operation index, 2: field, 3: maximum length. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s is longer than %3$d characters.', 'users-to-contacts' ), $index, $name, $max ) );
			}
			if ( 'user_email' === $name && ! is_email( $value ) ) {
				/* translators: %d: operation index. */
				$this->fail( $index, sprintf( __( 'Operation %d (update_user): user_email is not a valid email address.', 'users-to-contacts' ), $index ) );
			}
			$clean[ $name ] = $value;
		}
		return $clean;
	}

	/**
	 * Throws the refusal of one operation.
	 *
	 * @param int    $index   Operation index.
	 * @param string $message What is wrong, for a person.
	 * @throws DomainException Always.
	 */
	private function fail( int $index, string $message ): void {
		throw new DomainException( $message, $index ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
	}

	/**
	 * The batch, inside its transaction.
	 *
	 * @param list<array<string, mixed>> $operations    Checked operations.
	 * @param int|null                   $run_id        The run to record items for.
	 * @param int|null                   $cursor        The run's new cursor.
	 * @param array<int, true>           $touched_users Filled with users wp_update_user() changed.
	 * @return array<string, mixed> The answer.
	 * @throws DomainException An operation refers to something that does not exist.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_in_transaction( array $operations, ?int $run_id, ?int $cursor, array &$touched_users ): array {
		$dry_run = false;
		if ( null !== $run_id ) {
			$run = $this->runs->find( $run_id );
			if ( null === $run || ! in_array( $run['status'], RunsRepository::IN_PROGRESS, true ) ) {
				// It finished (or went) since apply() looked: nothing of this batch may count.
				throw new DomainException( $this->run_refusal( $run_id, $run )->get_error_message(), -1 ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
			}
			$dry_run = (bool) (int) $run['dry_run'];
		}

		$by_kind = array_fill_keys( self::KINDS, array() );
		foreach ( $operations as $operation ) {
			$by_kind[ $operation['kind'] ][] = $operation;
		}
		$this->check_references( $operations );

		$results = array();
		if ( $dry_run ) {
			// Everything runs, then the savepoint undoes it; only the run items stay.
			$this->run_sql( 'SAVEPOINT utc_dry_run' );
		}
		$now = Dates::now();
		foreach ( $by_kind['skip'] as $operation ) {
			$results[ $operation['index'] ] = array( 'status' => 'applied' ) + ( isset( $operation['contact_id'] ) ? array( 'contact_id' => (int) $operation['contact_id'] ) : array() );
		}
		$results = $this->apply_unlinks( $by_kind['unlink'], $results );
		$results = $this->apply_contact_deletes( $by_kind['delete_contact'], $results, $now );
		$results = $this->apply_links( $by_kind['link'], $results, $now );
		$results = $this->apply_creates( $by_kind['create_and_link'], $results, $run_id, $now );
		$results = $this->apply_contact_updates( $by_kind['update_contact'], $results, $now );
		$results = $this->apply_user_updates( $by_kind['update_user'], $results, $dry_run, $touched_users );
		$results = $this->apply_touches( $by_kind['touch_link'], $results, $now );
		$results = $this->apply_user_deletes( $by_kind['delete_user'], $results, $dry_run );
		if ( $dry_run ) {
			$this->run_sql( 'ROLLBACK TO SAVEPOINT utc_dry_run' );
			foreach ( $by_kind['create_and_link'] as $operation ) {
				if ( 'applied' === $results[ $operation['index'] ]['status'] ) {
					unset( $results[ $operation['index'] ]['contact_id'] );
				}
			}
		}

		$counts = null;
		if ( null !== $run_id ) {
			$items = array();
			foreach ( $operations as $operation ) {
				if ( ! isset( $operation['user_id'] ) ) {
					continue;
				}
				$result  = $results[ $operation['index'] ];
				$outcome = (string) ( $operation['outcome'] ?? self::DEFAULT_OUTCOME[ $operation['kind'] ] );
				$reason  = (string) ( $operation['reason'] ?? '' );
				if ( in_array( $result['status'], array( 'already_linked', 'refused' ), true ) ) {
					// Not done: whatever the engine expected, the user was skipped, and why.
					$outcome = 'skipped';
					$reason  = (string) ( $result['reason'] ?? $result['status'] );
				}
				$items[] = array(
					'user_id'    => (int) $operation['user_id'],
					'contact_id' => isset( $result['contact_id'] ) ? (int) $result['contact_id'] : ( isset( $operation['contact_id'] ) ? (int) $operation['contact_id'] : null ),
					'outcome'    => $outcome,
					'reason'     => mb_substr( $reason, 0, 255 ),
				);
			}
			$this->runs->record_items( $run_id, $items, $cursor );
			$run    = $this->runs->find( $run_id );
			$counts = null === $run ? null : $this->runs->to_item( $run )['counts'];
		}

		ksort( $results );
		$tally = array_fill_keys( array( 'applied', 'already_applied', 'already_linked', 'refused' ), 0 );
		$list  = array();
		foreach ( $results as $index => $result ) {
			++$tally[ $result['status'] ];
			$list[] = array( 'index' => $index ) + $result;
		}
		return array(
			'results' => $list,
			'counts'  => $counts,
			'tally'   => $tally,
		);
	}

	/**
	 * Refuses the batch when an operation refers to a user or contact that does not exist (or a
	 * deleted contact it would link or update). One query for users, one for contacts.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations.
	 * @throws DomainException Naming the first such operation.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function check_references( array $operations ): void {
		global $wpdb;
		$user_ids    = array();
		$contact_ids = array();
		foreach ( $operations as $operation ) {
			if ( in_array( $operation['kind'], array( 'link', 'create_and_link', 'update_user' ), true ) ) {
				$user_ids[] = (int) $operation['user_id'];
			}
			if ( isset( $operation['reassign'] ) ) {
				$user_ids[] = (int) $operation['reassign'];
			}
			if ( in_array( $operation['kind'], array( 'link', 'update_contact', 'delete_contact' ), true ) ) {
				$contact_ids[] = (int) $operation['contact_id'];
			}
		}
		$users = array();
		if ( $user_ids ) {
			$users = array_flip( array_map( 'intval', $this->column( "SELECT ID FROM {$wpdb->users} WHERE ID IN (" . implode( ',', array_unique( $user_ids ) ) . ')' ) ) );
		}
		$contacts = array();
		if ( $contact_ids ) {
			// Locked until the commit: a concurrent batch cannot delete them under this one.
			$table = Schema::table( 'contacts' );
			foreach ( $this->rows( "SELECT id, deleted_at FROM {$table} WHERE id IN (" . implode( ',', array_unique( $contact_ids ) ) . ') FOR UPDATE' ) as $row ) {
				$contacts[ (int) $row['id'] ] = null !== $row['deleted_at'];
			}
		}
		foreach ( $operations as $operation ) {
			$index = (int) $operation['index'];
			$kind  = (string) $operation['kind'];
			if ( in_array( $kind, array( 'link', 'create_and_link', 'update_user' ), true ) && ! isset( $users[ (int) $operation['user_id'] ] ) ) {
				/* translators: 1: operation index, 2: kind, 3: user id. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): there is no user %3$d.', 'users-to-contacts' ), $index, $kind, (int) $operation['user_id'] ) );
			}
			if ( isset( $operation['reassign'] ) && ! isset( $users[ (int) $operation['reassign'] ] ) ) {
				/* translators: 1: operation index, 2: user id. */
				$this->fail( $index, sprintf( __( 'Operation %1$d (delete_user): there is no user %2$d to reassign the content to.', 'users-to-contacts' ), $index, (int) $operation['reassign'] ) );
			}
			if ( in_array( $kind, array( 'link', 'update_contact', 'delete_contact' ), true ) ) {
				$contact_id = (int) $operation['contact_id'];
				if ( ! isset( $contacts[ $contact_id ] ) ) {
					/* translators: 1: operation index, 2: kind, 3: contact id. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): there is no contact %3$d.', 'users-to-contacts' ), $index, $kind, $contact_id ) );
				}
				if ( $contacts[ $contact_id ] && 'delete_contact' !== $kind ) {
					/* translators: 1: operation index, 2: kind, 3: contact id. */
					$this->fail( $index, sprintf( __( 'Operation %1$d (%2$s): contact %3$d was deleted.', 'users-to-contacts' ), $index, $kind, $contact_id ) );
				}
			}
		}
	}

	/**
	 * unlink: removes the users' links; the contacts stay and remember whose they were.
	 *
	 * @param list<array<string, mixed>>        $operations unlink operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_unlinks( array $operations, array $results ): array {
		if ( ! $operations ) {
			return $results;
		}
		$user_ids = array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) );
		$linked   = $this->remove_links( 'user_id', $user_ids );
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			if ( isset( $linked[ $user_id ] ) && empty( $linked[ $user_id ]['reported'] ) ) {
				$results[ $operation['index'] ]   = array(
					'status'     => 'applied',
					'contact_id' => $linked[ $user_id ]['contact_id'],
				);
				$linked[ $user_id ]['reported'] = true;
			} else {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' );
			}
		}
		return $results;
	}

	/**
	 * Removes links by user or by contact; the contacts keep the user id as former_user_id.
	 *
	 * @param string    $column user_id or contact_id.
	 * @param list<int> $ids    Ids.
	 * @return array<int, array{contact_id: int, user_id: int}> The removed links, by user id.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function remove_links( string $column, array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		$links    = Schema::table( 'links' );
		$contacts = Schema::table( 'contacts' );
		$list     = implode( ',', array_map( 'intval', $ids ) );
		$removed  = array();
		foreach ( $this->rows( "SELECT user_id, contact_id FROM {$links} WHERE {$column} IN ({$list}) FOR UPDATE" ) as $row ) {
			$removed[ (int) $row['user_id'] ] = array(
				'contact_id' => (int) $row['contact_id'],
				'user_id'    => (int) $row['user_id'],
			);
		}
		if ( $removed ) {
			$user_list = implode( ',', array_keys( $removed ) );
			$this->run_sql( "UPDATE {$contacts} c JOIN {$links} l ON l.contact_id = c.id SET c.former_user_id = l.user_id WHERE l.user_id IN ({$user_list})" );
			$this->run_sql( "DELETE FROM {$links} WHERE user_id IN ({$user_list})" );
		}
		return $removed;
	}

	/**
	 * delete_contact: soft-deletes the contacts and removes their links.
	 *
	 * @param list<array<string, mixed>>        $operations delete_contact operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param string                           $now        The batch's time.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_contact_deletes( array $operations, array $results, string $now ): array {
		global $wpdb;
		if ( ! $operations ) {
			return $results;
		}
		$table = Schema::table( 'contacts' );
		$ids   = array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) );
		$list  = implode( ',', $ids );
		$live  = array_flip( array_map( 'intval', $this->column( "SELECT id FROM {$table} WHERE id IN ({$list}) AND deleted_at IS NULL" ) ) );
		if ( $live ) {
			$this->remove_links( 'contact_id', array_keys( $live ) );
			$this->run_sql( $wpdb->prepare( "UPDATE {$table} SET deleted_at = %s, modified = %s WHERE id IN (" . implode( ',', array_keys( $live ) ) . ')', $now, $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		foreach ( $operations as $operation ) {
			$id                             = (int) $operation['contact_id'];
			$results[ $operation['index'] ] = array(
				'status'     => isset( $live[ $id ] ) ? 'applied' : 'already_applied',
				'contact_id' => $id,
			);
			unset( $live[ $id ] );
		}
		return $results;
	}

	/**
	 * link: INSERT IGNORE of the links, then a locking read of what the database holds, so a
	 * link taken by a concurrent batch (or earlier in this one) is reported, never overwritten.
	 *
	 * @param list<array<string, mixed>>        $operations link operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param string                           $now        The batch's time.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_links( array $operations, array $results, string $now ): array {
		global $wpdb;
		if ( ! $operations ) {
			return $results;
		}
		$table       = Schema::table( 'links' );
		$user_ids    = array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) );
		$contact_ids = array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) );
		$before      = $this->links_of( $user_ids, $contact_ids, false );
		$rows        = array();
		foreach ( $operations as $operation ) {
			$rows[ (int) $operation['user_id'] ] ??= array(
				(int) $operation['user_id'],
				(int) $operation['contact_id'],
				( $operation['sync_enabled'] ?? true ) ? 1 : 0,
				(string) ( $operation['source'] ?? 'user' ),
				(string) ( $operation['origin'] ?? 'matched' ),
			);
		}
		// Ascending user ids: concurrent batches take the link rows' locks in the same order.
		ksort( $rows );
		$this->insert_rows( "INSERT IGNORE INTO {$table} (user_id, contact_id, sync_enabled, source, origin, linked_at, last_synced_at) VALUES ", str_replace( 'NOW_', $this->literal( $now ), self::LINK_ROW ), array_values( $rows ) );
		$after = $this->links_of( $user_ids, $contact_ids, true );
		$done  = array();
		foreach ( $operations as $operation ) {
			$user_id    = (int) $operation['user_id'];
			$contact_id = (int) $operation['contact_id'];
			$holder     = $after['by_user'][ $user_id ] ?? null;
			if ( $holder === $contact_id ) {
				$existed                        = ( $before['by_user'][ $user_id ] ?? null ) === $contact_id;
				$results[ $operation['index'] ] = array(
					'status'     => $existed || ! empty( $done[ $user_id ] ) ? 'already_applied' : 'applied',
					'contact_id' => $contact_id,
				);
				$done[ $user_id ]               = true;
			} elseif ( null !== $holder ) {
				$results[ $operation['index'] ] = array(
					'status'     => 'already_linked',
					'contact_id' => $holder,
					'reason'     => 'user_already_linked',
				);
			} else {
				$results[ $operation['index'] ] = array(
					'status'     => 'already_linked',
					'contact_id' => $contact_id,
					'reason'     => 'contact_already_linked',
				);
			}
		}
		return $results;
	}

	/**
	 * The links of some users and contacts.
	 *
	 * @param list<int> $user_ids    Users.
	 * @param list<int> $contact_ids Contacts.
	 * @param bool      $locking     A locking read: the latest committed rows, not the
	 *                               transaction's snapshot (after an INSERT IGNORE that a
	 *                               concurrent commit turned into a no-op, only a locking read
	 *                               sees the row that won).
	 * @return array{by_user: array<int, int>, by_contact: array<int, int>}
	 * @throws RuntimeException The database refused a statement.
	 */
	private function links_of( array $user_ids, array $contact_ids, bool $locking ): array {
		$table = Schema::table( 'links' );
		$where = array();
		if ( $user_ids ) {
			$where[] = 'user_id IN (' . implode( ',', array_map( 'intval', $user_ids ) ) . ')';
		}
		if ( $contact_ids ) {
			$where[] = 'contact_id IN (' . implode( ',', array_map( 'intval', $contact_ids ) ) . ')';
		}
		$links = array(
			'by_user'    => array(),
			'by_contact' => array(),
		);
		if ( ! $where ) {
			return $links;
		}
		foreach ( $this->rows( "SELECT user_id, contact_id FROM {$table} WHERE " . implode( ' OR ', $where ) . ( $locking ? ' FOR UPDATE' : '' ) ) as $row ) {
			$links['by_user'][ (int) $row['user_id'] ]       = (int) $row['contact_id'];
			$links['by_contact'][ (int) $row['contact_id'] ] = (int) $row['user_id'];
		}
		return $links;
	}

	/**
	 * create_and_link: inserts the contacts and their primary emails (multi-row), INSERT IGNOREs
	 * the links, reads back which link holds each user (locking read) and deletes, in the same
	 * transaction, every new contact whose link did not insert: a concurrent batch linked that
	 * user first. So two runners creating a contact for the same user end with one contact and
	 * one link; the loser reports already_linked.
	 *
	 * @param list<array<string, mixed>>        $operations create_and_link operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param int|null                         $run_id     The run, recorded as created_by_run.
	 * @param string                           $now        The batch's time.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_creates( array $operations, array $results, ?int $run_id, string $now ): array {
		global $wpdb;
		if ( ! $operations ) {
			return $results;
		}
		$contacts = Schema::table( 'contacts' );
		$emails   = Schema::table( 'contact_emails' );
		$links    = Schema::table( 'links' );
		$user_ids = array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) );

		// Users linked already: a replay of this run's own create is already_applied.
		$linked = array();
		$rows   = $this->rows( "SELECT l.user_id, l.contact_id, l.origin, c.created_by_run FROM {$links} l JOIN {$contacts} c ON c.id = l.contact_id WHERE l.user_id IN (" . implode( ',', $user_ids ) . ')' );
		foreach ( $rows as $row ) {
			$linked[ (int) $row['user_id'] ] = $row;
		}
		$create = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			if ( isset( $linked[ $user_id ] ) ) {
				$own                            = null !== $run_id && 'created' === $linked[ $user_id ]['origin'] && (int) $linked[ $user_id ]['created_by_run'] === $run_id;
				$results[ $operation['index'] ] = array(
					'status'     => $own ? 'already_applied' : 'already_linked',
					'contact_id' => (int) $linked[ $user_id ]['contact_id'],
				) + ( $own ? array() : array( 'reason' => 'user_already_linked' ) );
				continue;
			}
			if ( isset( $create[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array(
					'status' => 'already_linked',
					'reason' => 'user_created_earlier_in_batch',
				);
				continue;
			}
			$create[ $user_id ] = $operation;
		}
		if ( ! $create ) {
			return $results;
		}

		// Only the columns this batch gives (the others keep their defaults), and the batch's own
		// constants (time, run) written into the row template once: a batch of thousands of
		// contacts is one short statement per thousand rows, prepared once.
		$given = array( 'display_name' => true );
		foreach ( $create as $operation ) {
			$given += array_fill_keys( array_keys( $operation['contact'] ), true );
		}
		$text     = array_values( array_intersect( array_keys( ContactsRepository::TEXT_COLUMNS ), array_keys( $given ) ) );
		$dated    = isset( $given['birth_date'] );
		$columns  = array_merge( array( 'type' ), $text, $dated ? array( 'birth_date' ) : array(), isset( $given['notes'] ) ? array() : array( 'notes' ), array( 'created', 'modified', 'created_by_run' ) );
		$template = '(%s' . str_repeat( ', %s', count( $text ) ) . ( $dated ? ", NULLIF( %s, '' )" : '' ) . ( isset( $given['notes'] ) ? '' : ", ''" )
			. ', ' . $this->literal( $now ) . ', ' . $this->literal( $now ) . ', ' . ( null === $run_id ? 'NULL' : (string) $run_id ) . ')';
		$values   = array();
		foreach ( $create as $operation ) {
			$fields = $operation['contact'];
			if ( '' === trim( (string) ( $fields['display_name'] ?? '' ) ) ) {
				$fields['display_name'] = $this->derive_display_name( $fields, (string) $operation['contact_email'] );
			}
			$row = array( (string) ( $fields['type'] ?? 'individual' ) );
			foreach ( $text as $column ) {
				$row[] = (string) ( $fields[ $column ] ?? '' );
			}
			if ( $dated ) {
				$row[] = (string) ( $fields['birth_date'] ?? '' );
			}
			$values[] = $row;
		}
		$ids = $this->insert_returning_ids( "INSERT INTO {$contacts} (" . implode( ', ', $columns ) . ') VALUES ', $template, $values );

		$new_of     = array();
		$email_rows = array();
		$link_rows  = array();
		$i          = 0;
		foreach ( $create as $user_id => $operation ) {
			$contact_id         = $ids[ $i++ ];
			$new_of[ $user_id ] = $contact_id;
			$email_rows[]       = array( $contact_id, (string) $operation['contact_email'], 1, $contact_id );
			$link_rows[]        = array(
				$user_id,
				$contact_id,
				( $operation['sync_enabled'] ?? true ) ? 1 : 0,
				(string) ( $operation['source'] ?? 'user' ),
				'created',
			);
		}
		$this->insert_rows( "INSERT INTO {$emails} (contact_id, email, is_primary, primary_of) VALUES ", self::EMAIL_ROW, $email_rows );
		// Ascending user ids: concurrent batches take the link rows' locks in the same order.
		usort( $link_rows, static fn( array $a, array $b ): int => $a[0] <=> $b[0] );
		$this->insert_rows( "INSERT IGNORE INTO {$links} (user_id, contact_id, sync_enabled, source, origin, linked_at, last_synced_at) VALUES ", str_replace( 'NOW_', $this->literal( $now ), self::LINK_ROW ), $link_rows );
		$holders = $this->links_of( array_keys( $create ), array(), true )['by_user'];

		$orphans = array();
		foreach ( $create as $user_id => $operation ) {
			$holder = $holders[ $user_id ] ?? null;
			if ( $holder === $new_of[ $user_id ] ) {
				$results[ $operation['index'] ] = array(
					'status'     => 'applied',
					'contact_id' => $holder,
				);
			} else {
				$orphans[]                      = $new_of[ $user_id ];
				$results[ $operation['index'] ] = array(
					'status' => 'already_linked',
					'reason' => 'user_already_linked',
				) + ( null === $holder ? array() : array( 'contact_id' => $holder ) );
			}
		}
		if ( $orphans ) {
			$list = implode( ',', $orphans );
			$this->run_sql( "DELETE FROM {$emails} WHERE contact_id IN ({$list})" );
			$this->run_sql( "DELETE FROM {$contacts} WHERE id IN ({$list})" );
		}
		return $results;
	}

	/**
	 * The display name of a new contact when none is given: the person's names, else the
	 * organization's, else the nickname, else the email.
	 *
	 * @param array<string, mixed> $fields Contact fields.
	 * @param string               $email  Its primary email.
	 */
	private function derive_display_name( array $fields, string $email ): string {
		$person       = trim( ( (string) ( $fields['first_name'] ?? '' ) ) . ' ' . ( (string) ( $fields['last_name'] ?? '' ) ) );
		$organization = trim( (string) ( $fields['organization_name'] ?? '' ) );
		$candidates   = 'individual' === ( $fields['type'] ?? 'individual' ) ? array( $person, $organization ) : array( $organization, $person );
		$candidates[] = trim( (string) ( $fields['nickname'] ?? '' ) );
		$candidates[] = $email;
		foreach ( $candidates as $candidate ) {
			if ( '' !== $candidate ) {
				return mb_substr( $candidate, 0, ContactsRepository::TEXT_COLUMNS['display_name'] );
			}
		}
		return '';
	}

	/**
	 * update_contact: compares with what is stored (one query for the contacts, one for their
	 * emails) and writes only real changes: one CASE update for the fields, one multi-row insert
	 * for new emails, one statement each to move primaries. `modified` changes only when
	 * something did, so a replayed batch changes nothing and reports already_applied.
	 *
	 * @param list<array<string, mixed>>        $operations update_contact operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param string                           $now        The batch's time.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_contact_updates( array $operations, array $results, string $now ): array {
		global $wpdb;
		if ( ! $operations ) {
			return $results;
		}
		$contacts = Schema::table( 'contacts' );
		$emails   = Schema::table( 'contact_emails' );
		$ids      = array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) );
		$list     = implode( ',', $ids );
		$current  = array();
		foreach ( $this->rows( "SELECT * FROM {$contacts} WHERE id IN ({$list})" ) as $row ) {
			$current[ (int) $row['id'] ] = $row;
		}
		$stored = array();
		foreach ( $this->rows( "SELECT contact_id, email, is_primary FROM {$emails} WHERE contact_id IN ({$list})" ) as $row ) {
			$stored[ (int) $row['contact_id'] ][ strtolower( (string) $row['email'] ) ] = 1 === (int) $row['is_primary'];
		}

		$sets          = array();
		$new_emails    = array();
		$new_primaries = array();
		$changed       = array();
		foreach ( $operations as $operation ) {
			$id      = (int) $operation['contact_id'];
			$changes = false;
			foreach ( $operation['fields'] as $column => $value ) {
				if ( $current[ $id ][ $column ] !== $value ) {
					$sets[ $column ][ $id ]    = $value;
					$current[ $id ][ $column ] = $value;
					$changes                   = true;
				}
			}
			$held = $stored[ $id ] ?? array();
			foreach ( $operation['add_emails'] as $email ) {
				if ( ! isset( $held[ $email ] ) ) {
					$held[ $email ]             = false;
					$new_emails[ $id ][ $email ] = true;
					$changes                    = true;
				}
			}
			$primary = $operation['primary_email'] ?? null;
			if ( null !== $primary && true !== ( $held[ $primary ] ?? null ) ) {
				$held                   = array_map( '__return_false', $held );
				$held[ $primary ]       = true;
				$new_primaries[ $id ]   = $primary;
				$changes                = true;
				unset( $new_emails[ $id ][ $primary ] );
			}
			$stored[ $id ]                  = $held;
			$changed[ $id ]                 = ( $changed[ $id ] ?? false ) || $changes;
			$results[ $operation['index'] ] = array(
				'status'     => $changes ? 'applied' : 'already_applied',
				'contact_id' => $id,
			);
		}

		// CASE updates, 250 contacts a statement (a CASE is read linearly for each row it updates).
		$by_contact = array();
		foreach ( $sets as $column => $values ) {
			foreach ( $values as $id => $value ) {
				$by_contact[ $id ][ $column ] = $value;
			}
		}
		foreach ( array_chunk( $by_contact, 250, true ) as $chunk ) {
			$assignments = array();
			foreach ( array_keys( $sets ) as $column ) {
				$cases = '';
				$args  = array();
				foreach ( $chunk as $id => $columns ) {
					if ( ! array_key_exists( $column, $columns ) ) {
						continue;
					}
					$cases .= null === $columns[ $column ] ? ' WHEN ' . (int) $id . ' THEN NULL' : ' WHEN ' . (int) $id . ' THEN %s';
					if ( null !== $columns[ $column ] ) {
						$args[] = $columns[ $column ];
					}
				}
				if ( '' === $cases ) {
					continue;
				}
				// $column is one of ContactsRepository::TEXT_COLUMNS, type or birth_date (checked in check_contact_fields()).
				$case          = "{$column} = CASE id{$cases} ELSE {$column} END";
				$assignments[] = $args ? (string) $wpdb->prepare( $case, $args ) : $case; // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			}
			$this->run_sql( "UPDATE {$contacts} SET " . implode( ', ', $assignments ) . ' WHERE id IN (' . implode( ',', array_map( 'intval', array_keys( $chunk ) ) ) . ')' );
		}
		$rows = array();
		foreach ( $new_emails as $id => $added ) {
			foreach ( array_keys( $added ) as $email ) {
				$rows[] = array( $id, (string) $email, 0, 0 );
			}
		}
		if ( $new_primaries ) {
			$primary_ids = implode( ',', array_keys( $new_primaries ) );
			// The old primaries stay as ordinary emails; then each new one is added or promoted.
			$this->run_sql( "UPDATE {$emails} SET is_primary = 0, primary_of = NULL WHERE contact_id IN ({$primary_ids}) AND is_primary = 1" );
			foreach ( $new_primaries as $id => $email ) {
				$rows[] = array( $id, (string) $email, 1, $id );
			}
		}
		$this->insert_rows( "INSERT INTO {$emails} (contact_id, email, is_primary, primary_of) VALUES ", self::EMAIL_ROW, $rows, ' ON DUPLICATE KEY UPDATE is_primary = VALUES(is_primary), primary_of = VALUES(primary_of)' );
		$modified = array_keys( array_filter( $changed ) );
		if ( $modified ) {
			$this->run_sql( $wpdb->prepare( "UPDATE {$contacts} SET modified = %s WHERE id IN (" . implode( ',', $modified ) . ')', $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		return $results;
	}

	/**
	 * update_user: WordPress's own API (wp_update_user(), update_user_meta()), so its checks,
	 * sanitising and caches apply; without recording events (no loops, DESIGN.md R4). Users whose
	 * values already match are not written (already_applied). Users the acting admin may not edit
	 * are refused.
	 *
	 * @param list<array<string, mixed>>        $operations    update_user operations.
	 * @param array<int, array<string, mixed>> $results       Results so far, by index.
	 * @param bool                             $dry_run       Only report.
	 * @param array<int, true>                 $touched_users Filled with the users written.
	 * @return array<int, array<string, mixed>>
	 * @throws DomainException WordPress refused a change (such as an email another user has).
	 */
	private function apply_user_updates( array $operations, array $results, bool $dry_run, array &$touched_users ): array {
		if ( ! $operations ) {
			return $results;
		}
		cache_users( array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) ) );
		// Columns of the users table go through wp_update_user() (its checks: unique email, ...);
		// everything else is user meta (first_name, nickname, ...), written with update_user_meta(),
		// which is what wp_update_user() would do for them at a fraction of the cost.
		$core_keys = array( 'user_email', 'user_url', 'display_name' );
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			if ( ! current_user_can( 'edit_user', $user_id ) ) {
				$results[ $operation['index'] ] = array(
					'status' => 'refused',
					'reason' => 'not_allowed_to_edit_user',
				);
				continue;
			}
			$user    = get_userdata( $user_id );
			$core    = array();
			$meta    = array();
			foreach ( $operation['fields'] as $name => $value ) {
				$is_core = in_array( $name, $core_keys, true );
				$now     = $is_core ? (string) ( $user->data->{$name} ?? '' ) : (string) get_user_meta( $user_id, $name, true );
				if ( $now === $value ) {
					continue;
				}
				if ( $is_core ) {
					$core[ $name ] = $value;
				} else {
					$meta[ $name ] = $value;
				}
			}
			$contact = isset( $operation['contact_id'] ) ? array( 'contact_id' => (int) $operation['contact_id'] ) : array();
			if ( ! $core && ! $meta ) {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' ) + $contact;
				continue;
			}
			if ( ! $dry_run ) {
				$touched_users[ $user_id ] = true;
				$error                     = EventRecorder::suppress(
					static function () use ( $user_id, $core, $meta ) {
						if ( $core ) {
							$updated = wp_update_user( array( 'ID' => $user_id ) + wp_slash( $core ) );
							if ( is_wp_error( $updated ) ) {
								return $updated;
							}
						}
						foreach ( $meta as $key => $value ) {
							update_user_meta( $user_id, wp_slash( $key ), wp_slash( $value ) );
						}
						return null;
					}
				);
				if ( $error instanceof WP_Error ) {
					/* translators: 1: operation index, 2: user id, 3: WordPress's message. */
					$this->fail( (int) $operation['index'], sprintf( __( 'Operation %1$d (update_user): WordPress refused the change to user %2$d: %3$s', 'users-to-contacts' ), (int) $operation['index'], $user_id, wp_strip_all_tags( $error->get_error_message() ) ) );
				}
			}
			$results[ $operation['index'] ] = array( 'status' => 'applied' ) + $contact;
		}
		return $results;
	}

	/**
	 * touch_link: the links were synced now.
	 *
	 * @param list<array<string, mixed>>        $operations touch_link operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param string                           $now        The batch's time.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_touches( array $operations, array $results, string $now ): array {
		global $wpdb;
		if ( ! $operations ) {
			return $results;
		}
		$user_ids = array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) );
		$held     = $this->links_of( $user_ids, array(), true )['by_user'];
		if ( $held ) {
			$table = Schema::table( 'links' );
			$this->run_sql( $wpdb->prepare( "UPDATE {$table} SET last_synced_at = %s WHERE user_id IN (" . implode( ',', array_keys( $held ) ) . ')', $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		foreach ( $operations as $operation ) {
			$contact_id                     = $held[ (int) $operation['user_id'] ] ?? null;
			$results[ $operation['index'] ] = null === $contact_id
				? array(
					'status' => 'refused',
					'reason' => 'not_linked',
				)
				: array(
					'status'     => 'applied',
					'contact_id' => $contact_id,
				);
		}
		return $results;
	}

	/**
	 * delete_user: wp_delete_user(), never for an administrator, the acting user or a user the
	 * acting user may not delete (those are refused, the rest of the batch goes on). A user who
	 * is gone already is already_applied. The user's link goes too.
	 *
	 * @param list<array<string, mixed>>        $operations delete_user operations.
	 * @param array<int, array<string, mixed>> $results    Results so far, by index.
	 * @param bool                             $dry_run    Only report.
	 * @return array<int, array<string, mixed>>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_user_deletes( array $operations, array $results, bool $dry_run ): array {
		if ( ! $operations ) {
			return $results;
		}
		require_once ABSPATH . 'wp-admin/includes/user.php';
		$user_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		cache_users( $user_ids );
		$gone = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			$user    = get_userdata( $user_id );
			if ( ! $user instanceof WP_User || isset( $gone[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' );
				continue;
			}
			$reason = null;
			if ( in_array( 'administrator', (array) $user->roles, true ) || is_super_admin( $user_id ) ) {
				$reason = 'administrator';
			} elseif ( get_current_user_id() === $user_id ) {
				$reason = 'acting_user';
			} elseif ( ! current_user_can( 'delete_user', $user_id ) ) {
				$reason = 'not_allowed_to_delete_user';
			}
			if ( null !== $reason ) {
				$results[ $operation['index'] ] = array(
					'status' => 'refused',
					'reason' => $reason,
				);
				continue;
			}
			$gone[ $user_id ] = true;
			if ( ! $dry_run ) {
				$reassign = isset( $operation['reassign'] ) ? (int) $operation['reassign'] : null;
				EventRecorder::suppress( static fn() => wp_delete_user( $user_id, $reassign ) );
			}
			$results[ $operation['index'] ] = array( 'status' => 'applied' );
		}
		if ( $gone && ! $dry_run ) {
			$removed = $this->remove_links( 'user_id', array_keys( $gone ) );
			foreach ( $operations as $operation ) {
				$user_id = (int) $operation['user_id'];
				if ( isset( $removed[ $user_id ] ) && 'applied' === $results[ $operation['index'] ]['status'] ) {
					$results[ $operation['index'] ]['contact_id'] = $removed[ $user_id ]['contact_id'];
				}
			}
		}
		return $results;
	}

	/* ------------------------------------------------------------------ SQL helpers */

	/**
	 * Runs a statement; throws when the database refuses it.
	 *
	 * @param string $sql A prepared statement.
	 * @return int Rows affected.
	 * @throws RuntimeException The database's message, with the MySQL error number as code.
	 */
	private function run_sql( string $sql ): int {
		global $wpdb;
		$result = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		if ( false === $result || '' !== $wpdb->last_error ) {
			$this->throw_db_error();
		}
		return (int) $result;
	}

	/**
	 * The rows of a query; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @return list<array<string, mixed>>
	 * @throws RuntimeException The database's message.
	 */
	private function rows( string $sql ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $sql, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		if ( '' !== $wpdb->last_error ) {
			$this->throw_db_error();
		}
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * The first column of a query; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @return list<string>
	 * @throws RuntimeException The database's message.
	 */
	private function column( string $sql ): array {
		global $wpdb;
		$values = $wpdb->get_col( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		if ( '' !== $wpdb->last_error ) {
			$this->throw_db_error();
		}
		return $values;
	}

	/**
	 * Multi-row INSERTs, 1000 rows a statement, each statement prepared once (one
	 * $wpdb->prepare() per statement, not per value: it is the costly part of a big batch).
	 *
	 * @param string             $head     `INSERT ... VALUES `.
	 * @param string             $template One row's placeholders, such as `(%d, %s)`.
	 * @param list<list<mixed>>  $rows     Each row's values.
	 * @param string             $tail     Such as ` ON DUPLICATE KEY UPDATE ...`.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function insert_rows( string $head, string $template, array $rows, string $tail = '' ): void {
		foreach ( array_chunk( $rows, 1000 ) as $chunk ) {
			$this->run_sql( $this->prepare_rows( $head, $template, $chunk, $tail ) );
		}
	}

	/**
	 * `$head (row),(row),... $tail`: each `%d` of the template becomes the row's value cast to an
	 * integer, each `%s` a placeholder that one $wpdb->prepare() call for the whole statement
	 * fills and escapes. (Escaping is the costly part of a big batch: integers need none.)
	 *
	 * @param string            $head     Statement start (no placeholders).
	 * @param string            $template One row: `%d` and `%s` placeholders; any other `%` doubled.
	 * @param list<list<mixed>> $rows     Each row's values, in placeholder order.
	 * @param string            $tail     Statement end (no placeholders).
	 */
	private function prepare_rows( string $head, string $template, array $rows, string $tail = '' ): string {
		global $wpdb;
		$pieces = preg_split( '/(%[ds])/', $template, -1, PREG_SPLIT_DELIM_CAPTURE );
		$tuples = array();
		$args   = array();
		foreach ( $rows as $row ) {
			$value = 0;
			$tuple = '';
			foreach ( $pieces as $piece ) {
				if ( '%d' === $piece ) {
					$tuple .= (string) (int) $row[ $value++ ];
				} elseif ( '%s' === $piece ) {
					$tuple .= '%s';
					$args[] = (string) $row[ $value++ ];
				} else {
					$tuple .= $piece;
				}
			}
			$tuples[] = $tuple;
		}
		$query = $head . implode( ',', $tuples ) . $tail;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders only; the strings are the arguments.
		return $args ? (string) $wpdb->prepare( $query, $args ) : str_replace( '%%', '%', $query );
	}

	/**
	 * A value of the batch itself (its time), prepared once for use inside row templates.
	 *
	 * @param string $value Such as `2026-11-22 04:26:34`.
	 */
	private function literal( string $value ): string {
		global $wpdb;
		return str_replace( '%', '%%', (string) $wpdb->prepare( '%s', $value ) );
	}

	/**
	 * A prepared, comma-separated list of quoted strings, for `IN (...)`.
	 *
	 * @param list<string> $values Strings.
	 */
	private function string_list( array $values ): string {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- only placeholders.
		return (string) $wpdb->prepare( implode( ',', array_fill( 0, count( $values ), '%s' ) ), $values );
	}

	/**
	 * Multi-row INSERT that answers the new ids, in the rows' order.
	 *
	 * MariaDB 10.5+ returns them with `INSERT ... RETURNING id` (a leading comment makes $wpdb
	 * fetch the result like a SELECT). Other servers cannot say which id each row of a multi-row
	 * insert got when auto-increment values interleave, so there each row is its own INSERT.
	 *
	 * @param string            $head     `INSERT INTO table (columns) VALUES `.
	 * @param string            $template One row's placeholders.
	 * @param list<list<mixed>> $rows     Each row's values.
	 * @return list<int>
	 * @throws RuntimeException The database refused a statement.
	 */
	private function insert_returning_ids( string $head, string $template, array $rows ): array {
		global $wpdb;
		$ids = array();
		if ( $this->supports_returning() ) {
			foreach ( array_chunk( $rows, 1000 ) as $chunk ) {
				// Auto-increment values of one statement ascend in row order.
				$new = array_map( 'intval', $this->column( $this->prepare_rows( '/* returning */ ' . $head, $template, $chunk, ' RETURNING id' ) ) );
				sort( $new );
				if ( count( $new ) !== count( $chunk ) ) {
					throw new RuntimeException( 'INSERT ... RETURNING answered ' . count( $new ) . ' ids for ' . count( $chunk ) . ' rows.' );
				}
				array_push( $ids, ...$new );
			}
			return $ids;
		}
		foreach ( $rows as $row ) {
			$this->run_sql( $this->prepare_rows( $head, $template, array( $row ) ) );
			$ids[] = (int) $wpdb->insert_id;
		}
		return $ids;
	}

	/**
	 * Whether to use INSERT ... RETURNING: the server knows it (MariaDB 10.5+), and the
	 * `users_to_contacts_insert_returning` filter does not turn it off (a database drop-in that
	 * routes queries by their first word could take the commented INSERT for a read).
	 */
	private function supports_returning(): bool {
		global $wpdb;
		$info      = (string) $wpdb->db_server_info();
		$supported = false !== stripos( $info, 'mariadb' ) && preg_match_all( '/(\d+\.\d+\.\d+)/', $info, $all )
			&& version_compare( (string) end( $all[1] ), '10.5.0', '>=' );
		/**
		 * Filters whether bulk creates use INSERT ... RETURNING (else one INSERT per contact).
		 *
		 * @param bool $supported Whether the database server supports it.
		 */
		return (bool) apply_filters( 'users_to_contacts_insert_returning', $supported );
	}

	/**
	 * Throws the last database error.
	 *
	 * @throws RuntimeException Always.
	 */
	private function throw_db_error(): void {
		global $wpdb;
		$message = (string) $wpdb->last_error;
		$code    = 0;
		if ( $wpdb->dbh instanceof \mysqli ) {
			$code = (int) mysqli_errno( $wpdb->dbh );
		} elseif ( str_contains( $message, 'Deadlock' ) ) {
			$code = 1213;
		} elseif ( str_contains( $message, 'Lock wait timeout' ) ) {
			$code = 1205;
		}
		throw new RuntimeException( $message, $code ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- never printed as HTML.
	}

	/* ---------------------------------------------------------------------- schemas */


	/**
	 * Query parameters of GET /bulk/users.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_users_params(): array {
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
				'maximum'     => self::MAX_PAGE,
				'default'     => 1000,
			),
			'include' => array(
				'description' => __( 'Only these users (ids, comma-separated); after and limit are then ignored.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => self::MAX_PAGE,
				'default'     => array(),
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
	 * The schema of GET /bulk/users.
	 *
	 * @return array<string, mixed>
	 */
	public function get_users_schema(): array {
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
							'display_name' => array( 'type' => 'string' ),
							'first_name'   => array( 'type' => 'string' ),
							'last_name'    => array( 'type' => 'string' ),
							'fields'       => array(
								'description'          => __( 'The requested fields; null for meta the user does not have.', 'users-to-contacts' ),
								'type'                 => 'object',
								'additionalProperties' => array( 'type' => array( 'string', 'null' ) ),
							),
							'link'         => array(
								'type'       => array( 'object', 'null' ),
								'properties' => array(
									'contact_id'   => array( 'type' => 'integer' ),
									'sync_enabled' => array( 'type' => 'boolean' ),
									'source'       => array(
										'type' => 'string',
										'enum' => array( 'user', 'contact' ),
									),
									'origin'       => array(
										'type' => 'string',
										'enum' => array( 'matched', 'created', 'manual' ),
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
						'maxLength' => 254,
					),
					'minItems'    => 1,
					'maxItems'    => self::MAX_PAGE,
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
					'maxItems'    => self::MAX_PAGE,
					'required'    => true,
				),
				'contacts' => array(
					'description' => __( 'Each non-deleted contact asked for: id, email (the primary, lower case; empty when none), emails (the primary first), fields (every contact column; null when empty).', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The schema of POST /bulk/apply.
	 *
	 * @return array<string, mixed>
	 */
	public function get_apply_schema(): array {
		$text     = array(
			'type'      => 'string',
			'maxLength' => 65535,
		);
		$contact  = array();
		$optional = array(
			'type' => array( 'string', 'null' ),
		);
		foreach ( ContactsRepository::TEXT_COLUMNS as $column => $max ) {
			$contact[ $column ] = array(
				'type'      => 'string',
				'maxLength' => $max,
			);
		}
		$contact['type']       = array(
			'type' => 'string',
			'enum' => ContactsRepository::TYPES,
		);
		$contact['birth_date'] = $optional;
		$id                    = array(
			'type'    => 'integer',
			'minimum' => 1,
		);
		$email                 = array(
			'type'      => 'string',
			'format'    => 'email',
			'maxLength' => 254,
		);
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-bulk-apply',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'run_id'     => array(
					'description' => __( 'Record a run item per user for this run and add to its counts (once per user).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
				),
				'cursor'     => array(
					'description' => __( 'Store this cursor on the run in the same transaction.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 0,
				),
				'operations' => array(
					'description' => __( 'What to do; applied grouped by kind in this order: skip, unlink, delete_contact, link, create_and_link, update_contact, update_user, touch_link, delete_user.', 'users-to-contacts' ),
					'type'        => 'array',
					'minItems'    => 1,
					'maxItems'    => self::MAX_PAGE,
					'required'    => true,
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'kind'          => array(
								'type'     => 'string',
								'enum'     => self::KINDS,
								'required' => true,
							),
							'user_id'       => $id,
							'contact_id'    => $id,
							'reassign'      => $id,
							'origin'        => array(
								'type' => 'string',
								'enum' => array( 'matched', 'created', 'manual' ),
							),
							'source'        => array(
								'type' => 'string',
								'enum' => array( 'user', 'contact' ),
							),
							'sync_enabled'  => array( 'type' => 'boolean' ),
							'contact'       => array(
								'type'                 => 'object',
								'additionalProperties' => false,
								'properties'           => $contact + array( 'email' => $email ),
							),
							'fields'        => array(
								'type'                 => 'object',
								'maxProperties'        => 100,
								'additionalProperties' => array( 'type' => array( 'string', 'null' ) ) + array( 'maxLength' => $text['maxLength'] ),
							),
							'add_emails'    => array(
								'type'     => 'array',
								'items'    => $email,
								'maxItems' => 20,
							),
							'primary_email' => $email,
							'outcome'       => array(
								'type' => 'string',
								'enum' => RunsRepository::OUTCOMES,
							),
							'reason'        => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => 255,
							),
						),
					),
				),
				'results'    => array(
					'description' => __( 'Per operation: index, status (applied, already_applied, already_linked, refused), contact_id, reason.', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
				),
				'counts'     => array(
					'description' => __( 'The run\'s counts after the batch, or null without run_id.', 'users-to-contacts' ),
					'type'        => array( 'object', 'null' ),
					'readonly'    => true,
				),
				'tally'      => array(
					'description' => __( 'How many operations ended in each status.', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
				),
			),
		);
	}
}
