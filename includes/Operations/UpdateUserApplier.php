<?php
/**
 * update_user: writes WordPress users' fields.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Events\EventRecorder;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Through WordPress's own API (wp_update_user(), update_user_meta()), so its checks,
 * sanitising and caches apply; without recording events (no loops, docs/behaviours.md R4). Users whose
 * values already match are not written (already_applied); a user that the runner, or the person
 * the change is made for (`on_behalf_of`, R7), may not edit is refused with the reason and a
 * message (Guards::user_edit_refusal()), and the rest of the batch goes on. In a dry run
 * nothing is written.
 */
final class UpdateUserApplier implements OperationApplier {

	/**
	 * Columns of the users table: they go through wp_update_user() (its checks: unique email,
	 * ...). Everything else is user meta (first_name, nickname, ...), written with
	 * update_user_meta(), which is what wp_update_user() would do for them at a fraction of
	 * the cost.
	 */
	private const CORE_KEYS = array( 'user_email', 'user_url', 'display_name' );

	public function kind(): string {
		return 'update_user';
	}

	public function default_outcome(): string {
		return 'updated';
	}

	/**
	 * One user at a time (WordPress's API has no bulk write), after one cache fill for all.
	 *
	 * @param list<array<string, mixed>> $operations update_user operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 * @throws InvalidOperation WordPress refused a change (such as an email another user has).
	 */
	public function apply( array $operations, Batch $batch ): array {
		cache_users( array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) ) );
		$results = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			$refusal = Guards::user_edit_refusal( $user_id, isset( $operation['on_behalf_of'] ) ? (int) $operation['on_behalf_of'] : null, $operation['fields'] );
			if ( null !== $refusal ) {
				$results[ $operation['index'] ] = array( 'status' => 'refused' ) + $refusal;
				continue;
			}
			list( $core, $meta ) = $this->changes( $user_id, $operation['fields'] );
			$contact             = isset( $operation['contact_id'] ) ? array( 'contact_id' => (int) $operation['contact_id'] ) : array();
			if ( ! $core && ! $meta ) {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' ) + $contact;
				continue;
			}
			if ( ! $batch->dry_run ) {
				$batch->touch_user( $user_id );
				$error = EventRecorder::suppress( static fn() => self::write( $user_id, $core, $meta ) );
				if ( $error instanceof WP_Error ) {
					$index = (int) $operation['index'];
					/* translators: 1: operation index, 2: user id, 3: WordPress's message. */
					OperationValidator::fail( $index, sprintf( __( 'Operation %1$d (update_user): WordPress refused the change to user %2$d: %3$s', 'users-to-contacts' ), $index, $user_id, wp_strip_all_tags( $error->get_error_message() ) ) );
				}
			}
			$results[ $operation['index'] ] = array( 'status' => 'applied' ) + $contact;
		}
		return $results;
	}

	/**
	 * The fields whose value differs from the user's, split into core columns and meta.
	 *
	 * @param int                   $user_id User id (cached).
	 * @param array<string, string> $fields  Checked user fields.
	 * @return array{0: array<string, string>, 1: array<string, string>}
	 */
	private function changes( int $user_id, array $fields ): array {
		$user = get_userdata( $user_id );
		$core = array();
		$meta = array();
		foreach ( $fields as $name => $value ) {
			$is_core = in_array( $name, self::CORE_KEYS, true );
			$now     = $is_core ? (string) ( $user->data->{$name} ?? '' ) : (string) get_user_meta( $user_id, $name, true );
			if ( $now === $value ) {
				continue;
			}
			if ( $is_core ) {
				$core[ $name ] = $value;
			} else {
				$meta[ $name ] = $value;
			}
		}
		return array( $core, $meta );
	}

	/**
	 * Writes one user's changes.
	 *
	 * @param int                   $user_id User id.
	 * @param array<string, string> $core    Users-table columns.
	 * @param array<string, string> $meta    Meta keys.
	 * @return WP_Error|null WordPress's refusal.
	 */
	private static function write( int $user_id, array $core, array $meta ): ?WP_Error {
		if ( $core ) {
			$updated = wp_update_user( array( 'ID' => $user_id ) + wp_slash( $core ) );
			if ( is_wp_error( $updated ) ) {
				return $updated;
			}
		}
		foreach ( $meta as $key => $value ) {
			update_user_meta( $user_id, wp_slash( $key ), wp_slash( $value ) );
		}
		return null;
	}
}
