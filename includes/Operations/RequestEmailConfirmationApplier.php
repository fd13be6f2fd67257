<?php
/**
 * request_email_confirmation: asks the user to confirm their email (R6).
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Email\ConfirmationMessage;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The engine found an existing contact for a user whose email is not verified: the match
 * waits, and the user is sent the plugin's confirmation message (ConfirmationMessage, after
 * the batch). Writes nothing in the batch's transaction; a dry run sends nothing.
 */
final class RequestEmailConfirmationApplier implements OperationApplier {

	public function kind(): string {
		return 'request_email_confirmation';
	}

	public function default_outcome(): string {
		return 'skipped';
	}

	/**
	 * `applied`: a message will go out (unless the address is verified by then: the match then
	 * goes ahead). `already_applied`: the address got one a short while ago. `refused`: the user is gone (`user_not_found`) or has
	 * another email now (`email_changed`).
	 *
	 * @param list<array<string, mixed>> $operations request_email_confirmation operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		global $wpdb;
		$user_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		$emails = array();
		foreach ( Database::rows( "SELECT ID, user_email FROM {$wpdb->users} WHERE ID IN (" . Database::id_list( $user_ids ) . ')' ) as $row ) {
			$emails[ (int) $row['ID'] ] = (string) $row['user_email'];
		}
		$results = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			$email   = ContactsRepository::normalize_email( (string) $operation['email'] );
			if ( ! isset( $emails[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array(
					'status' => 'refused',
					'reason' => 'user_not_found',
				);
			} elseif ( ContactsRepository::normalize_email( $emails[ $user_id ] ) !== $email ) {
				$results[ $operation['index'] ] = array(
					'status' => 'refused',
					'reason' => 'email_changed',
				);
			} elseif ( $batch->dry_run ) {
				$results[ $operation['index'] ] = array( 'status' => 'applied' );
			} else {
				$results[ $operation['index'] ] = array( 'status' => ConfirmationMessage::request( $user_id, $email ) ? 'applied' : 'already_applied' );
			}
		}
		return $results;
	}
}
