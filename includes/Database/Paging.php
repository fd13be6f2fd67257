<?php
/**
 * One page of a list query and how many rows match in all.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The paging every list route shares: count, then fetch the page with LIMIT and OFFSET, and skip
 * the fetch when the page lies past the end.
 */
final class Paging {

	/**
	 * A page of rows and the total.
	 *
	 * @param string      $count_sql `SELECT COUNT(*) FROM ... WHERE ...`, with `%d`/`%s`
	 *                               placeholders for $params only.
	 * @param string      $rows_sql  `SELECT ... FROM ... WHERE ... ORDER BY ...` (no LIMIT), the
	 *                               same placeholders.
	 * @param list<mixed> $params    The placeholders' values.
	 * @param int         $page      Page number, from 1.
	 * @param int         $per_page  Page size.
	 * @return array{rows: list<array<string, mixed>>, total: int}
	 * @throws RuntimeException On a database error.
	 */
	public static function fetch( string $count_sql, string $rows_sql, array $params, int $page, int $per_page ): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders only; the values are $params.
		$total    = (int) Database::value( $params ? (string) $wpdb->prepare( $count_sql, $params ) : $count_sql );
		$per_page = max( 1, $per_page );
		$offset   = ( max( 1, $page ) - 1 ) * $per_page;
		if ( $offset >= $total ) {
			return array(
				'rows'  => array(),
				'total' => $total,
			);
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders only; the values are $params.
		$rows = Database::rows( (string) $wpdb->prepare( $rows_sql . ' LIMIT %d OFFSET %d', array_merge( $params, array( $per_page, $offset ) ) ) );
		return array(
			'rows'  => $rows,
			'total' => $total,
		);
	}
}
