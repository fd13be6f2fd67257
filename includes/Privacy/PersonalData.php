<?php
/**
 * WordPress's personal data exporter and eraser for contact data (Tools > Export / Erase
 * Personal Data).
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Privacy;

use UsersToContacts\Database\Schema;
use UsersToContacts\Fields;
use UsersToContacts\Support\Dates;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Finds the contacts of an email address (holding it, or linked to the user who has it) and
 * exports or anonymises them.
 */
final class PersonalData {

	private const GROUP = 'users-to-contacts';

	/**
	 * Hooks into the privacy tools.
	 */
	public static function register(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( self::class, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( self::class, 'add_eraser' ) );
	}

	/**
	 * Adds the exporter.
	 *
	 * @param array<string, mixed> $exporters Registered exporters.
	 * @return array<string, mixed>
	 */
	public static function add_exporter( array $exporters ): array {
		$exporters[ self::GROUP ] = array(
			'exporter_friendly_name' => __( 'Users to Contacts', 'users-to-contacts' ),
			'callback'               => array( self::class, 'export' ),
		);
		return $exporters;
	}

	/**
	 * Adds the eraser.
	 *
	 * @param array<string, mixed> $erasers Registered erasers.
	 * @return array<string, mixed>
	 */
	public static function add_eraser( array $erasers ): array {
		$erasers[ self::GROUP ] = array(
			'eraser_friendly_name' => __( 'Users to Contacts', 'users-to-contacts' ),
			'callback'             => array( self::class, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * Ids of the non-deleted contacts of an email address.
	 *
	 * @param string $email The address asked about.
	 * @return list<int>
	 */
	private static function contact_ids( string $email ): array {
		global $wpdb;
		$emails   = Schema::table( 'contact_emails' );
		$contacts = Schema::table( 'contacts' );
		$links    = Schema::table( 'links' );
		$user     = get_user_by( 'email', $email );
		$ids      = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT c.id FROM {$contacts} c
				WHERE c.deleted_at IS NULL AND (
					c.id IN ( SELECT e.contact_id FROM {$emails} e WHERE e.email = %s )
					OR c.id IN ( SELECT l.contact_id FROM {$links} l WHERE l.user_id = %d )
				)
				ORDER BY c.id LIMIT 500",
				strtolower( trim( $email ) ),
				$user ? $user->ID : 0
			)
		);
		return array_map( 'intval', $ids );
	}

	/**
	 * The exporter: one item per contact.
	 *
	 * @param string $email The address asked about.
	 * @param int    $page  Page (all contacts fit on the first).
	 * @return array{data: list<array<string, mixed>>, done: bool}
	 */
	public static function export( string $email, int $page = 1 ): array {
		global $wpdb;
		$ids = self::contact_ids( $email );
		if ( array() === $ids ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}
		$contacts     = Schema::table( 'contacts' );
		$emails_table = Schema::table( 'contact_emails' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders built above.
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$contacts} WHERE id IN ({$placeholders})", $ids ), ARRAY_A );
		$emails = $wpdb->get_results( $wpdb->prepare( "SELECT contact_id, email FROM {$emails_table} WHERE contact_id IN ({$placeholders}) ORDER BY is_primary DESC, id", $ids ), ARRAY_A );
		// phpcs:enable
		$by_contact = array();
		foreach ( $emails as $row ) {
			$by_contact[ (int) $row['contact_id'] ][] = $row['email'];
		}
		$labels = Fields::contact_fields();
		$data   = array();
		foreach ( $rows as $row ) {
			$fields = array(
				array(
					'name'  => __( 'Contact type', 'users-to-contacts' ),
					'value' => $row['type'],
				),
				array(
					'name'  => __( 'Emails', 'users-to-contacts' ),
					'value' => implode( ', ', $by_contact[ (int) $row['id'] ] ?? array() ),
				),
			);
			foreach ( $labels as $key => $label ) {
				if ( isset( $row[ $key ] ) && '' !== (string) $row[ $key ] ) {
					$fields[] = array(
						'name'  => $label,
						'value' => (string) $row[ $key ],
					);
				}
			}
			$fields[] = array(
				'name'  => __( 'Created', 'users-to-contacts' ),
				'value' => (string) Dates::to_iso( $row['created'] ),
			);
			$data[]   = array(
				'group_id'    => self::GROUP,
				'group_label' => __( 'Contacts', 'users-to-contacts' ),
				'item_id'     => 'contact-' . $row['id'],
				'data'        => $fields,
			);
		}
		return array(
			'data' => $data,
			'done' => true,
		);
	}

	/**
	 * The eraser: blanks every personal field, removes the emails and the link, and marks the
	 * contact deleted, so nothing of the person stays and no sync refills it.
	 *
	 * @param string $email The address asked about.
	 * @param int    $page  Page (all contacts fit on the first).
	 * @return array{items_removed: bool, items_retained: bool, messages: list<string>, done: bool}
	 */
	public static function erase( string $email, int $page = 1 ): array {
		global $wpdb;
		$ids      = self::contact_ids( $email );
		$messages = array();
		if ( array() !== $ids ) {
			$contacts     = Schema::table( 'contacts' );
			$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
			$blank        = array();
			foreach ( array_keys( Fields::contact_fields() ) as $column ) {
				$blank[] = 'birth_date' === $column ? 'birth_date = NULL' : "{$column} = ''";
			}
			$now = Dates::now();
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- column names are fixed, placeholders built above.
			$wpdb->query( 'START TRANSACTION' );
			$wpdb->query( $wpdb->prepare( "UPDATE {$contacts} SET " . implode( ', ', $blank ) . ", deleted_at = %s, modified = %s WHERE id IN ({$placeholders})", array_merge( array( $now, $now ), $ids ) ) );
			$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::table( 'contact_emails' ) . " WHERE contact_id IN ({$placeholders})", $ids ) );
			$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::table( 'links' ) . " WHERE contact_id IN ({$placeholders})", $ids ) );
			$wpdb->query( 'COMMIT' );
			// phpcs:enable
			foreach ( $ids as $id ) {
				/* translators: %d: contact id. */
				$messages[] = sprintf( __( 'Contact #%d was anonymised.', 'users-to-contacts' ), $id );
			}
		}
		return array(
			'items_removed'  => array() !== $ids,
			'items_retained' => false,
			'messages'       => $messages,
			'done'           => true,
		);
	}
}
