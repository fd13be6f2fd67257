<?php
/**
 * WordPress users read many at a time, for the sync engine.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use UsersToContacts\Email\EmailOwnership;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads `users` and `usermeta` set-based: a keyset page of users is one query for the users,
 * one for their meta and one for their links, whatever the page size (100,000 users in seconds
 * leaves no room for a query per user: docs/architecture.md).
 */
final class UsersReader {

	/**
	 * User meta set ('1') on an unlinked user whose "Synchronize user to contact" switch is off
	 * (B7): the engine links them at no moment until it is turned on again.
	 */
	public const SYNC_OFF_META = 'users_to_contacts_sync_off';

	/**
	 * Core user columns a page can return in `fields`.
	 */
	public const READABLE_USER_COLUMNS = array( 'user_login', 'user_email', 'user_url', 'user_registered', 'user_nicename', 'display_name' );

	/**
	 * The links of the page's users.
	 */
	private LinksRepository $links;

	public function __construct() {
		$this->links = new LinksRepository();
	}

	/**
	 * A keyset page of users (`ID > after ORDER BY ID LIMIT n`), or the users of `include`
	 * (then one page, no next), each with its roles, names, requested fields and link.
	 *
	 * @param int          $after   Users with an id above this one.
	 * @param int          $limit   Users per page.
	 * @param list<int>    $include Only these users (after and limit are then ignored).
	 * @param list<string> $fields  Core columns (READABLE_USER_COLUMNS) and meta keys to return
	 *                              in each user's `fields` (checked by the caller: no private key).
	 * @param bool         $synchronized Only users linked with the switch on ("Update all
	 *                                   synchronized users", B10); `total` counts those.
	 * @return array{users: list<array<string, mixed>>, next_after: int|null, total?: int}
	 * @throws RuntimeException The database refused a query.
	 */
	public function page( int $after, int $limit, array $include, array $fields, bool $synchronized = false ): array {
		global $wpdb;
		$columns = array_values( array_intersect( $fields, self::READABLE_USER_COLUMNS ) );
		$meta    = array_values( array_diff( $fields, self::READABLE_USER_COLUMNS ) );
		$select  = array_unique( array_merge( array( 'ID', 'user_login', 'user_email', 'display_name' ), $columns ) );
		if ( $include ) {
			$where = 'u.ID IN (' . Database::id_list( $include ) . ')';
			$limit = count( $include );
		} else {
			$where = $wpdb->prepare( 'u.ID > %d', $after );
		}
		$caps_key = $wpdb->get_blog_prefix() . 'capabilities';
		if ( $synchronized ) {
			$where .= ' AND EXISTS ( SELECT 1 FROM ' . Schema::table( 'links' ) . ' l WHERE l.user_id = u.ID AND l.sync_enabled = 1 )';
		}
		if ( is_multisite() ) {
			// Only this site's users: those with a role here.
			$where .= $wpdb->prepare( " AND EXISTS ( SELECT 1 FROM {$wpdb->usermeta} m WHERE m.user_id = u.ID AND m.meta_key = %s )", $caps_key );
		}
		// Column names come from READABLE_USER_COLUMNS; $where is prepared.
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared
		$users  = Database::rows( $wpdb->prepare( 'SELECT u.' . implode( ', u.', $select ) . " FROM {$wpdb->users} u WHERE {$where} ORDER BY u.ID LIMIT %d", $limit ) );
		$ids    = array_map( static fn( array $row ): int => (int) $row['ID'], $users );
		$values = $this->first_meta_values( $ids, array_values( array_unique( array_merge( array( 'first_name', 'last_name', $caps_key, EmailOwnership::VERIFIED_META, self::SYNC_OFF_META ), $meta ) ) ) );
		$links  = $this->links->of_users( $ids );

		$page = array();
		foreach ( $users as $row ) {
			$id        = (int) $row['ID'];
			$own       = $values[ $id ] ?? array();
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
				// R6: a proof for the current address (a changed email has none).
				'email_verified' => EmailOwnership::proves( $own[ EmailOwnership::VERIFIED_META ] ?? null, (string) $row['user_email'] ),
				'display_name' => (string) $row['display_name'],
				'first_name'   => $own['first_name'] ?? '',
				'last_name'    => $own['last_name'] ?? '',
				'fields'       => (object) $requested,
				'link'         => $links[ $id ] ?? null,
				'sync_off'     => '1' === ( $own[ self::SYNC_OFF_META ] ?? '' ),
			);
		}
		$data = array(
			'users'      => $page,
			'next_after' => ! $include && count( $users ) === $limit && $ids ? (int) end( $ids ) : null,
		);
		if ( 0 === $after && ! $include ) {
			$data['total'] = $synchronized ? self::count_synchronized() : $this->count( $caps_key );
		}
		return $data;
	}

	/**
	 * Which of these users exist.
	 *
	 * @param list<int> $ids User ids.
	 * @return array<int, true> The existing ones, as keys.
	 * @throws RuntimeException The database refused the query.
	 */
	public function existing( array $ids ): array {
		global $wpdb;
		if ( ! $ids ) {
			return array();
		}
		return array_fill_keys( array_map( 'intval', Database::column( "SELECT ID FROM {$wpdb->users} WHERE ID IN (" . Database::id_list( array_unique( $ids ) ) . ')' ) ), true );
	}

	/**
	 * The first value of each meta key of each user (lowest umeta_id, as
	 * get_user_meta( $id, $key, true ) gives it), chosen here rather than with ORDER BY, which
	 * costs a sort of every row.
	 *
	 * @param list<int>    $ids  Users.
	 * @param list<string> $keys Meta keys.
	 * @return array<int, array<string, string>> By user id, then key.
	 * @throws RuntimeException The database refused the query.
	 */
	private function first_meta_values( array $ids, array $keys ): array {
		global $wpdb;
		if ( ! $ids ) {
			return array();
		}
		$rows   = Database::rows( "SELECT umeta_id, user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN (" . Database::id_list( $ids ) . ') AND meta_key IN (' . Database::string_list( $keys ) . ')' );
		$first  = array();
		$values = array();
		foreach ( $rows as $row ) {
			$user = (int) $row['user_id'];
			$meta = (int) $row['umeta_id'];
			if ( ! isset( $first[ $user ][ $row['meta_key'] ] ) || $meta < $first[ $user ][ $row['meta_key'] ] ) {
				$first[ $user ][ $row['meta_key'] ]  = $meta;
				$values[ $user ][ $row['meta_key'] ] = (string) $row['meta_value'];
			}
		}
		return $values;
	}

	/**
	 * Users linked with the switch on: what "Update all synchronized users" goes through.
	 *
	 * @throws RuntimeException The database refused the query.
	 */
	public static function count_synchronized(): int {
		global $wpdb;
		return (int) Database::value( 'SELECT COUNT(*) FROM ' . Schema::table( 'links' ) . " l JOIN {$wpdb->users} u ON u.ID = l.user_id WHERE l.sync_enabled = 1" );
	}

	/**
	 * The users of this site (on a network: those with a role here).
	 *
	 * @param string $caps_key This site's capabilities meta key.
	 * @throws RuntimeException The database refused the query.
	 */
	private function count( string $caps_key ): int {
		global $wpdb;
		if ( is_multisite() ) {
			return (int) Database::value( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $caps_key ) );
		}
		return (int) Database::value( "SELECT COUNT(*) FROM {$wpdb->users}" );
	}
}
