<?php
/**
 * create_and_link: creates contacts for users and links them.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Support\DisplayName;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Inserts the contacts and their primary emails (multi-row), INSERT IGNOREs the links, reads
 * back which link holds each user (locking read) and deletes, in the same transaction, every
 * new contact whose link did not insert: a concurrent batch linked that user first. So two
 * runners creating a contact for the same user end with one contact and one link; the loser
 * reports already_linked (docs/behaviours.md R3).
 */
final class CreateAndLinkApplier implements OperationApplier {

	public function kind(): string {
		return 'create_and_link';
	}

	public function default_outcome(): string {
		return 'created';
	}

	/**
	 * A user linked already is already_linked, unless this run created that contact (a replay:
	 * already_applied); a second create for one user in the batch is already_linked; one making
	 * the new contact the source of a user that may not be edited is refused (R7).
	 *
	 * @param list<array<string, mixed>> $operations create_and_link operations.
	 * @param Batch                      $batch      The batch.
	 * @return array<int, array<string, mixed>>
	 */
	public function apply( array $operations, Batch $batch ): array {
		list( $operations, $results ) = Guards::without_refused_contact_sources( $operations );
		$links    = new LinksRepository();
		$contacts = new BulkContactsRepository();
		$user_ids = array_values( array_unique( array_map( static fn( array $op ): int => (int) $op['user_id'], $operations ) ) );
		$linked   = $links->with_creating_run( $user_ids );
		$create   = array();
		foreach ( $operations as $operation ) {
			$user_id = (int) $operation['user_id'];
			if ( isset( $linked[ $user_id ] ) ) {
				$own                            = null !== $batch->run_id && 'created' === $linked[ $user_id ]['origin'] && $linked[ $user_id ]['created_by_run'] === $batch->run_id;
				$results[ $operation['index'] ] = array(
					'status'     => $own ? 'already_applied' : 'already_linked',
					'contact_id' => $linked[ $user_id ]['contact_id'],
				) + ( $own ? array() : array( 'reason' => 'user_already_linked' ) );
				continue;
			}
			if ( isset( $create[ $user_id ] ) ) {
				$results[ $operation['index'] ] = array(
					'status' => 'already_linked',
					'reason' => 'user_created_earlier_in_batch',
				);
				continue;
			}
			$create[ $user_id ] = $operation;
		}
		if ( ! $create ) {
			return $results;
		}

		$fields = array();
		foreach ( $create as $operation ) {
			$contact = $operation['contact'];
			if ( '' === trim( (string) ( $contact['display_name'] ?? '' ) ) ) {
				$contact['display_name'] = DisplayName::derive( $contact, (string) $operation['contact_email'] );
			}
			$fields[] = $contact;
		}
		$ids = $contacts->insert_many( $fields, $batch->now, $batch->run_id );

		$new_of     = array();
		$email_rows = array();
		$link_rows  = array();
		$i          = 0;
		foreach ( $create as $user_id => $operation ) {
			$contact_id         = $ids[ $i++ ];
			$new_of[ $user_id ] = $contact_id;
			$email_rows[]       = array( $contact_id, (string) $operation['contact_email'], 1 );
			$link_rows[]        = array(
				$user_id,
				$contact_id,
				( $operation['sync_enabled'] ?? true ) ? 1 : 0,
				(string) ( $operation['source'] ?? 'user' ),
				'created',
			);
		}
		$contacts->insert_emails( $email_rows );
		$links->insert_ignore_many( $link_rows, $batch->now );
		$holders = $links->holders( array_keys( $create ), array(), true )['by_user'];

		$orphans = array();
		foreach ( $create as $user_id => $operation ) {
			$holder = $holders[ $user_id ] ?? null;
			if ( $holder === $new_of[ $user_id ] ) {
				$results[ $operation['index'] ] = array(
					'status'     => 'applied',
					'contact_id' => $holder,
				);
			} else {
				$orphans[]                      = $new_of[ $user_id ];
				$results[ $operation['index'] ] = array(
					'status' => 'already_linked',
					'reason' => 'user_already_linked',
				) + ( null === $holder ? array() : array( 'contact_id' => $holder ) );
			}
		}
		$contacts->delete_many( $orphans );
		return $results;
	}
}
