<?php
/**
 * What the user screens show about a user's contact, read set-based.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use RuntimeException;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\Schema;
use UsersToContacts\Database\UsersReader;
use UsersToContacts\Email\EmailOwnership;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Plugin;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The links of users with their contacts' names (one query for any number of users), the
 * states an unlinked user can be in, and the one way the user screens ask for a sync: an
 * event the runners give to the engine, which decides (docs/behaviours.md B7, B13).
 *
 * A user's contact: `array{ contact_id: int, name: string, sync_enabled: bool, source: string }`.
 */
final class UserContacts {

	/**
	 * The linked contacts of some users, by user id (users without a live linked contact are
	 * left out).
	 *
	 * @param list<int> $user_ids Users.
	 * @return array<int, array{contact_id: int, name: string, sync_enabled: bool, source: string}>
	 */
	public static function of_users( array $user_ids ): array {
		$user_ids = array_values( array_unique( array_filter( array_map( 'intval', $user_ids ) ) ) );
		if ( ! $user_ids ) {
			return array();
		}
		global $wpdb;
		$links        = Schema::table( 'links' );
		$contacts     = Schema::table( 'contacts' );
		$placeholders = implode( ',', array_fill( 0, count( $user_ids ), '%d' ) );
		$found        = array();
		try {
			$rows = Database::rows( $wpdb->prepare( "SELECT l.user_id, l.contact_id, l.sync_enabled, l.source, c.display_name, c.first_name, c.last_name, c.organization_name FROM {$links} l JOIN {$contacts} c ON c.id = l.contact_id AND c.deleted_at IS NULL WHERE l.user_id IN ({$placeholders})", $user_ids ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		} catch ( RuntimeException $error ) {
			// A screen of core's stays usable: its users are shown without their contacts.
			return array();
		}
		foreach ( $rows as $row ) {
			$found[ (int) $row['user_id'] ] = array(
				'contact_id'   => (int) $row['contact_id'],
				'name'         => self::name( $row ),
				'sync_enabled' => 1 === (int) $row['sync_enabled'],
				'source'       => (string) $row['source'],
			);
		}
		return $found;
	}

	/**
	 * The contact's name as the Contacts screens show it.
	 *
	 * @param array<string, mixed> $row display_name, first_name, last_name, organization_name.
	 */
	private static function name( array $row ): string {
		$names = array(
			(string) $row['display_name'],
			trim( $row['first_name'] . ' ' . $row['last_name'] ),
			(string) $row['organization_name'],
		);
		foreach ( $names as $name ) {
			if ( '' !== trim( $name ) ) {
				return $name;
			}
		}
		return __( '(no name)', 'users-to-contacts' );
	}

	/**
	 * The contact's name, linked to its edit screen for people who may open it. Escaped.
	 *
	 * @param array{contact_id: int, name: string} $contact A user's contact.
	 */
	public static function name_html( array $contact ): string {
		if ( ! current_user_can( Plugin::CAPABILITY ) ) {
			return esc_html( $contact['name'] );
		}
		return sprintf(
			'<a href="%1$s">%2$s</a>',
			esc_url( ContactsPage::url( 'edit', array( 'contact' => $contact['contact_id'] ) ) ),
			esc_html( $contact['name'] )
		);
	}

	/**
	 * Whether linking the user waits until they confirm their email (R6): the engine found
	 * their contact and asked them to confirm the address they have now. Reads the user meta
	 * the engine's request left (cached with the user list's other meta: no query).
	 *
	 * @param WP_User $user The user.
	 */
	public static function waits_for_email( WP_User $user ): bool {
		$pending = get_user_meta( $user->ID, EmailOwnership::PENDING_META, true );
		return is_string( $pending ) && '' !== $pending
			&& ContactsRepository::normalize_email( (string) $user->user_email ) === $pending;
	}

	/**
	 * Whether events about the user wait for a runner (the link may be on its way).
	 *
	 * @param int $user_id The user.
	 */
	public static function has_waiting_events( int $user_id ): bool {
		global $wpdb;
		$events = Schema::table( 'events' );
		return null !== $wpdb->get_var( $wpdb->prepare( "SELECT id FROM {$events} WHERE user_id = %d AND processed_at IS NULL AND error IS NULL LIMIT 1", $user_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * Asks for the user to be synchronized now: the runners give the event to the engine, which
	 * links or creates (B5's rules) or brings the linked contact up to date.
	 *
	 * @param int $user_id The user.
	 * @return bool Whether the request was recorded.
	 */
	public static function request_sync( int $user_id ): bool {
		// Asking for it is turning the switch on (B7).
		self::set_sync_off( $user_id, false );
		return EventRecorder::record( EventRecorder::SYNC_REQUESTED, $user_id ) > 0;
	}

	/**
	 * Whether an unlinked user's "Synchronize user to contact" is off (B7): then they are linked
	 * at no moment, not even by Contacts › Synchronize. A linked user's switch is its link's.
	 *
	 * @param int $user_id The user.
	 */
	public static function sync_off( int $user_id ): bool {
		return '1' === get_user_meta( $user_id, UsersReader::SYNC_OFF_META, true );
	}

	/**
	 * Turns an unlinked user's switch off or on (without asking for a sync).
	 *
	 * @param int  $user_id The user.
	 * @param bool $off     Off.
	 */
	public static function set_sync_off( int $user_id, bool $off ): void {
		if ( $off ) {
			update_user_meta( $user_id, UsersReader::SYNC_OFF_META, '1' );
		} elseif ( self::sync_off( $user_id ) ) {
			delete_user_meta( $user_id, UsersReader::SYNC_OFF_META );
		}
	}
}
