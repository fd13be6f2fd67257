<?php
/**
 * Applies a batch of engine operations, all or nothing.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use RuntimeException;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\RunsRepository;
use UsersToContacts\Support\Dates;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * PHP makes no sync decision here: the engine said what to do; this validates it, applies it
 * in one transaction (each kind by its OperationApplier, in OperationSchema::kinds() order),
 * records the run's items and cursor in the same transaction, and guards integrity with the
 * unique keys (one link per user and per contact, one run item per user and run), so a
 * replayed or concurrent batch has its effect exactly once (docs/behaviours.md R3).
 *
 * A dry run applies everything, then rolls back to a savepoint (WordPress users are not
 * touched at all); only the run items stay. A deadlock with a concurrent batch runs the whole
 * batch again (Database::transaction()).
 */
final class BatchApplier {

	/**
	 * The savepoint a dry run rolls back to.
	 */
	private const DRY_RUN_SAVEPOINT = 'utc_dry_run';

	/**
	 * The runs the batches record items for.
	 */
	private RunsRepository $runs;

	/**
	 * Checks the operations.
	 */
	private OperationValidator $validator;

	/**
	 * The applier of each kind, in the order a batch applies them.
	 *
	 * @var array<string, OperationApplier>
	 */
	private array $appliers = array();

	public function __construct() {
		$this->runs      = new RunsRepository();
		$this->validator = new OperationValidator();
		$by_kind         = array();
		$appliers        = array(
			new SkipApplier(),
			new UnlinkApplier(),
			new DeleteContactApplier(),
			new LinkApplier(),
			new CreateAndLinkApplier(),
			new UpdateContactApplier(),
			new UpdateUserApplier(),
			new TouchLinkApplier(),
			new DeleteUserApplier(),
			new RequestEmailConfirmationApplier(),
		);
		foreach ( $appliers as $applier ) {
			$by_kind[ $applier->kind() ] = $applier;
		}
		foreach ( OperationSchema::kinds() as $kind ) {
			$this->appliers[ $kind ] = $by_kind[ $kind ];
		}
	}

	/**
	 * Validates every operation, then applies them all in one transaction, or none: an invalid
	 * operation answers 400 naming it (its index in `data.index`) and changes nothing.
	 *
	 * @param list<array<string, mixed>> $operations The operations, as the request gives them.
	 * @param int|null                   $run_id     Record a run item per user for this run.
	 * @param int|null                   $cursor     Store this cursor on the run.
	 * @return array{results: list<array<string, mixed>>, counts: array<string, int>|null, tally: array<string, int>}|WP_Error
	 */
	public function apply( array $operations, ?int $run_id, ?int $cursor ) {
		if ( null !== $cursor && null === $run_id ) {
			return new WP_Error( 'users_to_contacts_invalid_operation', __( 'A cursor needs a run_id: it is the run\'s cursor.', 'users-to-contacts' ), array( 'status' => 400 ) );
		}
		if ( null !== $run_id ) {
			$run = $this->runs->find( $run_id );
			if ( null === $run || ! in_array( $run['status'], RunsRepository::IN_PROGRESS, true ) ) {
				return $this->run_refusal( $run_id, $run );
			}
		}
		try {
			foreach ( $operations as $index => $operation ) {
				$operations[ $index ] = $this->validator->check( $index, (array) $operation );
			}
			$batch = null;
			return Database::transaction(
				function () use ( $operations, $run_id, $cursor, &$batch ): array {
					$batch = $this->start( $run_id );
					return $this->apply_in_transaction( $operations, $batch, $cursor );
				},
				static function () use ( &$batch ): void {
					// Forget cached users that a rolled-back wp_update_user() changed.
					foreach ( null === $batch ? array() : $batch->touched_users() as $user_id ) {
						clean_user_cache( $user_id );
						wp_cache_delete( $user_id, 'user_meta' );
					}
				}
			);
		} catch ( InvalidOperation $invalid ) {
			return $this->invalid( $invalid );
		} catch ( RuntimeException $failure ) {
			return Database::error();
		}
	}

	/**
	 * The batch's context, read inside its transaction.
	 *
	 * @param int|null $run_id The run asked for.
	 * @throws InvalidOperation The run finished (or went) since apply() looked: nothing of this
	 *                          batch may count.
	 */
	private function start( ?int $run_id ): Batch {
		$dry_run = false;
		if ( null !== $run_id ) {
			$run = $this->runs->find( $run_id );
			if ( null === $run || ! in_array( $run['status'], RunsRepository::IN_PROGRESS, true ) ) {
				throw new InvalidOperation( $this->run_refusal( $run_id, $run )->get_error_message(), InvalidOperation::RUN_FINISHED ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
			}
			$dry_run = (bool) (int) $run['dry_run'];
		}
		return new Batch( Dates::now(), $run_id, $dry_run );
	}

	/**
	 * The batch, inside its transaction.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations.
	 * @param Batch                      $batch      Its context.
	 * @param int|null                   $cursor     The run's new cursor.
	 * @return array{results: list<array<string, mixed>>, counts: array<string, int>|null, tally: array<string, int>}
	 * @throws InvalidOperation An operation refers to something that does not exist.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_in_transaction( array $operations, Batch $batch, ?int $cursor ): array {
		$by_kind = array_fill_keys( array_keys( $this->appliers ), array() );
		foreach ( $operations as $operation ) {
			$by_kind[ $operation['kind'] ][] = $operation;
		}
		$this->validator->check_references( $operations );

		if ( $batch->dry_run ) {
			Database::execute( 'SAVEPOINT ' . self::DRY_RUN_SAVEPOINT );
		}
		$results = array();
		foreach ( $this->appliers as $kind => $applier ) {
			if ( $by_kind[ $kind ] ) {
				$results = array_replace( $results, $applier->apply( $by_kind[ $kind ], $batch ) );
			}
		}
		if ( $batch->dry_run ) {
			Database::execute( 'ROLLBACK TO SAVEPOINT ' . self::DRY_RUN_SAVEPOINT );
			// The contacts it would have created do not exist.
			foreach ( $by_kind['create_and_link'] as $operation ) {
				if ( 'applied' === $results[ $operation['index'] ]['status'] ) {
					unset( $results[ $operation['index'] ]['contact_id'] );
				}
			}
		}

		$counts = null;
		if ( null !== $batch->run_id ) {
			$this->runs->record_items( $batch->run_id, $this->run_items( $operations, $results ), $cursor );
			$run    = $this->runs->find( $batch->run_id );
			$counts = null === $run ? null : $this->runs->to_item( $run )['counts'];
		}

		ksort( $results );
		$tally = array_fill_keys( array( 'applied', 'already_applied', 'already_linked', 'refused' ), 0 );
		$list  = array();
		foreach ( $results as $index => $result ) {
			++$tally[ $result['status'] ];
			$list[] = array( 'index' => $index ) + $result;
		}
		return array(
			'results' => $list,
			'counts'  => $counts,
			'tally'   => $tally,
		);
	}

	/**
	 * One run item per operation that names a user: the engine's outcome and reason (or its
	 * kind's default), or `skipped` with the reason when the operation was not done.
	 *
	 * @param list<array<string, mixed>>       $operations Checked operations.
	 * @param array<int, array<string, mixed>> $results    Their results, by index.
	 * @return list<array{user_id: int, contact_id: int|null, outcome: string, reason: string}>
	 */
	private function run_items( array $operations, array $results ): array {
		$items = array();
		foreach ( $operations as $operation ) {
			if ( ! isset( $operation['user_id'] ) ) {
				continue;
			}
			$result  = $results[ $operation['index'] ];
			$outcome = (string) ( $operation['outcome'] ?? $this->appliers[ $operation['kind'] ]->default_outcome() );
			$reason  = (string) ( $operation['reason'] ?? '' );
			if ( in_array( $result['status'], array( 'already_linked', 'refused' ), true ) ) {
				// Not done: whatever the engine expected, the user was skipped, and why.
				$outcome = 'skipped';
				$reason  = (string) ( $result['reason'] ?? $result['status'] );
			}
			$items[] = array(
				'user_id'    => (int) $operation['user_id'],
				'contact_id' => isset( $result['contact_id'] ) ? (int) $result['contact_id'] : ( isset( $operation['contact_id'] ) ? (int) $operation['contact_id'] : null ),
				'outcome'    => $outcome,
				'reason'     => mb_substr( $reason, 0, 255 ),
			);
		}
		return $items;
	}

	/**
	 * Why a batch cannot go to this run: there is none (400), or it finished (409).
	 *
	 * @param int                       $run_id The run asked for.
	 * @param array<string, mixed>|null $run    Its row.
	 */
	private function run_refusal( int $run_id, ?array $run ): WP_Error {
		if ( null === $run ) {
			return new WP_Error(
				'users_to_contacts_run_not_found',
				/* translators: %d: run id. */
				sprintf( __( 'There is no run %d. Nothing was applied.', 'users-to-contacts' ), $run_id ),
				array( 'status' => 400 )
			);
		}
		return new WP_Error(
			'users_to_contacts_run_finished',
			/* translators: 1: run id, 2: its status. */
			sprintf( __( 'Run %1$d is %2$s: it takes no more batches. Nothing was applied.', 'users-to-contacts' ), $run_id, (string) $run['status'] ),
			array(
				'status'     => 409,
				'run_status' => (string) $run['status'],
			)
		);
	}

	/**
	 * The 400 for an invalid operation, or the 409 when the run finished meanwhile.
	 *
	 * @param InvalidOperation $invalid Its message names the operation; its code is the index.
	 */
	private function invalid( InvalidOperation $invalid ): WP_Error {
		if ( InvalidOperation::RUN_FINISHED === $invalid->getCode() ) {
			return new WP_Error( 'users_to_contacts_run_finished', $invalid->getMessage(), array( 'status' => 409 ) );
		}
		return new WP_Error(
			'users_to_contacts_invalid_operation',
			$invalid->getMessage() . ' ' . __( 'Nothing was applied.', 'users-to-contacts' ),
			array(
				'status' => 400,
				'index'  => $invalid->getCode(),
			)
		);
	}
}
