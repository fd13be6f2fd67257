<?php
/**
 * Runs of the batch tools and the per-user log of what each did.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use UsersToContacts\Support\Dates;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A run is one execution of "Synchronize Users to Contacts" (sync_users) or "Update all
 * synchronized users" (resync_all): its status, cursor (the last user id handled, so it
 * resumes), counts and one run item per user handled (unique per run and user, so a user is
 * counted once however often a batch is replayed).
 */
final class RunsRepository {

	public const KINDS = array( 'sync_users', 'resync_all' );

	public const STATUSES = array( 'running', 'paused', 'completed', 'cancelled', 'failed' );

	/**
	 * Statuses a run can still leave.
	 */
	public const IN_PROGRESS = array( 'running', 'paused' );

	public const OUTCOMES = array( 'matched', 'created', 'skipped', 'updated', 'unlinked', 'deleted' );

	/**
	 * Outcomes that have their own count (every item adds to `checked`).
	 */
	public const COUNTED_OUTCOMES = array( 'matched', 'created', 'skipped', 'updated' );

	/**
	 * Which status may follow which.
	 */
	private const TRANSITIONS = array(
		'running' => array( 'paused', 'completed', 'cancelled', 'failed' ),
		'paused'  => array( 'running', 'completed', 'cancelled', 'failed' ),
	);

	/**
	 * The runs table.
	 */
	private string $runs;

	/**
	 * The run items table.
	 */
	private string $items;

	public function __construct() {
		$this->runs  = Schema::table( 'runs' );
		$this->items = Schema::table( 'run_items' );
	}

	/**
	 * A run's row, or null.
	 *
	 * @param int  $id         Run id.
	 * @param bool $for_update Lock the row until the transaction ends.
	 * @return array<string, mixed>|null
	 */
	public function find( int $id, bool $for_update = false ): ?array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table name.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$this->runs} WHERE id = %d" . ( $for_update ? ' FOR UPDATE' : '' ), $id ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * A page of runs, newest first.
	 *
	 * @param array{kind?: string|null, status?: string|null} $filters  Filters.
	 * @param int                                             $page     1-based page.
	 * @param int                                             $per_page Page size.
	 * @return array{items: list<array<string, mixed>>, total: int}
	 */
	public function list( array $filters, int $page, int $per_page ): array {
		$where  = array( '1=1' );
		$params = array();
		foreach ( array( 'kind', 'status' ) as $column ) {
			if ( ! empty( $filters[ $column ] ) ) {
				$where[]  = "{$column} = %s";
				$params[] = (string) $filters[ $column ];
			}
		}
		$where = implode( ' AND ', $where );
		$found = Paging::fetch( "SELECT COUNT(*) FROM {$this->runs} WHERE {$where}", "SELECT * FROM {$this->runs} WHERE {$where} ORDER BY id DESC", $params, $page, $per_page );
		return array(
			'items' => array_map( array( $this, 'to_item' ), $found['rows'] ),
			'total' => $found['total'],
		);
	}

	/**
	 * Starts a run, unless one of the same kind is in progress (running or paused).
	 *
	 * Check and insert happen under a named database lock per kind, so two admins pressing
	 * "Start" at the same moment cannot both start one.
	 *
	 * @param string $kind       One of self::KINDS.
	 * @param bool   $dry_run    Whether the run only reports what it would do.
	 * @param int    $started_by The user starting it.
	 * @return array{run: array<string, mixed>|null, in_progress: array<string, mixed>|null} Both null: the lock was busy.
	 */
	public function start( string $kind, bool $dry_run, int $started_by ): array {
		global $wpdb;
		$lock = $this->lock_name( $kind );
		if ( ! Database::lock( $lock, 10 ) ) {
			// Someone else held the lock for 10 s: report "busy" (neither a run nor a conflict).
			return array(
				'run'         => null,
				'in_progress' => null,
			);
		}
		try {
			$running = $this->in_progress( $kind );
			if ( null !== $running ) {
				return array(
					'run'         => null,
					'in_progress' => $running,
				);
			}
			$wpdb->insert(
				$this->runs,
				array(
					'kind'        => $kind,
					'status'      => 'running',
					'dry_run'     => $dry_run ? 1 : 0,
					// "Update all synchronized users" goes through the users linked with the switch on.
					'total_users' => 'resync_all' === $kind ? UsersReader::count_synchronized() : (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->users}" ),
					'started'     => Dates::now(),
					'started_by'  => $started_by,
				),
				array( '%s', '%s', '%d', '%d', '%s', '%d' )
			);
			return array(
				'run'         => $this->find( (int) $wpdb->insert_id ),
				'in_progress' => null,
			);
		} finally {
			Database::unlock( $lock );
		}
	}

	/**
	 * Changes a run's status and/or cursor.
	 *
	 * @param int         $id     Run id.
	 * @param string|null $status The new status, or null to keep it.
	 * @param int|null    $cursor The new cursor, or null to keep it.
	 * @return array{run: array<string, mixed>|null, error: string|null}
	 *         error: not_found | finished (the run can no longer change) | transition (not allowed from its status).
	 */
	public function update( int $id, ?string $status, ?int $cursor ): array {
		global $wpdb;
		$run = $this->find( $id );
		if ( null === $run ) {
			return $this->update_result( null, 'not_found' );
		}
		$from = (string) $run['status'];
		if ( null === $status || $status === $from ) {
			if ( null === $cursor ) {
				return $this->update_result( $run, null );
			}
			if ( ! in_array( $from, self::IN_PROGRESS, true ) ) {
				return $this->update_result( $run, 'finished' );
			}
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table name.
			$wpdb->query( $wpdb->prepare( "UPDATE {$this->runs} SET cursor_user_id = %d WHERE id = %d AND status IN ('running', 'paused')", $cursor, $id ) );
			return $this->update_result( $this->find( $id ), null );
		}
		if ( ! isset( self::TRANSITIONS[ $from ] ) ) {
			return $this->update_result( $run, 'finished' );
		}
		if ( ! in_array( $status, self::TRANSITIONS[ $from ], true ) ) {
			return $this->update_result( $run, 'transition' );
		}
		$sets = $wpdb->prepare( 'status = %s', $status );
		if ( null !== $cursor ) {
			$sets .= $wpdb->prepare( ', cursor_user_id = %d', $cursor );
		}
		if ( ! in_array( $status, self::IN_PROGRESS, true ) ) {
			$sets .= $wpdb->prepare( ', finished = %s', Dates::now() );
		}
		// Only from the status it had when read: of two concurrent changes, the first wins.
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- prepared fragments.
		$changed = $wpdb->query( $wpdb->prepare( "UPDATE {$this->runs} SET {$sets} WHERE id = %d AND status = %s", $id, $from ) );
		$run     = $this->find( $id );
		if ( ! $changed && null !== $run && $run['status'] !== $status ) {
			return $this->update_result( $run, in_array( $run['status'], self::IN_PROGRESS, true ) ? 'transition' : 'finished' );
		}
		return $this->update_result( $run, null );
	}

	/**
	 * Records run items (INSERT IGNORE: one per run and user) and adds to the run's counts only
	 * what was really inserted, so replaying a batch changes nothing. Call inside the batch's
	 * transaction (Database::transaction()).
	 *
	 * @param int                                                                               $run_id Run id.
	 * @param list<array{user_id: int, contact_id: int|null, outcome: string, reason: string}> $items  One per user (the first wins).
	 * @param int|null                                                                          $cursor Store this cursor too, or null.
	 */
	public function record_items( int $run_id, array $items, ?int $cursor ): void {
		global $wpdb;
		$now     = Dates::now();
		$by_kind = array();
		$seen    = array();
		foreach ( $items as $item ) {
			if ( isset( $seen[ $item['user_id'] ] ) ) {
				continue;
			}
			$seen[ $item['user_id'] ]      = true;
			$by_kind[ $item['outcome'] ][] = array( (int) $item['user_id'], (int) $item['contact_id'], (string) $item['reason'] );
		}
		$added = array_fill_keys( self::OUTCOMES, 0 );
		// One multi-row INSERT per outcome (outcome, run and time fixed in the row template): its
		// affected rows are the new items of that outcome.
		$time = Database::literal( $now );
		foreach ( $by_kind as $outcome => $rows ) {
			$fixed              = Database::literal( $outcome );
			$added[ $outcome ] += Database::insert_rows(
				"INSERT IGNORE INTO {$this->items} (run_id, user_id, contact_id, outcome, reason, created) VALUES ",
				'(' . $run_id . ", %d, NULLIF( %d, 0 ), {$fixed}, %s, {$time})",
				$rows
			);
		}
		$checked = array_sum( $added );
		if ( 0 === $checked && null === $cursor ) {
			return;
		}
		// A user whose contact was brought up to date had a matching contact too: counting them in
		// `matched` keeps the summary honest (checked = matched + created + skipped, B5), and
		// `updated` says how many of those changed.
		$sets = $wpdb->prepare(
			'checked = checked + %d, matched = matched + %d, created = created + %d, skipped = skipped + %d, updated = updated + %d',
			$checked,
			$added['matched'] + $added['updated'],
			$added['created'],
			$added['skipped'],
			$added['updated']
		);
		if ( null !== $cursor ) {
			$sets .= $wpdb->prepare( ', cursor_user_id = GREATEST( cursor_user_id, %d )', $cursor );
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- prepared fragments.
		Database::execute( $wpdb->prepare( "UPDATE {$this->runs} SET {$sets} WHERE id = %d", $run_id ) );
	}

	/**
	 * A page of a run's items, in the order they were recorded.
	 *
	 * @param int         $run_id   Run id.
	 * @param string|null $outcome  Only this outcome.
	 * @param int         $page     1-based page.
	 * @param int         $per_page Page size.
	 * @return array{items: list<array<string, mixed>>, total: int}
	 */
	public function items( int $run_id, ?string $outcome, int $page, int $per_page ): array {
		$where  = 'run_id = %d';
		$params = array( $run_id );
		if ( null !== $outcome && '' !== $outcome ) {
			$where   .= ' AND outcome = %s';
			$params[] = $outcome;
		}
		$found = Paging::fetch( "SELECT COUNT(*) FROM {$this->items} WHERE {$where}", "SELECT * FROM {$this->items} WHERE {$where} ORDER BY id", $params, $page, $per_page );
		$items = array();
		foreach ( $found['rows'] as $row ) {
			$items[] = array(
				'id'         => (int) $row['id'],
				'user_id'    => (int) $row['user_id'],
				'contact_id' => null === $row['contact_id'] ? null : (int) $row['contact_id'],
				'outcome'    => (string) $row['outcome'],
				'reason'     => (string) $row['reason'],
				'created'    => Dates::to_iso( $row['created'] ),
			);
		}
		return array(
			'items' => $items,
			'total' => $found['total'],
		);
	}

	/**
	 * A run as the API shows it.
	 *
	 * @param array<string, mixed> $row A row of the runs table.
	 * @return array<string, mixed>
	 */
	public function to_item( array $row ): array {
		$counts = array(
			'checked' => (int) $row['checked'],
			'matched' => (int) $row['matched'],
			'created' => (int) $row['created'],
			'skipped' => (int) $row['skipped'],
			'updated' => (int) $row['updated'],
		);
		$total  = (int) $row['total_users'];
		$status = (string) $row['status'];
		if ( 'completed' === $status ) {
			$progress = 1.0;
		} else {
			$progress = $total > 0 ? min( 1.0, $counts['checked'] / $total ) : 0.0;
		}
		return array(
			'id'         => (int) $row['id'],
			'kind'       => (string) $row['kind'],
			'status'     => $status,
			'dry_run'    => (bool) (int) $row['dry_run'],
			'cursor'     => (int) $row['cursor_user_id'],
			'total'      => $total,
			'counts'     => $counts,
			'progress'   => round( $progress, 4 ),
			'summary'    => self::summary( (string) $row['kind'], $status, $counts, $total, (bool) (int) $row['dry_run'] ),
			'started'    => Dates::to_iso( $row['started'] ),
			'finished'   => Dates::to_iso( $row['finished'] ),
			'started_by' => (int) $row['started_by'],
		);
	}

	/**
	 * The sentence a person reads about a run. A completed sync_users run says exactly
	 * "Synchronize Users to Contacts completed. Checked N user records. Found M matching contact
	 * records. Created K new contact records." (docs/behaviours.md B5).
	 *
	 * @param string            $kind    Run kind.
	 * @param string            $status  Run status.
	 * @param array<string,int> $counts  Its counts.
	 * @param int               $total   Users when it started.
	 * @param bool              $dry_run Whether it changed nothing.
	 */
	public static function summary( string $kind, string $status, array $counts, int $total, bool $dry_run ): string {
		if ( 'resync_all' === $kind ) {
			// `matched` holds every user whose pair was brought up to date or already was (record_items()).
			$results = sprintf(
				/* translators: 1: users whose contact (or user) was changed, 2: users already up to date, 3: users skipped. */
				__( 'Updated %1$d synchronized users. %2$d unchanged. %3$d skipped.', 'users-to-contacts' ),
				$counts['updated'],
				max( 0, $counts['matched'] - $counts['updated'] ),
				$counts['skipped']
			);
			switch ( $status ) {
				case 'completed':
					$head = __( 'Update all synchronized users completed.', 'users-to-contacts' );
					break;
				case 'paused':
					/* translators: 1: users checked, 2: users linked with synchronization on. */
					$head = sprintf( __( 'Update all synchronized users is paused. Checked %1$d of %2$d synchronized users so far.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				case 'cancelled':
					/* translators: 1: users checked, 2: users linked with synchronization on. */
					$head = sprintf( __( 'Update all synchronized users was cancelled. Checked %1$d of %2$d synchronized users.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				case 'failed':
					/* translators: 1: users checked, 2: users linked with synchronization on. */
					$head = sprintf( __( 'Update all synchronized users failed. Checked %1$d of %2$d synchronized users.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				default:
					/* translators: 1: users checked, 2: users linked with synchronization on. */
					$head = sprintf( __( 'Update all synchronized users is running. Checked %1$d of %2$d synchronized users so far.', 'users-to-contacts' ), $counts['checked'], $total );
			}
		} else {
			$results = sprintf(
				/* translators: 1: contacts matched, 2: contacts created. */
				__( 'Found %1$d matching contact records. Created %2$d new contact records.', 'users-to-contacts' ),
				$counts['matched'],
				$counts['created']
			);
			switch ( $status ) {
				case 'completed':
					/* translators: %d: users checked. */
					$head = sprintf( __( 'Synchronize Users to Contacts completed. Checked %d user records.', 'users-to-contacts' ), $counts['checked'] );
					break;
				case 'paused':
					/* translators: 1: users checked, 2: users on the site. */
					$head = sprintf( __( 'Synchronize Users to Contacts is paused. Checked %1$d of %2$d user records so far.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				case 'cancelled':
					/* translators: 1: users checked, 2: users on the site. */
					$head = sprintf( __( 'Synchronize Users to Contacts was cancelled. Checked %1$d of %2$d user records.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				case 'failed':
					/* translators: 1: users checked, 2: users on the site. */
					$head = sprintf( __( 'Synchronize Users to Contacts failed. Checked %1$d of %2$d user records.', 'users-to-contacts' ), $counts['checked'], $total );
					break;
				default:
					/* translators: 1: users checked, 2: users on the site. */
					$head = sprintf( __( 'Synchronize Users to Contacts is running. Checked %1$d of %2$d user records so far.', 'users-to-contacts' ), $counts['checked'], $total );
			}
		}
		$sentence = $head . ' ' . $results;
		if ( $dry_run ) {
			$sentence .= ' ' . __( 'This was a dry run: nothing was changed.', 'users-to-contacts' );
		}
		return $sentence;
	}

	/**
	 * The run of this kind that is running or paused, or null.
	 *
	 * @param string $kind Run kind.
	 * @return array<string, mixed>|null
	 */
	private function in_progress( string $kind ): ?array {
		global $wpdb;
		$row = $wpdb->get_row(
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table name.
			$wpdb->prepare( "SELECT * FROM {$this->runs} WHERE kind = %s AND status IN ('running', 'paused') ORDER BY id LIMIT 1", $kind ),
			ARRAY_A
		);
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The result of update().
	 *
	 * @param array<string, mixed>|null $run   The run.
	 * @param string|null               $error What went wrong.
	 * @return array{run: array<string, mixed>|null, error: string|null}
	 */
	private function update_result( ?array $run, ?string $error ): array {
		return array(
			'run'   => $run,
			'error' => $error,
		);
	}

	/**
	 * A database-wide lock name for starting runs of one kind on this site.
	 *
	 * @param string $kind Run kind.
	 */
	private function lock_name( string $kind ): string {
		return 'utc_run_' . md5( DB_NAME . '|' . $this->runs . '|' . $kind );
	}
}
