<?php
/**
 * B8 through the apply route: which contacts an operation may change.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use RuntimeException;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\Schema;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A contact whose linked user is its source (link source `user`, sync on, the user exists) is
 * locked: /contacts refuses to edit or delete it (Guards::contact_is_locked()). The lock is
 * there so the contact follows its user, so /bulk/apply, the sync's route, lets through what
 * is done for that user and nothing else:
 * - an update_contact or delete_contact naming the linked user (`user_id`): the user -> contact
 *   sync (B4, B10) and the contact going with its user (B12);
 * - anything else on a locked contact is refused `contact_locked`, as /contacts refuses it.
 * And whatever the lock, an update_contact that names a user is that user's details, so it is
 * written only to that user's own contact (`not_linked_to_user` otherwise): one user's details
 * never reach another user's contact. /me, where a person edits their own details, is not
 * held by the lock (the person is the source).
 */
final class ContactLocks {

	/**
	 * The links of some contacts: by contact id, the linked user and whether it locks the
	 * contact. Contacts without a link are left out.
	 *
	 * @param list<int> $contact_ids Contact ids.
	 * @return array<int, array{user_id: int, locked: bool}>
	 * @throws RuntimeException On a database error.
	 */
	public static function links_of( array $contact_ids ): array {
		global $wpdb;
		if ( ! $contact_ids ) {
			return array();
		}
		$links = Schema::table( 'links' );
		$found = array();
		foreach ( Database::rows( "SELECT l.contact_id, l.user_id, ( l.source = 'user' AND l.sync_enabled = 1 AND u.ID IS NOT NULL ) AS locked FROM {$links} l LEFT JOIN {$wpdb->users} u ON u.ID = l.user_id WHERE l.contact_id IN (" . Database::id_list( array_unique( $contact_ids ) ) . ')' ) as $row ) {
			$found[ (int) $row['contact_id'] ] = array(
				'user_id' => (int) $row['user_id'],
				'locked'  => (bool) (int) $row['locked'],
			);
		}
		return $found;
	}

	/**
	 * Splits update_contact or delete_contact operations into those that may go on and the
	 * refusals of the others.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations of one of those kinds.
	 * @return array{0: list<array<string, mixed>>, 1: array<int, array{status: string, reason: string, message: string}>}
	 * @throws RuntimeException On a database error.
	 */
	public static function split( array $operations ): array {
		$links   = self::links_of( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) );
		$allowed = array();
		$refused = array();
		foreach ( $operations as $operation ) {
			$contact_id = (int) $operation['contact_id'];
			$link       = $links[ $contact_id ] ?? null;
			$for_user   = isset( $operation['user_id'] ) ? (int) $operation['user_id'] : null;
			$refusal    = null;
			if ( 'update_contact' === $operation['kind'] && null !== $for_user && ( $link['user_id'] ?? null ) !== $for_user ) {
				$refusal = array(
					'not_linked_to_user',
					/* translators: 1: contact id, 2: user id. */
					sprintf( __( 'Contact %1$d is not linked to user %2$d, so that user\'s details are not written to it.', 'users-to-contacts' ), $contact_id, $for_user ),
				);
			} elseif ( null !== $link && $link['locked'] && $link['user_id'] !== $for_user ) {
				$refusal = array(
					'contact_locked',
					/* translators: 1: contact id, 2: user id. */
					sprintf( __( 'Contact %1$d is locked: user %2$d is the source of its details, so it changes only with that user.', 'users-to-contacts' ), $contact_id, $link['user_id'] ),
				);
			}
			if ( null === $refusal ) {
				$allowed[] = $operation;
			} else {
				$refused[ (int) $operation['index'] ] = array(
					'status'  => 'refused',
					'reason'  => $refusal[0],
					'message' => $refusal[1],
				);
			}
		}
		return array( $allowed, $refused );
	}
}
