<?php
/**
 * User ↔ contact links: storage and lookups.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use UsersToContacts\Support\Dates;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and writes `utc_links`.
 *
 * One link per user (primary key user_id) and one per contact (unique key contact_id): the
 * database, not a read-then-write check, decides which of two concurrent writers wins.
 *
 * A link record: `array{ user_id: int, contact_id: int, sync_enabled: bool, source: string,
 * origin: string, linked_at: string, last_synced_at: string|null }` (times as stored, UTC).
 * Database errors are thrown as RuntimeException (see Database::execute()).
 */
final class LinksRepository {

	/**
	 * Who is the active data source of a link.
	 */
	public const SOURCES = array( 'user', 'contact' );

	/**
	 * How a link was made.
	 */
	public const ORIGINS = array( 'matched', 'created', 'manual' );

	/**
	 * The link of a user, or null.
	 *
	 * @param int $user_id User id.
	 * @return array<string, mixed>|null A link record.
	 */
	public function find( int $user_id ): ?array {
		global $wpdb;
		$table = Schema::table( 'links' );
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE user_id = %d", $user_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		Database::throw_on_read_error();
		return is_array( $row ) ? self::record( $row ) : null;
	}

	/**
	 * The link of a contact, or null.
	 *
	 * @param int $contact_id Contact id.
	 * @return array<string, mixed>|null A link record.
	 */
	public function find_by_contact( int $contact_id ): ?array {
		global $wpdb;
		$table = Schema::table( 'links' );
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE contact_id = %d", $contact_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		Database::throw_on_read_error();
		return is_array( $row ) ? self::record( $row ) : null;
	}

	/**
	 * A page of links and how many match in all, ordered by user id.
	 *
	 * @param array{
	 *     user_id?: int|null, contact_id?: int|null, include?: list<int>|null, source?: string|null,
	 *     sync_enabled?: bool|null, page?: int, per_page?: int
	 * } $args Filters.
	 * @return array{items: list<array<string, mixed>>, total: int}
	 */
	public function query( array $args ): array {
		$table  = Schema::table( 'links' );
		$where  = array( '1 = 1' );
		$params = array();
		foreach ( array( 'user_id', 'contact_id' ) as $column ) {
			if ( isset( $args[ $column ] ) ) {
				$where[]  = "{$column} = %d";
				$params[] = (int) $args[ $column ];
			}
		}
		if ( ! empty( $args['include'] ) ) {
			$ids      = array_map( 'intval', (array) $args['include'] );
			$where[]  = 'user_id IN (' . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')';
			$params   = array_merge( $params, $ids );
		}
		if ( isset( $args['source'] ) ) {
			$where[]  = 'source = %s';
			$params[] = (string) $args['source'];
		}
		if ( isset( $args['sync_enabled'] ) ) {
			$where[]  = 'sync_enabled = %d';
			$params[] = $args['sync_enabled'] ? 1 : 0;
		}
		$where_sql = implode( ' AND ', $where );
		$page      = Paging::fetch(
			"SELECT COUNT(*) FROM {$table} WHERE {$where_sql}",
			"SELECT * FROM {$table} WHERE {$where_sql} ORDER BY user_id",
			$params,
			(int) ( $args['page'] ?? 1 ),
			(int) ( $args['per_page'] ?? 20 )
		);
		return array(
			'items' => array_map( array( self::class, 'record' ), $page['rows'] ),
			'total' => $page['total'],
		);
	}

	/**
	 * Creates a link unless the user or the contact already has one.
	 *
	 * Relies on the unique keys: of two concurrent creates for one user (or one contact),
	 * exactly one inserts and the other gets false.
	 *
	 * @param array{user_id: int, contact_id: int, sync_enabled?: bool, source?: string, origin?: string} $link The link.
	 * @return bool False when a unique key refused it (the user or the contact is linked already).
	 * @throws RuntimeException On any other database error.
	 */
	public function create( array $link ): bool {
		global $wpdb;
		$table = Schema::table( 'links' );
		$sql   = $wpdb->prepare(
			"INSERT INTO {$table} (user_id, contact_id, sync_enabled, source, origin, linked_at) VALUES (%d, %d, %d, %s, %s, %s)", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$link['user_id'],
			$link['contact_id'],
			( $link['sync_enabled'] ?? true ) ? 1 : 0,
			in_array( $link['source'] ?? null, self::SOURCES, true ) ? $link['source'] : 'user',
			in_array( $link['origin'] ?? null, self::ORIGINS, true ) ? $link['origin'] : 'manual',
			Dates::now()
		);
		try {
			Database::execute( $sql, true );
		} catch ( RuntimeException $error ) {
			if ( Database::ER_DUP_ENTRY === $error->getCode() ) {
				return false;
			}
			throw $error;
		}
		return true;
	}

	/**
	 * Changes the switch and the source of a user's link.
	 *
	 * @param int                                            $user_id User id.
	 * @param array{sync_enabled?: bool, source?: string}    $changes What to set.
	 * @return bool Whether the link exists.
	 * @throws RuntimeException On a database error.
	 */
	public function update( int $user_id, array $changes ): bool {
		global $wpdb;
		$table       = Schema::table( 'links' );
		$assignments = array();
		$params      = array();
		if ( isset( $changes['sync_enabled'] ) ) {
			$assignments[] = 'sync_enabled = %d';
			$params[]      = $changes['sync_enabled'] ? 1 : 0;
		}
		if ( isset( $changes['source'] ) && in_array( $changes['source'], self::SOURCES, true ) ) {
			$assignments[] = 'source = %s';
			$params[]      = $changes['source'];
		}
		if ( ! $assignments ) {
			return null !== $this->find( $user_id );
		}
		$params[] = $user_id;
		Database::execute( $wpdb->prepare( "UPDATE {$table} SET " . implode( ', ', $assignments ) . ' WHERE user_id = %d', $params ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		// Rows affected is 0 for an unchanged row too, so ask whether it exists.
		return null !== $this->find( $user_id );
	}

	/**
	 * Removes a user's link (the contact stays).
	 *
	 * @param int $user_id User id.
	 * @return bool Whether there was a link.
	 * @throws RuntimeException On a database error.
	 */
	public function delete( int $user_id ): bool {
		global $wpdb;
		$table = Schema::table( 'links' );
		return Database::execute( $wpdb->prepare( "DELETE FROM {$table} WHERE user_id = %d", $user_id ) ) > 0; // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * The links of some users, as the bulk user page shows them.
	 *
	 * @param list<int> $user_ids Users.
	 * @return array<int, array{contact_id: int, sync_enabled: bool, source: string, origin: string}> By user id.
	 * @throws RuntimeException On a database error.
	 */
	public function of_users( array $user_ids ): array {
		if ( ! $user_ids ) {
			return array();
		}
		$table = Schema::table( 'links' );
		$links = array();
		foreach ( Database::rows( "SELECT user_id, contact_id, sync_enabled, source, origin FROM {$table} WHERE user_id IN (" . Database::id_list( $user_ids ) . ')' ) as $row ) {
			$links[ (int) $row['user_id'] ] = array(
				'contact_id'   => (int) $row['contact_id'],
				'sync_enabled' => (bool) (int) $row['sync_enabled'],
				'source'       => (string) $row['source'],
				'origin'       => (string) $row['origin'],
			);
		}
		return $links;
	}

	/**
	 * Which contact holds each of some users and which user each of some contacts.
	 *
	 * @param list<int> $user_ids    Users.
	 * @param list<int> $contact_ids Contacts.
	 * @param bool      $locking     A locking read: the latest committed rows, not the
	 *                               transaction's snapshot (after an INSERT IGNORE that a
	 *                               concurrent commit turned into a no-op, only a locking read
	 *                               sees the row that won).
	 * @return array{by_user: array<int, int>, by_contact: array<int, int>}
	 * @throws RuntimeException On a database error.
	 */
	public function holders( array $user_ids, array $contact_ids, bool $locking ): array {
		$table = Schema::table( 'links' );
		$where = array();
		if ( $user_ids ) {
			$where[] = 'user_id IN (' . Database::id_list( $user_ids ) . ')';
		}
		if ( $contact_ids ) {
			$where[] = 'contact_id IN (' . Database::id_list( $contact_ids ) . ')';
		}
		$links = array(
			'by_user'    => array(),
			'by_contact' => array(),
		);
		if ( ! $where ) {
			return $links;
		}
		foreach ( Database::rows( "SELECT user_id, contact_id FROM {$table} WHERE " . implode( ' OR ', $where ) . ( $locking ? ' FOR UPDATE' : '' ) ) as $row ) {
			$links['by_user'][ (int) $row['user_id'] ]       = (int) $row['contact_id'];
			$links['by_contact'][ (int) $row['contact_id'] ] = (int) $row['user_id'];
		}
		return $links;
	}

	/**
	 * The links of some users with how they were made and the run that created their contact
	 * (so a replayed create of a run can be told from another runner's link).
	 *
	 * @param list<int> $user_ids Users.
	 * @return array<int, array{contact_id: int, origin: string, created_by_run: int|null}> By user id.
	 * @throws RuntimeException On a database error.
	 */
	public function with_creating_run( array $user_ids ): array {
		if ( ! $user_ids ) {
			return array();
		}
		$links    = Schema::table( 'links' );
		$contacts = Schema::table( 'contacts' );
		$found    = array();
		foreach ( Database::rows( "SELECT l.user_id, l.contact_id, l.origin, c.created_by_run FROM {$links} l JOIN {$contacts} c ON c.id = l.contact_id WHERE l.user_id IN (" . Database::id_list( $user_ids ) . ')' ) as $row ) {
			$found[ (int) $row['user_id'] ] = array(
				'contact_id'     => (int) $row['contact_id'],
				'origin'         => (string) $row['origin'],
				'created_by_run' => null === $row['created_by_run'] ? null : (int) $row['created_by_run'],
			);
		}
		return $found;
	}

	/**
	 * INSERT IGNORE of many links (a user or contact linked already keeps its link: read back
	 * with holders() who won), linked and synced at $now.
	 *
	 * @param list<array{0: int, 1: int, 2: int, 3: string, 4: string}> $rows user_id, contact_id,
	 *                                                                     sync_enabled (0|1), source, origin.
	 * @param string                                                   $now  The batch's time.
	 * @throws RuntimeException On a database error.
	 */
	public function insert_ignore_many( array $rows, string $now ): void {
		// Ascending user ids: concurrent batches take the link rows' locks in the same order.
		usort( $rows, static fn( array $a, array $b ): int => $a[0] <=> $b[0] );
		$table = Schema::table( 'links' );
		$time  = Database::literal( $now );
		Database::insert_rows( "INSERT IGNORE INTO {$table} (user_id, contact_id, sync_enabled, source, origin, linked_at, last_synced_at) VALUES ", "(%d, %d, %d, %s, %s, {$time}, {$time})", $rows );
	}

	/**
	 * Removes the links of some users or contacts; their contacts keep the user id as
	 * former_user_id (the contact shows it was a user's).
	 *
	 * @param string    $column user_id or contact_id.
	 * @param list<int> $ids    Ids.
	 * @return array<int, array{contact_id: int, user_id: int}> The removed links, by user id.
	 * @throws RuntimeException On a database error.
	 */
	public function remove_many( string $column, array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		$column   = 'contact_id' === $column ? 'contact_id' : 'user_id';
		$links    = Schema::table( 'links' );
		$contacts = Schema::table( 'contacts' );
		$removed  = array();
		foreach ( Database::rows( "SELECT user_id, contact_id FROM {$links} WHERE {$column} IN (" . Database::id_list( $ids ) . ') FOR UPDATE' ) as $row ) {
			$removed[ (int) $row['user_id'] ] = array(
				'contact_id' => (int) $row['contact_id'],
				'user_id'    => (int) $row['user_id'],
			);
		}
		if ( $removed ) {
			$user_list = Database::id_list( array_keys( $removed ) );
			Database::execute( "UPDATE {$contacts} c JOIN {$links} l ON l.contact_id = c.id SET c.former_user_id = l.user_id WHERE l.user_id IN ({$user_list})" );
			Database::execute( "DELETE FROM {$links} WHERE user_id IN ({$user_list})" );
		}
		return $removed;
	}

	/**
	 * Marks the links of some users synced at $now.
	 *
	 * @param list<int> $user_ids Users (with a link).
	 * @param string    $now      The batch's time.
	 * @throws RuntimeException On a database error.
	 */
	public function touch_many( array $user_ids, string $now ): void {
		global $wpdb;
		if ( ! $user_ids ) {
			return;
		}
		$table = Schema::table( 'links' );
		Database::execute( $wpdb->prepare( "UPDATE {$table} SET last_synced_at = %s WHERE user_id IN (" . Database::id_list( $user_ids ) . ')', $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * A row as a link record.
	 *
	 * @param array<string, mixed> $row A row of the links table.
	 * @return array<string, mixed>
	 */
	public static function record( array $row ): array {
		return array(
			'user_id'        => (int) $row['user_id'],
			'contact_id'     => (int) $row['contact_id'],
			'sync_enabled'   => 1 === (int) $row['sync_enabled'],
			'source'         => (string) $row['source'],
			'origin'         => (string) $row['origin'],
			'linked_at'      => (string) $row['linked_at'],
			'last_synced_at' => null === $row['last_synced_at'] ? null : (string) $row['last_synced_at'],
		);
	}
}
