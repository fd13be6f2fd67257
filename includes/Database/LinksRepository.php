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
 * Database errors are thrown as RuntimeException (see ContactsRepository::execute()).
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
		ContactsRepository::throw_on_read_error();
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
		ContactsRepository::throw_on_read_error();
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
		global $wpdb;
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
		$count_sql = "SELECT COUNT(*) FROM {$table} WHERE {$where_sql}";
		$total     = (int) $wpdb->get_var( $params ? $wpdb->prepare( $count_sql, $params ) : $count_sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		ContactsRepository::throw_on_read_error();

		$per_page = max( 1, (int) ( $args['per_page'] ?? 20 ) );
		$page     = max( 1, (int) ( $args['page'] ?? 1 ) );
		if ( 0 === $total || ( $page - 1 ) * $per_page >= $total ) {
			return array(
				'items' => array(),
				'total' => $total,
			);
		}
		$rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "SELECT * FROM {$table} WHERE {$where_sql} ORDER BY user_id LIMIT %d OFFSET %d", array_merge( $params, array( $per_page, ( $page - 1 ) * $per_page ) ) ), // phpcs:ignore WordPress.DB.PreparedSQL
			ARRAY_A
		);
		ContactsRepository::throw_on_read_error();
		return array(
			'items' => array_map( array( self::class, 'record' ), is_array( $rows ) ? $rows : array() ),
			'total' => $total,
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
			ContactsRepository::execute( $sql, true );
		} catch ( RuntimeException $error ) {
			if ( ContactsRepository::ER_DUP_ENTRY === $error->getCode() ) {
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
		ContactsRepository::execute( $wpdb->prepare( "UPDATE {$table} SET " . implode( ', ', $assignments ) . ' WHERE user_id = %d', $params ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
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
		return ContactsRepository::execute( $wpdb->prepare( "DELETE FROM {$table} WHERE user_id = %d", $user_id ) ) > 0; // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
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
