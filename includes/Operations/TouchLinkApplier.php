<?php
/**
 * touch_link: marks links synced.
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
 * The links were synced now (nothing else needed changing).
 */
final class TouchLinkApplier implements OperationApplier {

	public function kind(): string {
		return 'touch_link';
	}

	public function default_outcome(): string {
		return 'matched';
	}

	/**
	 * A user without a link is refused (not_linked).
	 *
	 * @param list<array<string, mixed>> $operations touch_link operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		$links    = new LinksRepository();
		$user_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		$held     = $links->holders( $user_ids, array(), true )['by_user'];
		$links->touch_many( array_keys( $held ), $batch->now );
		$results = array();
		foreach ( $operations as $operation ) {
			$contact_id                     = $held[ (int) $operation['user_id'] ] ?? null;
			$results[ $operation['index'] ] = null === $contact_id
				? array(
					'status' => 'refused',
					'reason' => 'not_linked',
				)
				: array(
					'status'     => 'applied',
					'contact_id' => $contact_id,
				);
		}
		return $results;
	}
}
