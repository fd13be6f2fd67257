<?php
/**
 * The event outbox: listing, claiming by lease, acknowledging, pruning.
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
 * Reads and leases the rows the hooks write (Events\EventRecorder).
 *
 * An event is
 * - processed: a runner acknowledged it as done;
 * - failed: not processed, and its last attempt ended in an error (it is retried with a growing
 *   delay) or it has had MAX_ATTEMPTS attempts (then it stays failed, visible, and is not claimed again);
 * - pending: everything else (waiting, or claimed by a runner right now).
 *
 * All lease times use the database clock (UTC_TIMESTAMP()), so several web nodes agree on them.
 */
final class EventsRepository {

	/**
	 * After this many claims an event is not claimed again.
	 */
	public const MAX_ATTEMPTS = 10;

	/**
	 * A failed event waits 2^attempts seconds before it can be claimed again, at most this long.
	 */
	public const MAX_RETRY_DELAY = 300;

	public const STATUSES = array( 'pending', 'processed', 'failed' );

	/**
	 * The events table.
	 */
	private string $table;

	public function __construct() {
		$this->table = Schema::table( 'events' );
	}

	/**
	 * A page of events, newest first.
	 *
	 * @param array{status?: string|null, type?: string|null, user_id?: int|null} $filters Filters.
	 * @param int                                                                   $page     1-based page.
	 * @param int                                                                   $per_page Page size.
	 * @return array{items: list<array<string, mixed>>, total: int}
	 */
	public function list( array $filters, int $page, int $per_page ): array {
		list( $where, $params ) = $this->where( $filters );
		$found                  = Paging::fetch(
			"SELECT COUNT(*) FROM {$this->table} WHERE {$where}",
			"SELECT * FROM {$this->table} WHERE {$where} ORDER BY id DESC",
			$params,
			$page,
			$per_page
		);
		return array(
			'items' => array_map( array( $this, 'to_item' ), $found['rows'] ),
			'total' => $found['total'],
		);
	}

	/**
	 * How many events are pending, failed and processed.
	 *
	 * @return array{pending: int, failed: int, processed: int}
	 */
	public function counts(): array {
		global $wpdb;
		// One pass over the table; MAX_ATTEMPTS is a constant.
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row(
			$wpdb->prepare(
				"SELECT
					COALESCE( SUM( processed_at IS NULL AND error IS NULL AND attempts < %d ), 0 ) AS pending,
					COALESCE( SUM( processed_at IS NULL AND ( error IS NOT NULL OR attempts >= %d ) ), 0 ) AS failed,
					COALESCE( SUM( processed_at IS NOT NULL ), 0 ) AS processed
				FROM {$this->table}",
				self::MAX_ATTEMPTS,
				self::MAX_ATTEMPTS
			),
			ARRAY_A
		);
		// phpcs:enable
		return array(
			'pending'   => (int) ( $row['pending'] ?? 0 ),
			'failed'    => (int) ( $row['failed'] ?? 0 ),
			'processed' => (int) ( $row['processed'] ?? 0 ),
		);
	}

	/**
	 * How many events are pending and failed, without counting processed ones: it reads only
	 * the unprocessed rows (the `pending` index), so wp-admin can ask every few seconds.
	 *
	 * @return array{pending: int, failed: int}
	 */
	public function waiting(): array {
		global $wpdb;
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row(
			$wpdb->prepare(
				"SELECT
					COALESCE( SUM( error IS NULL AND attempts < %d ), 0 ) AS pending,
					COALESCE( SUM( error IS NOT NULL OR attempts >= %d ), 0 ) AS failed
				FROM {$this->table} WHERE processed_at IS NULL",
				self::MAX_ATTEMPTS,
				self::MAX_ATTEMPTS
			),
			ARRAY_A
		);
		// phpcs:enable
		return array(
			'pending' => (int) ( $row['pending'] ?? 0 ),
			'failed'  => (int) ( $row['failed'] ?? 0 ),
		);
	}

	/**
	 * Claims up to $limit claimable events for $lease_seconds under a new random token.
	 *
	 * Why two runners never get the same event: the claim is one short transaction that reads the
	 * claimable rows with `SELECT ... FOR UPDATE SKIP LOCKED` and stamps them with the token before
	 * it commits. A locking read always sees the latest committed row and leaves it locked until
	 * the commit, so a concurrent claimer either skips a row the first one has locked (SKIP LOCKED)
	 * or, once the first has committed, sees its lease and does not select it. Claimers therefore
	 * never wait on each other and always get disjoint events. The transaction runs at READ
	 * COMMITTED so the scan takes no gap locks that would hold up the hooks' INSERTs.
	 *
	 * Servers without SKIP LOCKED (MySQL < 8.0.1, MariaDB < 10.6) use one
	 * `UPDATE ... SET claim_token ... WHERE <claimable> LIMIT n` instead: InnoDB re-checks the
	 * WHERE on the latest version of each row it waited for, so it is as exclusive, only serial.
	 * SQLite (one writer at a time) stamps the rows a subquery picks in one UPDATE.
	 *
	 * A claimer may name its own token. Sent again with the same token (a runner retrying a
	 * claim whose answer it never got), the claim answers the events that token still holds
	 * instead of claiming others: without that, those events would wait out their whole lease
	 * (a minute) with no runner knowing of them.
	 *
	 * @param int         $limit         1..1000 events.
	 * @param int         $lease_seconds How long the claimer holds them.
	 * @param string|null $token         The claimer's token (32 hex characters), or null for a new one.
	 * @return array{claim_token: string, lease_until: string|null, events: list<array<string, mixed>>}
	 */
	public function claim( int $limit, int $lease_seconds, ?string $token = null ): array {
		global $wpdb;
		if ( null !== $token ) {
			$held = $this->held_by( $token );
			if ( $held ) {
				return $this->claimed( $token, $held );
			}
		} else {
			$token = bin2hex( random_bytes( 16 ) );
		}
		$claimable = $wpdb->prepare(
			'processed_at IS NULL AND attempts < %d AND ( claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP() )',
			self::MAX_ATTEMPTS
		);
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared
		if ( Database::is_sqlite() ) {
			// SQLite has one writer at a time and one statement is atomic: the rows the subquery
			// picks are stamped before any other claimer can write (it has no SKIP LOCKED and no
			// UPDATE ... LIMIT to use, and needs neither).
			Database::execute(
				$wpdb->prepare(
					"UPDATE {$this->table} SET claim_token = %s, claimed_until = DATE_ADD( UTC_TIMESTAMP(), INTERVAL %d SECOND ), attempts = attempts + 1 WHERE id IN ( SELECT id FROM {$this->table} WHERE {$claimable} ORDER BY id LIMIT %d )",
					$token,
					$lease_seconds,
					$limit
				)
			);
		} elseif ( $this->supports_skip_locked() ) {
			Database::transaction(
				function () use ( $claimable, $limit, $token, $lease_seconds ): void {
					global $wpdb;
					$ids = Database::column( $wpdb->prepare( "SELECT id FROM {$this->table} WHERE {$claimable} LIMIT %d FOR UPDATE SKIP LOCKED", $limit ) );
					if ( $ids ) {
						Database::execute(
							$wpdb->prepare(
								"UPDATE {$this->table} SET claim_token = %s, claimed_until = DATE_ADD( UTC_TIMESTAMP(), INTERVAL %d SECOND ), attempts = attempts + 1 WHERE id IN (" . Database::id_list( $ids ) . ')',
								$token,
								$lease_seconds
							)
						);
					}
				},
				null,
				Database::READ_COMMITTED
			);
		} else {
			Database::execute(
				$wpdb->prepare(
					"UPDATE {$this->table} SET claim_token = %s, claimed_until = DATE_ADD( UTC_TIMESTAMP(), INTERVAL %d SECOND ), attempts = attempts + 1 WHERE {$claimable} LIMIT %d",
					$token,
					$lease_seconds,
					$limit
				)
			);
		}
		// phpcs:enable
		return $this->claimed( $token, $this->held_by( $token ) );
	}

	/**
	 * The unprocessed rows a claim token holds, oldest first.
	 *
	 * @param string $token The claim token.
	 * @return list<array<string, mixed>>
	 * @throws \RuntimeException The database refused the query.
	 */
	private function held_by( string $token ): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
		return Database::rows( $wpdb->prepare( "SELECT * FROM {$this->table} WHERE claim_token = %s AND processed_at IS NULL ORDER BY id", $token ) );
	}

	/**
	 * A claim as the API answers it.
	 *
	 * @param string                     $token The claim token.
	 * @param list<array<string, mixed>> $rows  The rows it holds.
	 * @return array{claim_token: string, lease_until: string|null, events: list<array<string, mixed>>}
	 */
	private function claimed( string $token, array $rows ): array {
		return array(
			'claim_token' => $token,
			'lease_until' => $rows ? Dates::to_iso( $rows[0]['claimed_until'] ) : null,
			'events'      => array_map( array( $this, 'to_item' ), $rows ),
		);
	}

	/**
	 * Acknowledges events held by $token: processed ones are done; failed ones keep their error and
	 * are released to be retried after a delay (2^attempts seconds, at most MAX_RETRY_DELAY), until
	 * MAX_ATTEMPTS. Failed ones in $final are not retried (a refusal that another attempt would only
	 * repeat, such as a person's missing right, R7): they stay failed, visible, at once. Only the
	 * holder of the token changes anything; ids it does not hold (wrong token, or the lease expired
	 * and another runner claimed them) are reported in not_held.
	 *
	 * @param string             $token     The claim token.
	 * @param list<int>          $processed Ids done.
	 * @param array<int, string> $failed    Id => error message.
	 * @param list<int>          $final     Ids of $failed not to retry.
	 * @return array{processed: list<int>, failed: list<int>, not_held: list<int>}
	 */
	public function acknowledge( string $token, array $processed, array $failed, array $final = array() ): array {
		$requested = array_values( array_unique( array_merge( $processed, array_keys( $failed ) ) ) );
		if ( ! $requested ) {
			return array(
				'processed' => array(),
				'failed'    => array(),
				'not_held'  => array(),
			);
		}
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared
		list( $held, $done, $errored ) = Database::transaction(
			function () use ( $token, $requested, $processed, $failed, $final ): array {
				global $wpdb;
				// Locking read: the rows this token holds right now, kept until the commit.
				$held = array_map(
					'intval',
					Database::column(
						$wpdb->prepare(
							"SELECT id FROM {$this->table} WHERE claim_token = %s AND id IN (" . Database::id_list( $requested ) . ') FOR UPDATE',
							$token
						)
					)
				);
				$done = array_values( array_intersect( $processed, $held ) );
				if ( $done ) {
					Database::execute(
						"UPDATE {$this->table} SET processed_at = UTC_TIMESTAMP(), claim_token = NULL, claimed_until = NULL, error = NULL WHERE id IN (" . Database::id_list( $done ) . ')'
					);
				}
				$errored = array_values( array_intersect( array_keys( $failed ), $held ) );
				if ( $errored ) {
					$cases = '';
					foreach ( $errored as $id ) {
						$cases .= $wpdb->prepare( ' WHEN %d THEN %s', $id, $failed[ $id ] );
					}
					Database::execute(
						$wpdb->prepare(
							"UPDATE {$this->table} SET error = CASE id{$cases} END, claim_token = NULL,
							claimed_until = DATE_ADD( UTC_TIMESTAMP(), INTERVAL LEAST( 1 << LEAST( attempts, 16 ), %d ) SECOND )
							WHERE id IN (" . Database::id_list( $errored ) . ')',
							self::MAX_RETRY_DELAY
						)
					);
				}
				$given_up = array_values( array_intersect( $final, $errored ) );
				if ( $given_up ) {
					Database::execute(
						$wpdb->prepare( "UPDATE {$this->table} SET attempts = GREATEST( attempts, %d ) WHERE id IN (" . Database::id_list( $given_up ) . ')', self::MAX_ATTEMPTS )
					);
				}
				return array( $held, $done, $errored );
			},
			null,
			// No gap locks: an acknowledgement runs while the runner claims its next batch, and
			// gap locks of one against the other's index updates deadlocked (bench: 7 in 60 s).
			Database::READ_COMMITTED
		);
		// phpcs:enable
		sort( $done );
		sort( $errored );
		$not_held = array_values( array_diff( $requested, $held ) );
		sort( $not_held );
		return array(
			'processed' => $done,
			'failed'    => $errored,
			'not_held'  => $not_held,
		);
	}

	/**
	 * Deletes processed events older than the cut-off, a batch at a time so no single statement
	 * locks the table for long. Pending and failed events are never deleted.
	 *
	 * @param int $days    Keep processed events this many days.
	 * @param int $batch   Rows per DELETE.
	 * @param int $batches Most DELETEs in one call (the next call goes on).
	 * @return int How many were deleted.
	 */
	public function prune_processed( int $days, int $batch = 5000, int $batches = 20 ): int {
		global $wpdb;
		$cutoff  = gmdate( 'Y-m-d H:i:s', time() - $days * DAY_IN_SECONDS );
		$deleted = 0;
		for ( $round = 0; $round < $batches; $round++ ) {
			$rows = (int) $wpdb->query(
				$wpdb->prepare(
					"DELETE FROM {$this->table} WHERE processed_at IS NOT NULL AND processed_at < %s ORDER BY id LIMIT %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
					$cutoff,
					$batch
				)
			);
			$deleted += $rows;
			if ( $rows < $batch ) {
				break;
			}
		}
		return $deleted;
	}

	/**
	 * A row as the API shows it.
	 *
	 * @param array<string, mixed> $row A row of the events table.
	 * @return array<string, mixed>
	 */
	public function to_item( array $row ): array {
		$attempts  = (int) $row['attempts'];
		$processed = null !== $row['processed_at'];
		$error     = null === $row['error'] ? null : (string) $row['error'];
		if ( $processed ) {
			$status = 'processed';
		} elseif ( null !== $error || $attempts >= self::MAX_ATTEMPTS ) {
			$status = 'failed';
		} else {
			$status = 'pending';
		}
		$payload = null === $row['payload'] ? null : json_decode( (string) $row['payload'], true );
		return array(
			'id'           => (int) $row['id'],
			'type'         => (string) $row['type'],
			'user_id'      => (int) $row['user_id'],
			'actor_id'     => (int) ( $row['actor_id'] ?? 0 ),
			'payload'      => is_array( $payload ) ? (object) $payload : new \stdClass(),
			'created'      => Dates::to_iso( $row['created'] ),
			'status'       => $status,
			'attempts'     => $attempts,
			'will_retry'   => ! $processed && $attempts < self::MAX_ATTEMPTS,
			'error'        => $error,
			'claimed'      => null !== $row['claim_token'] && null !== $row['claimed_until'] && (string) $row['claimed_until'] > Dates::now(),
			'available_at' => $processed ? null : Dates::to_iso( $row['claimed_until'] ),
			'processed_at' => Dates::to_iso( $row['processed_at'] ),
		);
	}

	/**
	 * The WHERE clause for the list filters, with `%d`/`%s` placeholders, and their values.
	 *
	 * @param array{status?: string|null, type?: string|null, user_id?: int|null} $filters Filters.
	 * @return array{0: string, 1: list<int|string>}
	 */
	private function where( array $filters ): array {
		$where  = array( '1=1' );
		$params = array();
		switch ( $filters['status'] ?? null ) {
			case 'processed':
				$where[] = 'processed_at IS NOT NULL';
				break;
			case 'failed':
				$where[]  = 'processed_at IS NULL AND ( error IS NOT NULL OR attempts >= %d )';
				$params[] = self::MAX_ATTEMPTS;
				break;
			case 'pending':
				$where[]  = 'processed_at IS NULL AND error IS NULL AND attempts < %d';
				$params[] = self::MAX_ATTEMPTS;
				break;
		}
		if ( ! empty( $filters['type'] ) ) {
			$where[]  = 'type = %s';
			$params[] = (string) $filters['type'];
		}
		if ( ! empty( $filters['user_id'] ) ) {
			$where[]  = 'user_id = %d';
			$params[] = (int) $filters['user_id'];
		}
		return array( implode( ' AND ', $where ), $params );
	}

	/**
	 * Whether the server knows `FOR UPDATE SKIP LOCKED` (MariaDB 10.6+, MySQL 8.0.1+).
	 */
	private function supports_skip_locked(): bool {
		global $wpdb;
		$info = (string) $wpdb->db_server_info();
		if ( ! preg_match( '/(\d+\.\d+\.\d+)/', $info, $match ) ) {
			return false;
		}
		// MariaDB may report a 5.5.5- prefix before its real version.
		if ( false !== stripos( $info, 'mariadb' ) ) {
			preg_match_all( '/(\d+\.\d+\.\d+)/', $info, $all );
			$version = (string) end( $all[1] );
			return version_compare( $version, '10.6.0', '>=' );
		}
		return version_compare( $match[1], '8.0.1', '>=' );
	}
}
