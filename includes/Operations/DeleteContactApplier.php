<?php
/**
 * delete_contact: soft-deletes contacts.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\LinksRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Soft-deletes the contacts and removes their links (B12: a user's deletion can take its
 * contact along, when the engine says so). A locked contact goes only with its own user
 * (ContactLocks, B8).
 */
final class DeleteContactApplier implements OperationApplier {

	public function kind(): string {
		return 'delete_contact';
	}

	public function default_outcome(): string {
		return 'deleted';
	}

	/**
	 * A contact deleted already (or named twice) is already_applied.
	 *
	 * @param list<array<string, mixed>> $operations delete_contact operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		list( $operations, $results ) = ContactLocks::split( $operations );
		if ( ! $operations ) {
			return $results;
		}
		$contacts = new BulkContactsRepository();
		$live     = $contacts->live( array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) ) ) );
		if ( $live ) {
			( new LinksRepository() )->remove_many( 'contact_id', array_keys( $live ) );
			$contacts->soft_delete( array_keys( $live ), $batch->now );
		}
		foreach ( $operations as $operation ) {
			$id                             = (int) $operation['contact_id'];
			$results[ $operation['index'] ] = array(
				'status'     => isset( $live[ $id ] ) ? 'applied' : 'already_applied',
				'contact_id' => $id,
			);
			unset( $live[ $id ] );
		}
		return $results;
	}
}
