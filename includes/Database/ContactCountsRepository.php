<?php
/**
 * How many contacts there are, linked and not: the views of the Contacts list.
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
 * Counts the contacts that are not deleted, as the list's views "All | Linked | Not linked"
 * show them (like the role counts of Users › All Users, they ignore the list's other filters).
 */
final class ContactCountsRepository {

	/**
	 * One query: every live contact, and those with a link (a contact has at most one).
	 *
	 * @return array{all: int, linked: int, not_linked: int}
	 * @throws RuntimeException On a database error.
	 */
	public function counts(): array {
		$contacts = Schema::table( 'contacts' );
		$links    = Schema::table( 'links' );
		$row      = Database::row(
			"SELECT COUNT(*) AS all_contacts, COUNT(l.contact_id) AS linked
			FROM {$contacts} c LEFT JOIN {$links} l ON l.contact_id = c.id
			WHERE c.deleted_at IS NULL"
		);
		$all    = (int) ( $row['all_contacts'] ?? 0 );
		$linked = (int) ( $row['linked'] ?? 0 );
		return array(
			'all'        => $all,
			'linked'     => $linked,
			'not_linked' => $all - $linked,
		);
	}
}
