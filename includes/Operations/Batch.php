<?php
/**
 * What the appliers of one batch share.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One attempt at a batch: its time (one value for every row it writes), its run, whether the
 * run is a dry run, and the users WordPress's own API changed (their caches are forgotten if
 * the transaction rolls back).
 */
final class Batch {

	/**
	 * Users written through wp_update_user() / update_user_meta(), as keys.
	 *
	 * @var array<int, true>
	 */
	private array $touched_users = array();

	/**
	 * A batch.
	 *
	 * @param string   $now     The batch's time, as stored.
	 * @param int|null $run_id  The run it records items for.
	 * @param bool     $dry_run Whether WordPress users are left alone (the rest is rolled back
	 *                          to a savepoint by BatchApplier).
	 */
	public function __construct(
		public readonly string $now,
		public readonly ?int $run_id,
		public readonly bool $dry_run
	) {
	}

	/**
	 * Notes a user whose cached data the batch changed.
	 *
	 * @param int $user_id User id.
	 */
	public function touch_user( int $user_id ): void {
		$this->touched_users[ $user_id ] = true;
	}

	/**
	 * The users whose cached data the batch changed.
	 *
	 * @return list<int>
	 */
	public function touched_users(): array {
		return array_keys( $this->touched_users );
	}
}
