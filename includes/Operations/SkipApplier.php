<?php
/**
 * skip: nothing to change; the run item records why.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Writes nothing: a skip exists so the run counts the user and logs the engine's reason.
 */
final class SkipApplier implements OperationApplier {

	public function kind(): string {
		return 'skip';
	}

	public function default_outcome(): string {
		return 'skipped';
	}

	/**
	 * Every skip is applied (with its contact, when it names one).
	 *
	 * @param list<array<string, mixed>> $operations skip operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		$results = array();
		foreach ( $operations as $operation ) {
			$results[ $operation['index'] ] = array( 'status' => 'applied' ) + ( isset( $operation['contact_id'] ) ? array( 'contact_id' => (int) $operation['contact_id'] ) : array() );
		}
		return $results;
	}
}
