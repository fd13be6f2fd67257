<?php
/**
 * update_contact: brings contacts' fields and emails up to date.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Support\DisplayName;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Compares with what is stored (one query for the contacts, one for their emails) and writes
 * only real changes: CASE updates for the fields, one multi-row insert for new emails, one
 * statement to demote old primaries. `modified` changes only when something did, so a
 * replayed batch changes nothing and reports already_applied. A former primary stays as an
 * ordinary email, however many moves one batch makes (docs/behaviours.md R5). A locked contact
 * changes only for its own user, and a user's details only reach that user's contact
 * (ContactLocks).
 */
final class UpdateContactApplier implements OperationApplier {

	public function kind(): string {
		return 'update_contact';
	}

	public function default_outcome(): string {
		return 'updated';
	}

	/**
	 * Operations on one contact apply in order, each seeing the previous one's result.
	 *
	 * @param list<array<string, mixed>> $operations update_contact operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		list( $operations, $results ) = ContactLocks::split( $operations );
		if ( ! $operations ) {
			return $results;
		}
		$contacts = new BulkContactsRepository();
		$ids      = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['contact_id'], $operations ) ) );
		$current  = $contacts->rows_of( $ids );
		$stored   = $contacts->emails_of( $ids );

		$columns       = array();
		$new_emails    = array();
		$new_primaries = array();
		$changed       = array();
		$derived       = self::derived_display_names( $current, $stored );
		foreach ( $operations as $operation ) {
			$id      = (int) $operation['contact_id'];
			$changes = false;
			if ( array_key_exists( 'display_name', $operation['fields'] ) ) {
				unset( $derived[ $id ] );
			}
			foreach ( $operation['fields'] as $column => $value ) {
				if ( $current[ $id ][ $column ] !== $value ) {
					$columns[ $id ][ $column ] = $value;
					$current[ $id ][ $column ] = $value;
					$changes                   = true;
				}
			}
			$held = $stored[ $id ] ?? array();
			foreach ( $operation['add_emails'] as $email ) {
				if ( ! isset( $held[ $email ] ) ) {
					$held[ $email ]              = false;
					$new_emails[ $id ][ $email ] = true;
					$changes                     = true;
				}
			}
			$primary = $operation['primary_email'] ?? null;
			if ( null !== $primary && true !== ( $held[ $primary ] ?? null ) ) {
				if ( ! isset( $held[ $primary ] ) ) {
					// New to the contact: added, so it stays when a later move in the batch
					// makes another address the primary (R5: every former address is kept).
					$new_emails[ $id ][ $primary ] = true;
				}
				$held                 = array_map( '__return_false', $held );
				$held[ $primary ]     = true;
				$new_primaries[ $id ] = $primary;
				$changes              = true;
			}
			$stored[ $id ]                  = $held;
			$changed[ $id ]                 = ( $changed[ $id ] ?? false ) || $changes;
			$results[ $operation['index'] ] = array(
				'status'     => $changes ? 'applied' : 'already_applied',
				'contact_id' => $id,
			);
		}

		foreach ( array_keys( $derived ) as $id ) {
			$primary = $new_primaries[ $id ] ?? (string) array_search( true, $stored[ $id ] ?? array(), true );
			$name    = DisplayName::derive( $current[ $id ], $primary );
			if ( '' !== $name && $name !== $current[ $id ]['display_name'] ) {
				$columns[ $id ]['display_name'] = $name;
			}
		}
		$contacts->update_columns( $columns );
		$rows = array();
		foreach ( $new_emails as $id => $added ) {
			foreach ( array_keys( $added ) as $email ) {
				if ( ( $new_primaries[ $id ] ?? null ) !== $email ) {
					$rows[] = array( $id, (string) $email, 0 );
				}
			}
		}
		// The old primaries stay as ordinary emails; then each new one is added or promoted.
		$contacts->demote_primaries( array_keys( $new_primaries ) );
		foreach ( $new_primaries as $id => $email ) {
			$rows[] = array( $id, (string) $email, 1 );
		}
		$contacts->insert_emails( $rows, true );
		$contacts->mark_modified( array_keys( array_filter( $changed ) ), $batch->now );
		return $results;
	}

	/**
	 * B11: the contacts whose display name was derived (from the names, or from the primary
	 * email when there are none) rather than typed; theirs follows the names and the email.
	 *
	 * @param array<int, array<string, mixed>> $current Contact rows by id.
	 * @param array<int, array<string, bool>>  $stored  Their emails: whether each is the primary.
	 * @return array<int, true>
	 */
	private static function derived_display_names( array $current, array $stored ): array {
		$derived = array();
		foreach ( $current as $id => $row ) {
			$primary = (string) array_search( true, $stored[ $id ] ?? array(), true );
			$name    = (string) $row['display_name'];
			// Emails are held lower-case; the name may keep the letter case it was typed in.
			if ( DisplayName::derive( $row, $primary ) === $name || ( '' !== $primary && 0 === strcasecmp( $name, $primary ) ) ) {
				$derived[ $id ] = true;
			}
		}
		return $derived;
	}
}
