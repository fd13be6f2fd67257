<?php
/**
 * Contacts and their emails: storage, lookups and the list query.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use Throwable;
use UsersToContacts\Support\Dates;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and writes `utc_contacts` and `utc_contact_emails`.
 *
 * A contact record, as this class returns it, is the contacts row with typed values plus:
 * - `emails`: list of `array{ email: string, primary: bool }`, the primary first;
 * - `link`: null or `array{ user_id, source, sync_enabled, origin, linked_at, last_synced_at }`;
 * - `user`: null or `array{ id, login, display_name }` (the linked user, when it exists).
 *
 * Emails are stored trimmed and lower-cased. `primary_of` holds the contact id on the primary
 * row and NULL elsewhere: its unique key lets the database refuse a second primary. That there is
 * one primary at all (when a contact has emails) is kept by this class, which always writes a
 * contact's emails as a whole list.
 *
 * Database errors are thrown as RuntimeException (code: the MySQL error number); writes that
 * touch two tables run in a transaction, so a failed write changes nothing.
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
	 * MySQL error numbers this class and its callers react to.
	 */
	public const ER_DUP_ENTRY     = 1062;
	public const ER_LOCK_DEADLOCK = 1213;

	/**
	 * How deep the current transaction() calls are nested (0: none open).
	 *
	 * @var int
	 */
	private static int $depth = 0;

	/**
	 * Runs $work in one database transaction and returns what it returns.
	 *
	 * Commits when $work returns anything but a WP_Error; rolls back on a WP_Error or an
	 * exception (rethrown). Nested calls join the outer transaction (MySQL has no nested
	 * transactions: a second START TRANSACTION would commit the first). A deadlock makes the
	 * whole transaction run again, up to three times: InnoDB picks a victim when two writers
	 * cross, and trying again is the documented remedy.
	 *
	 * @template T
	 * @param callable(): T $work The reads and writes to run together.
	 * @return T
	 * @throws Throwable What $work threw, after the rollback.
	 */
	public static function transaction( callable $work ) {
		global $wpdb;
		if ( self::$depth > 0 ) {
			++self::$depth;
			try {
				return $work();
			} finally {
				--self::$depth;
			}
		}
		for ( $attempt = 1; ; ++$attempt ) {
			$wpdb->query( 'START TRANSACTION' );
			self::$depth = 1;
			try {
				$result = $work();
			} catch ( Throwable $error ) {
				self::$depth = 0;
				$wpdb->query( 'ROLLBACK' );
				if ( self::ER_LOCK_DEADLOCK === $error->getCode() && $attempt < 3 ) {
					continue;
				}
				throw $error;
			}
			self::$depth = 0;
			$wpdb->query( is_wp_error( $result ) ? 'ROLLBACK' : 'COMMIT' );
			return $result;
		}
	}

	/**
	 * Runs one statement; throws when the database refuses it.
	 *
	 * @param string $sql            A prepared statement.
	 * @param bool   $quiet_on_duplicate Keep a duplicate-key refusal out of the error log (the
	 *                               caller expects and handles it).
	 * @return int Rows affected (or selected).
	 * @throws RuntimeException The database error, with the MySQL error number as code.
	 */
	public static function execute( string $sql, bool $quiet_on_duplicate = false ): int {
		global $wpdb;
		$suppress = $quiet_on_duplicate ? $wpdb->suppress_errors( true ) : null;
		$result   = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		if ( null !== $suppress ) {
			$wpdb->suppress_errors( $suppress );
		}
		if ( false === $result ) {
			$errno = self::last_errno();
			if ( null !== $suppress && self::ER_DUP_ENTRY !== $errno ) {
				// Only the expected duplicate stays out of the log.
				$wpdb->print_error();
			}
			throw new RuntimeException( (string) $wpdb->last_error, $errno ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
		}
		return (int) $result;
	}

	/**
	 * Throws when the last read failed ($wpdb's get_* methods answer null or an empty list
	 * then, which would read as "not found").
	 *
	 * @throws RuntimeException The database error, with the MySQL error number as code.
	 */
	public static function throw_on_read_error(): void {
		global $wpdb;
		if ( '' !== (string) $wpdb->last_error ) {
			throw new RuntimeException( (string) $wpdb->last_error, self::last_errno() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
		}
	}

	/**
	 * The MySQL error number of the last statement (0 when unknown).
	 */
	public static function last_errno(): int {
		global $wpdb;
		$dbh = $wpdb->dbh;
		if ( $dbh instanceof \mysqli ) {
			return (int) mysqli_errno( $dbh );
		}
		// Without mysqli, recognise the two errors callers care about by their text.
		$message = (string) $wpdb->last_error;
		if ( str_contains( $message, 'Duplicate entry' ) ) {
			return self::ER_DUP_ENTRY;
		}
		return str_contains( $message, 'Deadlock' ) ? self::ER_LOCK_DEADLOCK : 0;
	}

	/**
	 * An email as stored and compared: trimmed, lower case.
	 *
	 * @param string $email Any spelling.
	 */
	public static function normalize_email( string $email ): string {
		return strtolower( trim( $email ) );
	}

	/**
	 * The display name to use when none is given: first and last name for individuals, the
	 * organization name for organizations and households, then whatever else names the contact.
	 *
	 * @param array<string, mixed>                          $fields The contact's columns.
	 * @param list<array{email: string, primary: bool}>     $emails Its emails.
	 */
	public static function derive_display_name( array $fields, array $emails ): string {
		$person       = trim( ( (string) ( $fields['first_name'] ?? '' ) ) . ' ' . ( (string) ( $fields['last_name'] ?? '' ) ) );
		$organization = trim( (string) ( $fields['organization_name'] ?? '' ) );
		$candidates   = 'individual' === ( $fields['type'] ?? 'individual' )
			? array( $person, $organization )
			: array( $organization, $person );
		$candidates[] = trim( (string) ( $fields['nickname'] ?? '' ) );
		$candidates[] = self::primary_email( $emails ) ?? '';
		foreach ( $candidates as $candidate ) {
			if ( '' !== $candidate ) {
				return mb_substr( $candidate, 0, self::TEXT_COLUMNS['display_name'] );
			}
		}
		return '';
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
		$was_derived = $current['display_name'] === self::derive_display_name( $current, $current['emails'] );
		if ( $was_derived || '' === trim( (string) $current['display_name'] ) || array_key_exists( 'display_name', $changes ) ) {
			return self::derive_display_name( array_merge( $current, $changes ), $new_emails );
		}
		return (string) $current['display_name'];
	}

	/**
	 * The primary address of a list of emails, or null.
	 *
	 * @param list<array{email: string, primary: bool}> $emails Emails.
	 */
	public static function primary_email( array $emails ): ?string {
		foreach ( $emails as $email ) {
			if ( $email['primary'] ) {
				return $email['email'];
			}
		}
		return null;
	}

	/**
	 * Makes $email the primary of a list: an address already there is promoted, a new one is
	 * added; the previous primary stays on as a non-primary email.
	 *
	 * @param list<array{email: string, primary: bool}> $emails Current list (normalised).
	 * @param string                                    $email  The new primary (normalised).
	 * @return list<array{email: string, primary: bool}> The primary first.
	 */
	public static function with_primary( array $emails, string $email ): array {
		$result = array(
			array(
				'email'   => $email,
				'primary' => true,
			),
		);
		foreach ( $emails as $existing ) {
			if ( $existing['email'] !== $email ) {
				$result[] = array(
					'email'   => $existing['email'],
					'primary' => false,
				);
			}
		}
		return $result;
	}

	/**
	 * Whether the contact is read-only because its linked WordPress user is the active source:
	 * a link with source `user` and sync on, to a user that exists.
	 *
	 * @param array<string, mixed> $contact A contact record.
	 */
	public static function is_locked( array $contact ): bool {
		return is_array( $contact['link'] ?? null )
			&& 'user' === $contact['link']['source']
			&& true === $contact['link']['sync_enabled']
			&& null !== ( $contact['user'] ?? null );
	}

	/**
	 * One contact, or null when there is none (or it is deleted, unless asked for).
	 *
	 * @param int  $id              Contact id.
	 * @param bool $include_deleted Also find a soft-deleted contact.
	 * @param bool $for_update      Lock the contact and its link row until the transaction ends
	 *                              (call inside transaction()).
	 * @return array<string, mixed>|null A contact record.
	 */
	public function find( int $id, bool $include_deleted = false, bool $for_update = false ): ?array {
		global $wpdb;
		$contacts = Schema::table( 'contacts' );
		$links    = Schema::table( 'links' );
		$sql      = "SELECT c.*, l.user_id AS link_user_id, l.source AS link_source, l.sync_enabled AS link_sync_enabled,
				l.origin AS link_origin, l.linked_at AS link_linked_at, l.last_synced_at AS link_last_synced_at
			FROM {$contacts} c LEFT JOIN {$links} l ON l.contact_id = c.id
			WHERE c.id = %d" . ( $include_deleted ? '' : ' AND c.deleted_at IS NULL' ) . ( $for_update ? ' FOR UPDATE' : '' );
		$row      = $wpdb->get_row( $wpdb->prepare( $sql, $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- table names only.
		self::throw_on_read_error();
		if ( ! is_array( $row ) ) {
			return null;
		}
		$records = $this->hydrate( array( $row ) );
		return $records[0] ?? null;
	}

	/**
	 * Whether a contact exists and is not deleted, holding a shared lock on its row until the
	 * transaction ends (so it cannot be deleted meanwhile). Call inside transaction().
	 *
	 * @param int $id Contact id.
	 */
	public function lock_live( int $id ): bool {
		global $wpdb;
		$table = Schema::table( 'contacts' );
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT id, deleted_at FROM {$table} WHERE id = %d LOCK IN SHARE MODE", $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		self::throw_on_read_error();
		return is_array( $row ) && null === $row['deleted_at'];
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
	 */
	public function query( array $args ): array {
		global $wpdb;
		$contacts = Schema::table( 'contacts' );
		$emails   = Schema::table( 'contact_emails' );
		$links    = Schema::table( 'links' );

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
		$where_sql = implode( ' AND ', $where );

		$count_sql = "SELECT COUNT(*) FROM {$contacts} c WHERE {$where_sql}";
		$total     = (int) $wpdb->get_var( $params ? $wpdb->prepare( $count_sql, $params ) : $count_sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		self::throw_on_read_error();

		$per_page = max( 1, (int) ( $args['per_page'] ?? 20 ) );
		$page     = max( 1, (int) ( $args['page'] ?? 1 ) );
		if ( 0 === $total || ( $page - 1 ) * $per_page >= $total ) {
			return array(
				'items' => array(),
				'total' => $total,
			);
		}

		// orderby and order were checked against their enums; map them to fixed SQL anyway.
		$direction = 'desc' === strtolower( (string) ( $args['order'] ?? 'asc' ) ) ? 'DESC' : 'ASC';
		$columns   = self::ORDER_BY[ $args['orderby'] ?? 'id' ] ?? self::ORDER_BY['id'];
		if ( ! in_array( 'c.id', $columns, true ) ) {
			$columns[] = 'c.id';
		}
		$order_sql = implode( ', ', array_map( static fn ( string $column ): string => "{$column} {$direction}", $columns ) );

		$page_sql = "SELECT c.*, l.user_id AS link_user_id, l.source AS link_source, l.sync_enabled AS link_sync_enabled,
				l.origin AS link_origin, l.linked_at AS link_linked_at, l.last_synced_at AS link_last_synced_at
			FROM {$contacts} c LEFT JOIN {$links} l ON l.contact_id = c.id
			WHERE {$where_sql} ORDER BY {$order_sql} LIMIT %d OFFSET %d";
		$rows     = $wpdb->get_results( $wpdb->prepare( $page_sql, array_merge( $params, array( $per_page, ( $page - 1 ) * $per_page ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		self::throw_on_read_error();

		return array(
			'items' => $this->hydrate( is_array( $rows ) ? $rows : array() ),
			'total' => $total,
		);
	}

	/**
	 * The emails of many contacts in one query.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, list<array{email: string, primary: bool}>> By contact id; the primary first.
	 */
	public function emails_for( array $ids ): array {
		global $wpdb;
		$ids = array_values( array_unique( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$table        = Schema::table( 'contact_emails' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		$rows         = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "SELECT contact_id, email, is_primary FROM {$table} WHERE contact_id IN ({$placeholders}) ORDER BY contact_id, is_primary DESC, id", $ids ), // phpcs:ignore WordPress.DB.PreparedSQL
			ARRAY_A
		);
		self::throw_on_read_error();
		$by_contact = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$by_contact[ (int) $row['contact_id'] ][] = array(
				'email'   => (string) $row['email'],
				'primary' => 1 === (int) $row['is_primary'],
			);
		}
		return $by_contact;
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
			$fields['display_name'] = self::derive_display_name( $fields, $emails );
		}
		$now                = Dates::now();
		$fields['created']  = $now;
		$fields['modified'] = $now;
		$columns            = array_merge( array( 'type' ), array_keys( self::TEXT_COLUMNS ), array( 'birth_date', 'created', 'modified', 'created_by_run' ) );

		$values = array();
		foreach ( $columns as $column ) {
			$values[ $column ] = $fields[ $column ] ?? null;
		}
		if ( null !== $values['created_by_run'] ) {
			$values['created_by_run'] = (int) $values['created_by_run'];
		}
		$table = Schema::table( 'contacts' );
		return self::transaction(
			function () use ( $wpdb, $table, $values, $emails ): int {
				self::execute( "INSERT INTO {$table} (" . implode( ', ', array_keys( $values ) ) . ') VALUES (' . self::values_sql( array_values( $values ) ) . ')' );
				$id = (int) $wpdb->insert_id;
				$this->insert_emails( $id, $emails );
				return $id;
			}
		);
	}

	/**
	 * Applies changes to a contact and, when given, replaces its emails; touches `modified`
	 * only when something differs. Call inside transaction(), with $current read for update.
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
		$set['modified'] = Dates::now();

		$table = Schema::table( 'contacts' );
		self::transaction(
			function () use ( $table, $set, $id, $emails, $emails_changed ): void {
				$assignments = array();
				foreach ( $set as $column => $value ) {
					$assignments[] = "{$column} = " . self::values_sql( array( $value ) );
				}
				self::execute( "UPDATE {$table} SET " . implode( ', ', $assignments ) . ' WHERE id = ' . $id );
				if ( $emails_changed && null !== $emails ) {
					$this->replace_emails( $id, $emails );
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
		return self::transaction(
			function () use ( $wpdb, $contacts, $links, $id ): ?int {
				$user_id = $wpdb->get_var( $wpdb->prepare( "SELECT user_id FROM {$links} WHERE contact_id = %d FOR UPDATE", $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				self::throw_on_read_error();
				$user_id = null === $user_id ? null : (int) $user_id;
				$now     = Dates::now();
				self::execute(
					$wpdb->prepare(
						"UPDATE {$contacts} SET deleted_at = %s, modified = %s, former_user_id = COALESCE( NULLIF( %d, 0 ), former_user_id ) WHERE id = %d AND deleted_at IS NULL", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
						$now,
						$now,
						$user_id ?? 0,
						$id
					)
				);
				if ( null !== $user_id ) {
					self::execute( $wpdb->prepare( "DELETE FROM {$links} WHERE contact_id = %d", $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
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
		global $wpdb;
		$table = Schema::table( 'contacts' );
		self::execute( $wpdb->prepare( "UPDATE {$table} SET former_user_id = %d WHERE id = %d", $user_id, $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * Replaces a contact's emails with a list. Call inside transaction().
	 *
	 * @param int                                       $id     Contact id.
	 * @param list<array{email: string, primary: bool}> $emails The new list.
	 * @throws RuntimeException On a database error.
	 */
	public function replace_emails( int $id, array $emails ): void {
		global $wpdb;
		$table = Schema::table( 'contact_emails' );
		self::execute( $wpdb->prepare( "DELETE FROM {$table} WHERE contact_id = %d", $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->insert_emails( $id, $emails );
	}

	/**
	 * Inserts emails of one contact in one statement.
	 *
	 * @param int                                       $id     Contact id.
	 * @param list<array{email: string, primary: bool}> $emails Emails.
	 * @throws RuntimeException On a database error.
	 */
	private function insert_emails( int $id, array $emails ): void {
		if ( ! $emails ) {
			return;
		}
		$table = Schema::table( 'contact_emails' );
		$rows  = array();
		foreach ( $emails as $email ) {
			$rows[] = '(' . self::values_sql( array( $id, $email['email'], $email['primary'] ? 1 : 0, $email['primary'] ? $id : null ) ) . ')';
		}
		self::execute( "INSERT INTO {$table} (contact_id, email, is_primary, primary_of) VALUES " . implode( ', ', $rows ) );
	}

	/**
	 * Turns rows of the contacts table (with the link columns joined) into contact records,
	 * loading emails and users for all of them in one query each.
	 *
	 * @param list<array<string, mixed>> $rows Rows.
	 * @return list<array<string, mixed>>
	 */
	private function hydrate( array $rows ): array {
		global $wpdb;
		if ( ! $rows ) {
			return array();
		}
		$ids      = array_map( static fn ( array $row ): int => (int) $row['id'], $rows );
		$emails   = $this->emails_for( $ids );
		$user_ids = array_values( array_unique( array_filter( array_map( static fn ( array $row ): int => (int) ( $row['link_user_id'] ?? 0 ), $rows ) ) ) );
		$users    = array();
		if ( $user_ids ) {
			$placeholders = implode( ',', array_fill( 0, count( $user_ids ), '%d' ) );
			$user_rows    = $wpdb->get_results( $wpdb->prepare( "SELECT ID, user_login, display_name FROM {$wpdb->users} WHERE ID IN ({$placeholders})", $user_ids ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL
			self::throw_on_read_error();
			foreach ( is_array( $user_rows ) ? $user_rows : array() as $user ) {
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

	/**
	 * Values as an SQL list, each escaped by $wpdb->prepare (NULL stays NULL: prepare would
	 * turn it into '').
	 *
	 * @param list<mixed> $values Strings, integers, booleans or null.
	 */
	private static function values_sql( array $values ): string {
		global $wpdb;
		$parts = array();
		foreach ( $values as $value ) {
			if ( null === $value ) {
				$parts[] = 'NULL';
			} elseif ( is_int( $value ) || is_bool( $value ) ) {
				$parts[] = (string) (int) $value;
			} else {
				$parts[] = $wpdb->prepare( '%s', (string) $value );
			}
		}
		return implode( ', ', $parts );
	}
}
