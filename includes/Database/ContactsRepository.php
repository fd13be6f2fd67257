<?php
/**
 * Contacts: storage, lookups and the list query.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use UsersToContacts\Contacts\EmailList;
use UsersToContacts\Support\DisplayName;
use UsersToContacts\Support\Dates;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and writes `utc_contacts` (and, through ContactEmailsRepository, their emails).
 *
 * A contact record, as this class returns it, is the contacts row with typed values plus:
 * - `emails`: list of `array{ email: string, primary: bool }`, the primary first;
 * - `link`: null or `array{ user_id, source, sync_enabled, origin, linked_at, last_synced_at }`;
 * - `user`: null or `array{ id, login, display_name }` (the linked user, when it exists).
 *
 * Writes here are people's (Contacts, My details): create, update and soft_delete record the
 * current user as `modified_by`, the person whose data the contact now carries (R7 in
 * docs/behaviours.md). The sync's own writes go through BulkContactsRepository and leave it.
 *
 * Database errors are thrown as RuntimeException (code: the MySQL error number, see Database);
 * writes that touch two tables run in a transaction, so a failed write changes nothing.
 */
final class ContactsRepository {

	/**
	 * Contact types.
	 */
	public const TYPES = array( 'individual', 'organization', 'household' );

	/**
	 * Text columns and their size in characters (notes: a TEXT column, 65,535 bytes).
	 */
	public const TEXT_COLUMNS = array(
		'prefix'            => 32,
		'first_name'        => 100,
		'middle_name'       => 100,
		'last_name'         => 100,
		'display_name'      => 255,
		'nickname'          => 100,
		'organization_name' => 255,
		'job_title'         => 255,
		'phone'             => 64,
		'website'           => 255,
		'street_address'    => 255,
		'city'              => 100,
		'postal_code'       => 32,
		'country'           => 100,
		'notes'             => 65535,
	);

	/**
	 * The size of the email column.
	 */
	public const EMAIL_MAX_LENGTH = 254;

	/**
	 * Sort keys of the list and the columns they sort by (the id always breaks ties).
	 */
	public const ORDER_BY = array(
		'id'           => array( 'c.id' ),
		'display_name' => array( 'c.display_name' ),
		'created'      => array( 'c.created' ),
		'modified'     => array( 'c.modified' ),
		'last_name'    => array( 'c.last_name', 'c.first_name' ),
	);

	/**
	 * The contact columns and its link's, as find(), query() and hydrate() read them.
	 */
	private const SELECT_WITH_LINK = 'SELECT c.*, l.user_id AS link_user_id, l.source AS link_source, l.sync_enabled AS link_sync_enabled,
				l.origin AS link_origin, l.linked_at AS link_linked_at, l.last_synced_at AS link_last_synced_at';

	/**
	 * The contacts' emails.
	 *
	 * @var ContactEmailsRepository
	 */
	private ContactEmailsRepository $emails;

	public function __construct() {
		$this->emails = new ContactEmailsRepository();
	}

	/**
	 * An email as stored and compared: trimmed, lower case (R1).
	 *
	 * @param string $email Any spelling.
	 */
	public static function normalize_email( string $email ): string {
		return strtolower( trim( $email ) );
	}

	/**
	 * The display name a contact will have after an update: the one given when not empty;
	 * else, when the current one was derived from the names (not typed by someone) or is
	 * empty, derived again from the new values; else the current one.
	 *
	 * @param array<string, mixed>                      $current    A contact record.
	 * @param array<string, mixed>                      $changes    Columns being set.
	 * @param list<array{email: string, primary: bool}> $new_emails Its emails after the update.
	 */
	public static function display_name_after( array $current, array $changes, array $new_emails ): string {
		$given = trim( (string) ( $changes['display_name'] ?? '' ) );
		if ( '' !== $given ) {
			return (string) $changes['display_name'];
		}
		$was_derived = $current['display_name'] === DisplayName::derive( $current, EmailList::primary( $current['emails'] ) ?? '' );
		if ( $was_derived || '' === trim( (string) $current['display_name'] ) || array_key_exists( 'display_name', $changes ) ) {
			return DisplayName::derive( array_merge( $current, $changes ), EmailList::primary( $new_emails ) ?? '' );
		}
		return (string) $current['display_name'];
	}

	/**
	 * One contact, or null when there is none (or it is deleted, unless asked for).
	 *
	 * @param int  $id              Contact id.
	 * @param bool $include_deleted Also find a soft-deleted contact.
	 * @param bool $for_update      Lock the contact and its link row until the transaction ends
	 *                              (call inside Database::transaction()).
	 * @return array<string, mixed>|null A contact record.
	 * @throws RuntimeException On a database error.
	 */
	public function find( int $id, bool $include_deleted = false, bool $for_update = false ): ?array {
		$row = Database::row(
			self::SELECT_WITH_LINK . ' ' . $this->from_with_link() . ' WHERE c.id = ' . $id
			. ( $include_deleted ? '' : ' AND c.deleted_at IS NULL' ) . ( $for_update ? ' FOR UPDATE' : '' )
		);
		return null === $row ? null : $this->hydrate( array( $row ) )[0];
	}

	/**
	 * Whether a contact exists and is not deleted, holding a shared lock on its row until the
	 * transaction ends (so it cannot be deleted meanwhile). Call inside Database::transaction().
	 *
	 * @param int $id Contact id.
	 * @throws RuntimeException On a database error.
	 */
	public function lock_live( int $id ): bool {
		$table = Schema::table( 'contacts' );
		$row   = Database::row( "SELECT id, deleted_at FROM {$table} WHERE id = {$id} LOCK IN SHARE MODE" );
		return null !== $row && null === $row['deleted_at'];
	}

	/**
	 * A page of contacts and how many match in all.
	 *
	 * Three queries for any page size: the rows (with their link, joined), their emails, their
	 * users; plus one count.
	 *
	 * @param array{
	 *     search?: string|null, type?: string|null, linked?: bool|null,
	 *     created_after?: string|null, created_before?: string|null,
	 *     modified_after?: string|null, modified_before?: string|null, run?: int|null,
	 *     orderby?: string, order?: string, page?: int, per_page?: int
	 * } $args Filters (dates as stored: UTC `Y-m-d H:i:s`, inclusive).
	 * @return array{items: list<array<string, mixed>>, total: int}
	 * @throws RuntimeException On a database error.
	 */
	public function query( array $args ): array {
		$contacts = Schema::table( 'contacts' );
		list( $where_sql, $params ) = $this->where( $args );

		// orderby and order were checked against their enums; map them to fixed SQL anyway.
		$direction = 'desc' === strtolower( (string) ( $args['order'] ?? 'asc' ) ) ? 'DESC' : 'ASC';
		$columns   = self::ORDER_BY[ $args['orderby'] ?? 'id' ] ?? self::ORDER_BY['id'];
		if ( ! in_array( 'c.id', $columns, true ) ) {
			$columns[] = 'c.id';
		}
		$order_sql = implode( ', ', array_map( static fn ( string $column ): string => "{$column} {$direction}", $columns ) );

		$page = Paging::fetch(
			"SELECT COUNT(*) FROM {$contacts} c WHERE {$where_sql}",
			self::SELECT_WITH_LINK . ' ' . $this->from_with_link() . " WHERE {$where_sql} ORDER BY {$order_sql}",
			$params,
			(int) ( $args['page'] ?? 1 ),
			(int) ( $args['per_page'] ?? 20 )
		);
		return array(
			'items' => $this->hydrate( $page['rows'] ),
			'total' => $page['total'],
		);
	}

	/**
	 * Creates a contact with its emails, in one transaction.
	 *
	 * @param array<string, mixed>                      $fields Columns: type, the text columns,
	 *                                                          birth_date, created_by_run.
	 * @param list<array{email: string, primary: bool}> $emails Normalised, unique, one primary
	 *                                                          when not empty.
	 * @return int The new contact's id.
	 * @throws RuntimeException On a database error (nothing is written then).
	 */
	public function create( array $fields, array $emails ): int {
		global $wpdb;
		$fields['type'] = in_array( $fields['type'] ?? null, self::TYPES, true ) ? $fields['type'] : 'individual';
		foreach ( array_keys( self::TEXT_COLUMNS ) as $column ) {
			$fields[ $column ] = (string) ( $fields[ $column ] ?? '' );
		}
		if ( '' === trim( $fields['display_name'] ) ) {
			$fields['display_name'] = DisplayName::derive( $fields, EmailList::primary( $emails ) ?? '' );
		}
		$now                   = Dates::now();
		$fields['created']     = $now;
		$fields['modified']    = $now;
		$fields['modified_by'] = get_current_user_id();
		$columns               = array_merge( array( 'type' ), array_keys( self::TEXT_COLUMNS ), array( 'birth_date', 'created', 'modified', 'modified_by', 'created_by_run' ) );

		$values = array();
		foreach ( $columns as $column ) {
			$values[ $column ] = $fields[ $column ] ?? null;
		}
		if ( null !== $values['created_by_run'] ) {
			$values['created_by_run'] = (int) $values['created_by_run'];
		}
		$values['modified_by'] = (int) $values['modified_by'];
		// One row: NULL stays NULL (a placeholder would make it ''), integers as %d.
		$template = '(' . implode( ', ', array_map( static fn ( $value ): string => null === $value ? 'NULL' : ( is_int( $value ) ? '%d' : '%s' ), $values ) ) . ')';
		$row      = array_values( array_filter( $values, static fn ( $value ): bool => null !== $value ) );
		$table    = Schema::table( 'contacts' );
		return Database::transaction(
			function () use ( $wpdb, $table, $columns, $template, $row, $emails ): int {
				Database::insert_rows( "INSERT INTO {$table} (" . implode( ', ', $columns ) . ') VALUES ', $template, array( $row ) );
				$id = (int) $wpdb->insert_id;
				$this->emails->insert( $id, $emails );
				return $id;
			}
		);
	}

	/**
	 * Applies changes to a contact and, when given, replaces its emails; touches `modified`
	 * only when something differs. Call inside Database::transaction(), with $current read for
	 * update.
	 *
	 * An unchanged display name that was derived from the names (not typed by someone) follows
	 * the names when they change.
	 *
	 * @param array<string, mixed>                           $current A contact record (find()).
	 * @param array<string, mixed>                           $changes Columns to set.
	 * @param list<array{email: string, primary: bool}>|null $emails  The new list, or null to keep.
	 * @return bool Whether anything changed.
	 * @throws RuntimeException On a database error.
	 */
	public function update( array $current, array $changes, ?array $emails ): bool {
		global $wpdb;
		$id         = (int) $current['id'];
		$new_emails = $emails ?? $current['emails'];
		$allowed    = array_merge( array( 'type', 'birth_date' ), array_keys( self::TEXT_COLUMNS ) );
		$changes    = array_intersect_key( $changes, array_flip( $allowed ) );

		$changes['display_name'] = self::display_name_after( $current, $changes, $new_emails );

		$set = array();
		foreach ( $changes as $column => $value ) {
			if ( $current[ $column ] !== $value ) {
				$set[ $column ] = $value;
			}
		}
		$emails_changed = null !== $emails && $emails !== $current['emails'];
		if ( ! $set && ! $emails_changed ) {
			return false;
		}
		$set['modified']    = Dates::now();
		$set['modified_by'] = (string) get_current_user_id();

		// $column is one of $allowed, `modified` or `modified_by`; NULL (a cleared birth date) is written as is.
		$assignments = array();
		$values      = array();
		foreach ( $set as $column => $value ) {
			$assignments[] = null === $value ? "{$column} = NULL" : "{$column} = %s";
			if ( null !== $value ) {
				$values[] = (string) $value;
			}
		}
		$values[] = $id;
		$table    = Schema::table( 'contacts' );
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- fixed column names and placeholders.
		$sql = (string) $wpdb->prepare( "UPDATE {$table} SET " . implode( ', ', $assignments ) . ' WHERE id = %d', $values );
		Database::transaction(
			function () use ( $sql, $id, $emails, $emails_changed ): void {
				Database::execute( $sql );
				if ( $emails_changed && null !== $emails ) {
					$this->emails->replace( $id, $emails );
				}
			}
		);
		return true;
	}

	/**
	 * Soft-deletes a contact: marks it deleted and removes its link in one transaction; the
	 * contact keeps its data and remembers the user it belonged to (`former_user_id`).
	 *
	 * @param int $id Contact id.
	 * @return int|null The user that was linked, or null.
	 * @throws RuntimeException On a database error.
	 */
	public function soft_delete( int $id ): ?int {
		global $wpdb;
		$contacts = Schema::table( 'contacts' );
		$links    = Schema::table( 'links' );
		return Database::transaction(
			function () use ( $wpdb, $contacts, $links, $id ): ?int {
				$user_id = Database::value( "SELECT user_id FROM {$links} WHERE contact_id = {$id} FOR UPDATE" );
				$user_id = null === $user_id ? null : (int) $user_id;
				$now     = Dates::now();
				Database::execute(
					(string) $wpdb->prepare(
						"UPDATE {$contacts} SET deleted_at = %s, modified = %s, modified_by = %d, former_user_id = COALESCE( NULLIF( %d, 0 ), former_user_id ) WHERE id = %d AND deleted_at IS NULL", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
						$now,
						$now,
						get_current_user_id(),
						$user_id ?? 0,
						$id
					)
				);
				if ( null !== $user_id ) {
					Database::execute( "DELETE FROM {$links} WHERE contact_id = {$id}" );
				}
				return $user_id;
			}
		);
	}

	/**
	 * Records that a contact belonged to a user whose link was removed (`former_user_id`), so
	 * the contact shows it was a user's.
	 *
	 * @param int $id      Contact id.
	 * @param int $user_id The user it was linked to.
	 * @throws RuntimeException On a database error.
	 */
	public function remember_former_user( int $id, int $user_id ): void {
		$table = Schema::table( 'contacts' );
		Database::execute( "UPDATE {$table} SET former_user_id = {$user_id} WHERE id = {$id}" );
	}

	/**
	 * The WHERE clause of the list and its placeholders' values.
	 *
	 * @param array<string, mixed> $args query()'s filters.
	 * @return array{0: string, 1: list<mixed>}
	 */
	private function where( array $args ): array {
		global $wpdb;
		$emails = Schema::table( 'contact_emails' );
		$links  = Schema::table( 'links' );
		$where  = array( 'c.deleted_at IS NULL' );
		$params = array();

		$search = trim( (string) ( $args['search'] ?? '' ) );
		if ( '' !== $search ) {
			$like       = '%' . $wpdb->esc_like( $search ) . '%';
			$email_like = '%' . $wpdb->esc_like( self::normalize_email( $search ) ) . '%';
			$where[]    = "( c.display_name LIKE %s OR c.first_name LIKE %s OR c.last_name LIKE %s
				OR c.organization_name LIKE %s OR c.nickname LIKE %s
				OR EXISTS ( SELECT 1 FROM {$emails} se WHERE se.contact_id = c.id AND se.email LIKE %s ) )";
			array_push( $params, $like, $like, $like, $like, $like, $email_like );
		}
		if ( ! empty( $args['type'] ) ) {
			$where[]  = 'c.type = %s';
			$params[] = $args['type'];
		}
		if ( isset( $args['linked'] ) ) {
			$where[] = ( $args['linked'] ? '' : 'NOT ' ) . "EXISTS ( SELECT 1 FROM {$links} fl WHERE fl.contact_id = c.id )";
		}
		$ranges = array(
			'created_after'   => 'c.created >= %s',
			'created_before'  => 'c.created <= %s',
			'modified_after'  => 'c.modified >= %s',
			'modified_before' => 'c.modified <= %s',
		);
		foreach ( $ranges as $key => $condition ) {
			if ( ! empty( $args[ $key ] ) ) {
				$where[]  = $condition;
				$params[] = $args[ $key ];
			}
		}
		if ( ! empty( $args['run'] ) ) {
			$where[]  = 'c.created_by_run = %d';
			$params[] = (int) $args['run'];
		}
		return array( implode( ' AND ', $where ), $params );
	}

	/**
	 * `FROM contacts c LEFT JOIN links l`, for SELECT_WITH_LINK.
	 */
	private function from_with_link(): string {
		return 'FROM ' . Schema::table( 'contacts' ) . ' c LEFT JOIN ' . Schema::table( 'links' ) . ' l ON l.contact_id = c.id';
	}

	/**
	 * Turns rows of the contacts table (with the link columns joined) into contact records,
	 * loading emails and users for all of them in one query each.
	 *
	 * @param list<array<string, mixed>> $rows Rows.
	 * @return list<array<string, mixed>>
	 * @throws RuntimeException On a database error.
	 */
	private function hydrate( array $rows ): array {
		global $wpdb;
		if ( ! $rows ) {
			return array();
		}
		$emails   = $this->emails->for_contacts( array_map( static fn ( array $row ): int => (int) $row['id'], $rows ) );
		$user_ids = array_unique( array_filter( array_map( static fn ( array $row ): int => (int) ( $row['link_user_id'] ?? 0 ), $rows ) ) );
		$users    = array();
		if ( $user_ids ) {
			foreach ( Database::rows( "SELECT ID, user_login, display_name FROM {$wpdb->users} WHERE ID IN (" . Database::id_list( $user_ids ) . ')' ) as $user ) {
				$users[ (int) $user['ID'] ] = array(
					'id'           => (int) $user['ID'],
					'login'        => (string) $user['user_login'],
					'display_name' => (string) $user['display_name'],
				);
			}
		}

		$records = array();
		foreach ( $rows as $row ) {
			$id     = (int) $row['id'];
			$record = array(
				'id'   => $id,
				'type' => (string) $row['type'],
			);
			foreach ( array_keys( self::TEXT_COLUMNS ) as $column ) {
				$record[ $column ] = (string) $row[ $column ];
			}
			$record['birth_date']     = ( null === $row['birth_date'] || str_starts_with( (string) $row['birth_date'], '0000' ) ) ? null : (string) $row['birth_date'];
			$record['created']        = (string) $row['created'];
			$record['modified']       = (string) $row['modified'];
			$record['modified_by']    = (int) ( $row['modified_by'] ?? 0 );
			$record['created_by_run'] = null === $row['created_by_run'] ? null : (int) $row['created_by_run'];
			$record['former_user_id'] = null === $row['former_user_id'] ? null : (int) $row['former_user_id'];
			$record['deleted_at']     = null === $row['deleted_at'] ? null : (string) $row['deleted_at'];
			$record['emails']         = $emails[ $id ] ?? array();
			$record['link']           = null;
			$record['user']           = null;
			if ( null !== ( $row['link_user_id'] ?? null ) ) {
				$user_id        = (int) $row['link_user_id'];
				$record['link'] = array(
					'user_id'        => $user_id,
					'source'         => (string) $row['link_source'],
					'sync_enabled'   => 1 === (int) $row['link_sync_enabled'],
					'origin'         => (string) $row['link_origin'],
					'linked_at'      => (string) $row['link_linked_at'],
					'last_synced_at' => null === $row['link_last_synced_at'] ? null : (string) $row['link_last_synced_at'],
				);
				$record['user'] = $users[ $user_id ] ?? null;
			}
			$records[] = $record;
		}
		return $records;
	}
}
