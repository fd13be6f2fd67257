<?php
/**
 * link: links users to existing contacts.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\LinksRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * INSERT IGNORE of the links, then a locking read of what the database holds, so a link taken
 * by a concurrent batch (or earlier in this one) is reported, never overwritten: the unique
 * keys (one link per user, one per contact) decide, not a read-then-write check.
 */
final class LinkApplier implements OperationApplier {

	public function kind(): string {
		return 'link';
	}

	public function default_outcome(): string {
		return 'matched';
	}

	/**
	 * A link that exists already is already_applied; a user or contact linked elsewhere is
	 * already_linked (with the reason and the contact that holds the user); a link making the
	 * contact the source of a user that may not be edited is refused (R7).
	 *
	 * @param list<array<string, mixed>> $operations link operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		list( $operations, $refused ) = Guards::without_refused_contact_sources( $operations );
		if ( ! $operations ) {
			return $refused;
		}
		$links       = new LinksRepository();
		$user_ids    = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		$contact_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) ) );
		$before      = $links->holders( $user_ids, $contact_ids, false );
		$rows        = array();
		foreach ( $operations as $operation ) {
			// The first operation of a user is the one that can insert.
			$rows[ (int) $operation['user_id'] ] ??= array(
				(int) $operation['user_id'],
				(int) $operation['contact_id'],
				( $operation['sync_enabled'] ?? true ) ? 1 : 0,
				(string) ( $operation['source'] ?? 'user' ),
				(string) ( $operation['origin'] ?? 'matched' ),
			);
		}
		$links->insert_ignore_many( array_values( $rows ), $batch->now );
		$after   = $links->holders( $user_ids, $contact_ids, true );
		$done    = array();
		$results = array();
		foreach ( $operations as $operation ) {
			$user_id    = (int) $operation['user_id'];
			$contact_id = (int) $operation['contact_id'];
			$holder     = $after['by_user'][ $user_id ] ?? null;
			if ( $holder === $contact_id ) {
				$existed                        = ( $before['by_user'][ $user_id ] ?? null ) === $contact_id;
				$results[ $operation['index'] ] = array(
					'status'     => $existed || ! empty( $done[ $user_id ] ) ? 'already_applied' : 'applied',
					'contact_id' => $contact_id,
				);
				$done[ $user_id ]               = true;
			} elseif ( null !== $holder ) {
				$results[ $operation['index'] ] = array(
					'status'     => 'already_linked',
					'contact_id' => $holder,
					'reason'     => 'user_already_linked',
				);
			} else {
				$results[ $operation['index'] ] = array(
					'status'     => 'already_linked',
					'contact_id' => $contact_id,
					'reason'     => 'contact_already_linked',
				);
			}
		}
		return $refused + $results;
	}
}
