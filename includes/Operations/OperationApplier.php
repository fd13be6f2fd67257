<?php
/**
 * What applies the operations of one kind.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use RuntimeException;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One implementation per operation kind (OperationSchema::kinds()). BatchApplier hands each
 * the checked operations of its kind, all at once, inside the batch's transaction: an applier
 * uses set-based SQL (a fixed number of statements for any number of operations) and answers
 * one result per operation. It makes no sync decision (the engine did), but it keeps the
 * guards (Guards) and lets the database's unique keys settle races, so a replayed or
 * concurrent batch has its effect once.
 */
interface OperationApplier {

	/**
	 * The kind it applies, one of OperationSchema::kinds().
	 */
	public function kind(): string;

	/**
	 * The run item outcome an operation of this kind records unless it says otherwise.
	 */
	public function default_outcome(): string;

	/**
	 * Applies operations of this kind.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations (OperationValidator), each
	 *                                               with its `index` in the batch.
	 * @param Batch                      $batch      The batch's time, run and dry-run flag.
	 * @return array<int, array<string, mixed>> By operation index: `status` (applied,
	 *                                          already_applied, already_linked, refused), and
	 *                                          `contact_id` and `reason` where they apply.
	 * @throws InvalidOperation WordPress refused a change the batch cannot do without.
	 * @throws RuntimeException The database refused a statement.
	 */
	public function apply( array $operations, Batch $batch ): array;
}
