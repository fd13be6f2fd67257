<?php
/**
 * delete_user: deletes WordPress users.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Events\EventRecorder;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * wp_delete_user(), never for a user Guards::user_delete_refusal() protects (an administrator,
 * the runner or the person the deletion is made for (`on_behalf_of`), a user either of them may
 * not delete: R7): those are refused with the reason and a message, and the rest of the batch
 * goes on (docs/behaviours.md R8). A user who is gone already is already_applied.
 * The user's link goes too. In a dry run nothing is deleted.
 */
final class DeleteUserApplier implements OperationApplier {

	public function kind(): string {
		return 'delete_user';
	}

	public function default_outcome(): string {
		return 'deleted';
	}

	/**
	 * One user at a time (WordPress's API has no bulk delete), after one cache fill for all.
	 *
	 * @param list<array<string, mixed>> $operations delete_user operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		require_once ABSPATH . 'wp-admin/includes/user.php';
		cache_users( array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) ) );
		$gone    = array();
		$results = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			$user    = get_userdata( $user_id );
			if ( ! $user instanceof WP_User || isset( $gone[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array( 'status' => 'already_applied' );
				continue;
			}
			$refusal = Guards::user_delete_refusal( $user, isset( $operation['on_behalf_of'] ) ? (int) $operation['on_behalf_of'] : null );
			if ( null !== $refusal ) {
				$results[ $operation['index'] ] = array( 'status' => 'refused' ) + $refusal;
				continue;
			}
			$gone[ $user_id ] = true;
			if ( ! $batch->dry_run ) {
				$reassign = isset( $operation['reassign'] ) ? (int) $operation['reassign'] : null;
				EventRecorder::suppress( static fn() => wp_delete_user( $user_id, $reassign ) );
			}
			$results[ $operation['index'] ] = array( 'status' => 'applied' );
		}
		if ( $gone && ! $batch->dry_run ) {
			$removed = ( new LinksRepository() )->remove_many( 'user_id', array_keys( $gone ) );
			foreach ( $operations as $operation ) {
				$user_id = (int) $operation['user_id'];
				if ( isset( $removed[ $user_id ] ) && 'applied' === $results[ $operation['index'] ]['status'] ) {
					$results[ $operation['index'] ]['contact_id'] = $removed[ $user_id ]['contact_id'];
				}
			}
		}
		return $results;
	}
}
