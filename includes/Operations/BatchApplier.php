<?php
/**
 * Applies a batch of engine operations in one transaction, each refused alone when it cannot.
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
 * One refused operation fails alone (R8): a malformed request is refused as a whole (400), but
 * an operation that is well-formed and cannot apply (a value another write path refuses, a
 * user or contact that is gone, a guard, WordPress's own refusal) answers `refused` with its
 * reason and message, and the rest of the batch lands.
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
	 * How many operations WordPress may refuse while a batch applies (each costs a rerun)
	 * before the batch is refused as a whole.
	 */
	private const MAX_RERUNS = 5;

	/**
	 * The kinds that link a user, and the kinds a user's change is sent with a link for.
	 */
	private const LINKING         = array( 'link', 'create_and_link' );
	private const DEPENDS_ON_LINK = array( 'update_contact', 'update_user', 'touch_link' );

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
	 * Checks every operation, then applies those that can be in one transaction: a malformed
	 * operation answers 400 naming it (its index in `data.index`) and changes nothing; one that
	 * cannot apply is answered `refused` while the others land.
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
			$refused = array();
			foreach ( $operations as $index => $operation ) {
				try {
					$operations[ $index ] = $this->validator->check( $index, (array) $operation );
				} catch ( RefusedOperation $refusal ) {
					$refused[ $index ]    = $refusal->result();
					$operations[ $index ] = array( 'index' => $index ) + (array) $operation;
				}
			}
			return $this->apply_checked( $operations, $refused, $run_id, $cursor );
		} catch ( InvalidOperation $invalid ) {
			return $this->invalid( $invalid );
		} catch ( RuntimeException $failure ) {
			return Database::error();
		}
	}

	/**
	 * Applies checked operations in one transaction. When WordPress refuses one of them while
	 * it applies (an applier throws InvalidOperation naming it), the transaction rolls back and
	 * the batch runs again without it, that operation alone refused with WordPress's reason
	 * (R8); after MAX_RERUNS such refusals the batch is refused as a whole (400).
	 *
	 * @param list<array<string, mixed>>       $operations Checked operations (refused ones too).
	 * @param array<int, array<string, mixed>> $refused    The refused ones' results, by index.
	 * @param int|null                         $run_id     The run.
	 * @param int|null                         $cursor     The run's new cursor.
	 * @return array{results: list<array<string, mixed>>, counts: array<string, int>|null, tally: array<string, int>}
	 * @throws InvalidOperation The run finished meanwhile, or too many operations were refused.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_checked( array $operations, array $refused, ?int $run_id, ?int $cursor ): array {
		for ( $attempt = 1; ; ++$attempt ) {
			$batch = null;
			try {
				return Database::transaction(
					function () use ( $operations, $refused, $run_id, $cursor, &$batch ): array {
						$batch = $this->start( $run_id );
						return $this->apply_in_transaction( $operations, $refused, $batch, $cursor );
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
				$index = $invalid->getCode();
				if ( ! isset( $operations[ $index ] ) || isset( $refused[ $index ] ) || $attempt > self::MAX_RERUNS ) {
					throw $invalid;
				}
				$refused[ $index ] = ( new RefusedOperation( $invalid->getMessage() ) )->result(); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
			}
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
	 * The batch, inside its transaction. Operations refused before (values) or here (their
	 * references) are left out; so are an unlinked user's changes: an update_contact,
	 * update_user or touch_link of a user whose link or create_and_link in this batch was not
	 * made is refused `link_not_made` (it was sent for that link: one user's details never
	 * reach another user's contact).
	 *
	 * @param list<array<string, mixed>>       $operations Checked operations (refused ones too).
	 * @param array<int, array<string, mixed>> $refused    Results of those refused already.
	 * @param Batch                            $batch      Its context.
	 * @param int|null                         $cursor     The run's new cursor.
	 * @return array{results: list<array<string, mixed>>, counts: array<string, int>|null, tally: array<string, int>}
	 * @throws InvalidOperation WordPress refused an operation while it applied.
	 * @throws RuntimeException The database refused a statement.
	 */
	private function apply_in_transaction( array $operations, array $refused, Batch $batch, ?int $cursor ): array {
		$refused += $this->validator->check_references( array_values( array_diff_key( $operations, $refused ) ) );
		$by_kind  = array_fill_keys( array_keys( $this->appliers ), array() );
		$unlinked = array();
		foreach ( $operations as $operation ) {
			if ( ! isset( $refused[ $operation['index'] ] ) ) {
				$by_kind[ $operation['kind'] ][] = $operation;
			} elseif ( in_array( $operation['kind'], self::LINKING, true ) ) {
				$unlinked[ (int) $operation['user_id'] ] = (string) $refused[ $operation['index'] ]['reason'];
			}
		}

		if ( $batch->dry_run ) {
			Database::execute( 'SAVEPOINT ' . self::DRY_RUN_SAVEPOINT );
		}
		$results = $refused;
		foreach ( $this->appliers as $kind => $applier ) {
			$live = array();
			foreach ( $by_kind[ $kind ] as $operation ) {
				$user_id = (int) ( $operation['user_id'] ?? 0 );
				if ( isset( $unlinked[ $user_id ] ) && in_array( $kind, self::DEPENDS_ON_LINK, true ) ) {
					$results[ $operation['index'] ] = self::link_not_made( $user_id, $unlinked[ $user_id ] );
				} else {
					$live[] = $operation;
				}
			}
			if ( ! $live ) {
				continue;
			}
			$done    = $applier->apply( $live, $batch );
			$results = array_replace( $results, $done );
			if ( in_array( $kind, self::LINKING, true ) ) {
				foreach ( $live as $operation ) {
					$result = $done[ $operation['index'] ];
					if ( ! in_array( $result['status'], array( 'applied', 'already_applied' ), true ) ) {
						$unlinked[ (int) $operation['user_id'] ] = (string) ( $result['reason'] ?? $result['status'] );
					}
				}
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
				// Not done: whatever the engine expected, the user was skipped, and why (an
				// invalid operation's reason is what was wrong with it).
				$outcome = 'skipped';
				$reason  = (string) ( RefusedOperation::REASON === ( $result['reason'] ?? '' ) ? $result['message'] : ( $result['reason'] ?? $result['status'] ) );
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
	 * The refusal of a change sent for a link that was not made.
	 *
	 * @param int    $user_id The user.
	 * @param string $why     Why their link was not made (its result's reason).
	 * @return array{status: string, reason: string, message: string}
	 */
	private static function link_not_made( int $user_id, string $why ): array {
		return array(
			'status'  => 'refused',
			'reason'  => 'link_not_made',
			/* translators: 1: user id, 2: why the link was not made (a reason code). */
			'message' => sprintf( __( 'The link of user %1$d in this batch was not made (%2$s), so the change sent with it is not applied.', 'users-to-contacts' ), $user_id, $why ),
		);
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
