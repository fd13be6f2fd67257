<?php
/**
 * The one home of the plugin's SQL plumbing: transactions, checked statements, multi-row
 * inserts and the answer a REST route gives when the database fails.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use Throwable;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Static helpers over `$wpdb` that every repository uses, so each rule lives once:
 *
 * - transaction(): one transaction, nested calls joining it, run again after a deadlock or a
 *   lock wait timeout (MySQL 1213, 1205), up to MAX_ATTEMPTS times;
 * - execute(), rows(), column(), value(), throw_on_read_error(): statements that throw a
 *   RuntimeException (code: the MySQL error number) instead of answering false or an empty
 *   list, so a failure never reads as "not found";
 * - insert_rows(), insert_returning_ids(): multi-row INSERTs, 1000 rows a statement, each
 *   statement prepared once (with `RETURNING id` where the server has it);
 * - id_list(), string_list(), literal(): safe pieces for `IN (...)` lists and row templates;
 * - error(): the WP_Error a REST route answers when the database failed and nothing changed.
 */
final class Database {

	/**
	 * MySQL error numbers callers react to.
	 */
	public const ER_DUP_ENTRY         = 1062;
	public const ER_LOCK_WAIT_TIMEOUT = 1205;
	public const ER_LOCK_DEADLOCK     = 1213;

	/**
	 * Errors after which a whole transaction is simply run again (InnoDB chose it as the victim
	 * of two crossing writers, or it waited too long for one: trying again is the remedy).
	 */
	public const RETRYABLE_ERRORS = array( self::ER_LOCK_DEADLOCK, self::ER_LOCK_WAIT_TIMEOUT );

	/**
	 * An isolation level for transaction(): each statement sees what was committed before it
	 * (a scan takes no gap locks that would hold up other writers' INSERTs).
	 */
	public const READ_COMMITTED = 'READ COMMITTED';

	/**
	 * How many times transaction() runs its work at most.
	 */
	public const MAX_ATTEMPTS = 3;

	/**
	 * Rows per multi-row INSERT statement.
	 */
	public const ROWS_PER_INSERT = 1000;

	/**
	 * How deep the current transaction() calls are nested (0: none open).
	 *
	 * @var int
	 */
	private static int $depth = 0;

	/**
	 * Whether the database is SQLite (null: not asked yet). See is_sqlite().
	 *
	 * @var bool|null
	 */
	private static ?bool $sqlite = null;

	/**
	 * Runs $work in one database transaction and returns what it returns.
	 *
	 * Commits when $work returns anything but a WP_Error; rolls back on a WP_Error or an
	 * exception (rethrown). Nested calls join the outer transaction (MySQL has no nested
	 * transactions: a second START TRANSACTION would commit the first). A deadlock or lock wait
	 * timeout (RETRYABLE_ERRORS, as the exception's code) runs the whole of $work again, up to
	 * MAX_ATTEMPTS times; then the error is rethrown.
	 *
	 * @template T
	 * @param callable(): T      $work        The reads and writes to run together; it may run
	 *                                        more than once, so it starts from its arguments.
	 * @param callable():void|null $on_rollback Called after each rollback (to forget caches
	 *                                        filled by the rolled-back work).
	 * @param string|null        $isolation   READ_COMMITTED, or null for the server's default
	 *                                        (REPEATABLE READ); ignored by a nested call.
	 * @return T
	 * @throws Throwable What $work threw, after the rollback.
	 */
	public static function transaction( callable $work, ?callable $on_rollback = null, ?string $isolation = null ) {
		if ( self::$depth > 0 ) {
			++self::$depth;
			try {
				return $work();
			} finally {
				--self::$depth;
			}
		}
		for ( $attempt = 1; ; ++$attempt ) {
			self::$depth = 1;
			try {
				if ( self::READ_COMMITTED === $isolation && ! self::is_sqlite() ) {
					// Applies to the next transaction only. (SQLite has one writer at a time and
					// no isolation levels to choose: its transactions are serializable.)
					self::execute( 'SET TRANSACTION ISOLATION LEVEL ' . self::READ_COMMITTED );
				}
				self::execute( 'START TRANSACTION' );
				$result = $work();
				if ( is_wp_error( $result ) ) {
					self::roll_back( $on_rollback );
				} else {
					self::execute( 'COMMIT' );
				}
				self::$depth = 0;
				return $result;
			} catch ( Throwable $error ) {
				self::$depth = 0;
				self::roll_back( $on_rollback );
				// Only database errors: other exceptions' codes mean something else (an index, ...).
				if ( $error instanceof RuntimeException && in_array( $error->getCode(), self::RETRYABLE_ERRORS, true ) && $attempt < self::MAX_ATTEMPTS ) {
					continue;
				}
				throw $error;
			}
		}
	}

	/**
	 * Whether WordPress stores its data in SQLite (WordPress's SQLite Database Integration, as in
	 * WordPress Playground and wp-env's Playground runtime) rather than MySQL or MariaDB. Decided
	 * once per request; the few statements SQLite cannot run have a variant chosen by this.
	 */
	public static function is_sqlite(): bool {
		global $wpdb;
		if ( null === self::$sqlite ) {
			self::$sqlite = ( defined( 'DB_ENGINE' ) && 'sqlite' === DB_ENGINE ) || $wpdb instanceof \WP_SQLite_DB;
		}
		return self::$sqlite;
	}

	/**
	 * Takes a named lock (MySQL's GET_LOCK), waiting up to $timeout seconds. On SQLite there is
	 * no such lock and none is needed: it has one writer, and WordPress Playground serves one
	 * request at a time.
	 *
	 * @param string $name    The lock's name.
	 * @param int    $timeout Seconds to wait for it.
	 * @return bool Whether it is held now.
	 */
	public static function lock( string $name, int $timeout ): bool {
		if ( self::is_sqlite() ) {
			return true;
		}
		return '1' === self::value( 'SELECT GET_LOCK(' . self::literal( $name ) . ', ' . $timeout . ')' );
	}

	/**
	 * Gives back a lock taken with lock().
	 *
	 * @param string $name The lock's name.
	 */
	public static function unlock( string $name ): void {
		if ( ! self::is_sqlite() ) {
			self::value( 'SELECT RELEASE_LOCK(' . self::literal( $name ) . ')' );
		}
	}

	/**
	 * Whether a transaction() is open.
	 */
	public static function in_transaction(): bool {
		return self::$depth > 0;
	}

	/**
	 * Runs one statement; throws when the database refuses it.
	 *
	 * @param string $sql                A prepared statement.
	 * @param bool   $quiet_on_duplicate Keep a duplicate-key refusal out of the error log (the
	 *                                   caller expects and handles it).
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
		if ( false === $result || '' !== (string) $wpdb->last_error ) {
			if ( null !== $suppress && self::ER_DUP_ENTRY !== self::last_errno() ) {
				// Only the expected duplicate stays out of the log.
				$wpdb->print_error();
			}
			self::throw_last_error();
		}
		return (int) $result;
	}

	/**
	 * The rows of a query, as associative arrays; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @return list<array<string, mixed>>
	 * @throws RuntimeException The database error.
	 */
	public static function rows( string $sql ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $sql, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		self::throw_on_read_error();
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * The first row of a query, or null; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @return array<string, mixed>|null
	 * @throws RuntimeException The database error.
	 */
	public static function row( string $sql ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $sql, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		self::throw_on_read_error();
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The first column of a query; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @return list<string>
	 * @throws RuntimeException The database error.
	 */
	public static function column( string $sql ): array {
		global $wpdb;
		$values = $wpdb->get_col( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		self::throw_on_read_error();
		return array_values( $values );
	}

	/**
	 * The first value of a query, or null; throws when the database refuses it.
	 *
	 * @param string $sql A prepared query.
	 * @throws RuntimeException The database error.
	 */
	public static function value( string $sql ): ?string {
		global $wpdb;
		$value = $wpdb->get_var( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		self::throw_on_read_error();
		return null === $value ? null : (string) $value;
	}

	/**
	 * Throws when the last statement failed ($wpdb's get_* methods answer null or an empty list
	 * then, which would read as "not found"). For callers that use $wpdb's own helpers.
	 *
	 * @throws RuntimeException The database error, with the MySQL error number as code.
	 */
	public static function throw_on_read_error(): void {
		global $wpdb;
		if ( '' !== (string) $wpdb->last_error ) {
			self::throw_last_error();
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
		// Without mysqli, recognise the errors callers react to by their text.
		$message = (string) $wpdb->last_error;
		if ( str_contains( $message, 'Duplicate entry' ) ) {
			return self::ER_DUP_ENTRY;
		}
		if ( str_contains( $message, 'Deadlock' ) ) {
			return self::ER_LOCK_DEADLOCK;
		}
		return str_contains( $message, 'Lock wait timeout' ) ? self::ER_LOCK_WAIT_TIMEOUT : 0;
	}

	/**
	 * Multi-row INSERTs, ROWS_PER_INSERT rows a statement, each statement prepared once (one
	 * $wpdb->prepare() per statement, not per value: it is the costly part of a big batch).
	 *
	 * @param string            $head     `INSERT ... VALUES ` (no placeholders).
	 * @param string            $template One row: `%d` and `%s` placeholders, such as
	 *                                    `(%d, %s, NULL)`; any other `%` doubled (see literal()).
	 * @param list<list<mixed>> $rows     Each row's values, in placeholder order.
	 * @param string            $tail     Such as ` ON DUPLICATE KEY UPDATE ...` (no placeholders).
	 * @return int Rows affected, over all statements (with INSERT IGNORE: the rows inserted).
	 * @throws RuntimeException The database refused a statement.
	 */
	public static function insert_rows( string $head, string $template, array $rows, string $tail = '' ): int {
		$affected = 0;
		foreach ( array_chunk( $rows, self::ROWS_PER_INSERT ) as $chunk ) {
			$affected += self::execute( self::prepare_rows( $head, $template, $chunk, $tail ) );
		}
		return $affected;
	}

	/**
	 * Multi-row INSERT that answers the new ids, in the rows' order.
	 *
	 * MariaDB 10.5+ returns them with `INSERT ... RETURNING id` (a leading comment makes $wpdb
	 * fetch the result like a SELECT). Other servers cannot say which id each row of a multi-row
	 * insert got when auto-increment values interleave, so there each row is its own INSERT.
	 *
	 * @param string            $head     `INSERT INTO table (columns) VALUES `.
	 * @param string            $template One row's placeholders (as for insert_rows()).
	 * @param list<list<mixed>> $rows     Each row's values.
	 * @return list<int>
	 * @throws RuntimeException The database refused a statement.
	 */
	public static function insert_returning_ids( string $head, string $template, array $rows ): array {
		global $wpdb;
		$ids = array();
		if ( self::supports_returning() ) {
			foreach ( array_chunk( $rows, self::ROWS_PER_INSERT ) as $chunk ) {
				// Auto-increment values of one statement ascend in row order.
				$new = array_map( 'intval', self::column( self::prepare_rows( '/* returning */ ' . $head, $template, $chunk, ' RETURNING id' ) ) );
				sort( $new );
				if ( count( $new ) !== count( $chunk ) ) {
					throw new RuntimeException( 'INSERT ... RETURNING answered ' . count( $new ) . ' ids for ' . count( $chunk ) . ' rows.' );
				}
				array_push( $ids, ...$new );
			}
			return $ids;
		}
		foreach ( $rows as $row ) {
			self::execute( self::prepare_rows( $head, $template, array( $row ) ) );
			$ids[] = (int) $wpdb->insert_id;
		}
		return $ids;
	}

	/**
	 * Whether to use INSERT ... RETURNING: the server knows it (MariaDB 10.5+), and the
	 * `users_to_contacts_insert_returning` filter does not turn it off (a database drop-in that
	 * routes queries by their first word could take the commented INSERT for a read).
	 */
	public static function supports_returning(): bool {
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
	 * A comma-separated list of integers, for `IN (...)` (each value cast: nothing to escape).
	 *
	 * @param iterable<mixed> $ids Ids.
	 */
	public static function id_list( iterable $ids ): string {
		$list = array();
		foreach ( $ids as $id ) {
			$list[] = (int) $id;
		}
		return implode( ',', $list );
	}

	/**
	 * A prepared, comma-separated list of quoted strings, for `IN (...)`.
	 *
	 * @param list<string> $values Strings (at least one).
	 */
	public static function string_list( array $values ): string {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- only placeholders.
		return (string) $wpdb->prepare( implode( ',', array_fill( 0, count( $values ), '%s' ) ), array_values( $values ) );
	}

	/**
	 * A value fixed for a whole statement (a batch's time, an outcome), quoted and escaped once,
	 * with its `%` doubled so it can sit inside a row template or a query prepared later.
	 *
	 * @param string $value Such as `2026-11-22 04:26:34`.
	 */
	public static function literal( string $value ): string {
		global $wpdb;
		return str_replace( '%', '%%', (string) $wpdb->prepare( '%s', $value ) );
	}

	/**
	 * The answer of a REST route when the database failed: it was rolled back (or only read),
	 * so nothing changed and trying again is the remedy. One code, one message, one status.
	 */
	public static function error(): WP_Error {
		return new WP_Error(
			'users_to_contacts_database_error',
			__( 'The database failed, so nothing was changed. Please try again; if it keeps failing, see the site\'s error log.', 'users-to-contacts' ),
			array( 'status' => 503 )
		);
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
	private static function prepare_rows( string $head, string $template, array $rows, string $tail = '' ): string {
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
	 * Rolls back the open transaction, then lets the caller forget what the rolled-back work
	 * cached. A failed ROLLBACK is not thrown: the connection then ends the transaction anyway.
	 *
	 * @param callable():void|null $on_rollback The caller's cleanup.
	 */
	private static function roll_back( ?callable $on_rollback ): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		if ( null !== $on_rollback ) {
			$on_rollback();
		}
	}

	/**
	 * Throws the last database error.
	 *
	 * @throws RuntimeException Always: $wpdb's message, the MySQL error number as code.
	 */
	private static function throw_last_error(): void {
		global $wpdb;
		throw new RuntimeException( (string) $wpdb->last_error, self::last_errno() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- never printed as HTML.
	}
}
