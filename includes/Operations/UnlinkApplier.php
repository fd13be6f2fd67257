<?php
/**
 * unlink: removes users' links.
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
 * Removes the users' links; the contacts stay and remember whose they were (former_user_id).
 */
final class UnlinkApplier implements OperationApplier {

	public function kind(): string {
		return 'unlink';
	}

	public function default_outcome(): string {
		return 'unlinked';
	}

	/**
	 * One locking read and two statements for all users; a user without a link (or named twice)
	 * is already_applied.
	 *
	 * @param list<array<string, mixed>> $operations unlink operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		$user_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		$removed  = ( new LinksRepository() )->remove_many( 'user_id', $user_ids );
		$results  = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			if ( isset( $removed[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array(
					'status'     => 'applied',
					'contact_id' => $removed[ $user_id ]['contact_id'],
				);
				unset( $removed[ $user_id ] );
			} else {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' );
			}
		}
		return $results;
	}
}
