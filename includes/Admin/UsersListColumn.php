<?php
/**
 * The Contact column on Users › All Users.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use UsersToContacts\Plugin;
use WP_User;
use WP_Users_List_Table;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Shows each user's contact (B13): its name linked to the contact's screen, whether sync is
 * off or the contact is the source, or "—" (and why, when linking waits for the user's email
 * confirmation). Shown to people who may manage contacts.
 *
 * The links of the whole page are read with one query, at the first cell: WordPress asks for
 * each cell separately, and a query per row would be an N+1.
 */
final class UsersListColumn {

	public const COLUMN = 'users_to_contacts_contact';

	/**
	 * The page's users' contacts, by user id; null until the first cell asks.
	 *
	 * @var array<int, array{contact_id: int, name: string, sync_enabled: bool, source: string}>|null
	 */
	private static ?array $page_contacts = null;

	/**
	 * Users whose contact has been looked up (linked or not).
	 *
	 * @var array<int, true>
	 */
	private static array $looked_up = array();

	/**
	 * Adds the hooks. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_filter( 'manage_users_columns', array( self::class, 'add_column' ) );
		add_filter( 'manage_users_custom_column', array( self::class, 'render_cell' ), 10, 3 );
	}

	/**
	 * The `manage_users_columns` filter: the Contact column, after Email.
	 *
	 * @param array<string, string> $columns Column ids and headings.
	 * @return array<string, string>
	 */
	public static function add_column( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		if ( ! current_user_can( Plugin::CAPABILITY ) ) {
			return $columns;
		}
		$with = array();
		foreach ( $columns as $id => $heading ) {
			$with[ $id ] = $heading;
			if ( 'email' === $id ) {
				$with[ self::COLUMN ] = __( 'Contact', 'users-to-contacts' );
			}
		}
		if ( ! isset( $with[ self::COLUMN ] ) ) {
			$with[ self::COLUMN ] = __( 'Contact', 'users-to-contacts' );
		}
		return $with;
	}

	/**
	 * The `manage_users_custom_column` filter: one cell of the column.
	 *
	 * @param string     $output      What other plugins put in the cell.
	 * @param string     $column_name The column.
	 * @param int|string $user_id     The row's user.
	 */
	public static function render_cell( $output, $column_name, $user_id ): string {
		if ( self::COLUMN !== $column_name ) {
			return (string) $output;
		}
		$user_id = (int) $user_id;
		$contact = self::contact_of( $user_id );
		if ( null !== $contact ) {
			$notes = array();
			if ( ! $contact['sync_enabled'] ) {
				$notes[] = __( 'Not synchronized', 'users-to-contacts' );
			} elseif ( 'contact' === $contact['source'] ) {
				$notes[] = __( 'The contact is the source', 'users-to-contacts' );
			}
			$html = UserContacts::name_html( $contact );
			foreach ( $notes as $note ) {
				$html .= '<br><span class="description">' . esc_html( $note ) . '</span>';
			}
			return $html;
		}
		$html = '<span aria-hidden="true">&#8212;</span><span class="screen-reader-text">' . esc_html__( 'Not linked', 'users-to-contacts' ) . '</span>';
		$user = get_userdata( $user_id );
		if ( UserContacts::sync_off( $user_id ) ) {
			$html .= '<br><span class="description">' . esc_html__( 'Synchronization off', 'users-to-contacts' ) . '</span>';
		} elseif ( $user instanceof WP_User && UserContacts::waits_for_email( $user ) ) {
			$html .= '<br><span class="description">' . esc_html__( 'Waiting for email confirmation', 'users-to-contacts' ) . '</span>';
		}
		return $html;
	}

	/**
	 * The contact of a row's user, read with the rest of the page's at the first cell.
	 *
	 * @param int $user_id The row's user.
	 * @return array{contact_id: int, name: string, sync_enabled: bool, source: string}|null
	 */
	private static function contact_of( int $user_id ): ?array {
		if ( ! isset( self::$looked_up[ $user_id ] ) ) {
			// The first cell reads the whole page; a user outside it (another plugin's table) alone.
			$user_ids            = null === self::$page_contacts ? array_merge( self::list_table_user_ids(), array( $user_id ) ) : array( $user_id );
			self::$page_contacts = ( self::$page_contacts ?? array() ) + UserContacts::of_users( $user_ids );
			self::$looked_up    += array_fill_keys( $user_ids, true );
		}
		return self::$page_contacts[ $user_id ] ?? null;
	}

	/**
	 * The users of the list table being printed (its items are WP_User objects).
	 *
	 * @return list<int>
	 */
	private static function list_table_user_ids(): array {
		global $wp_list_table;
		if ( ! $wp_list_table instanceof WP_Users_List_Table || ! is_array( $wp_list_table->items ) ) {
			return array();
		}
		$ids = array();
		foreach ( $wp_list_table->items as $user ) {
			if ( $user instanceof WP_User ) {
				$ids[] = (int) $user->ID;
			}
		}
		return $ids;
	}
}
