<?php
/**
 * A contact as the REST API shows it.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Operations\Guards;
use UsersToContacts\Support\Dates;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Shapes contact records (ContactsRepository) into the fields of ContactSchema, in its order.
 */
final class ContactResponse {

	/**
	 * The contact as the API shows it.
	 *
	 * @param array<string, mixed> $record A contact record (ContactsRepository).
	 * @return array<string, mixed>
	 */
	public static function to_api( array $record ): array {
		$data = array(
			'id'   => $record['id'],
			'type' => $record['type'],
		);
		foreach ( array( 'prefix', 'first_name', 'middle_name', 'last_name', 'display_name', 'nickname', 'organization_name', 'job_title' ) as $column ) {
			$data[ $column ] = $record[ $column ];
		}
		$data['birth_date'] = $record['birth_date'];
		$data['emails']     = $record['emails'];
		$data['email']      = EmailList::primary( $record['emails'] );
		foreach ( array( 'phone', 'website', 'street_address', 'city', 'postal_code', 'country', 'notes' ) as $column ) {
			$data[ $column ] = $record[ $column ];
		}
		$data['user']           = $record['user'];
		$data['locked']         = Guards::contact_is_locked( $record );
		$data['link']           = null === $record['link'] ? null : array(
			'source'         => $record['link']['source'],
			'sync_enabled'   => $record['link']['sync_enabled'],
			'origin'         => $record['link']['origin'],
			'linked_at'      => Dates::to_iso( $record['link']['linked_at'] ),
			'last_synced_at' => Dates::to_iso( $record['link']['last_synced_at'] ),
		);
		$data['former_user_id'] = $record['former_user_id'];
		$data['created']        = Dates::to_iso( $record['created'] );
		$data['modified']       = Dates::to_iso( $record['modified'] );
		$data['modified_by']    = $record['modified_by'];
		$data['created_by_run'] = $record['created_by_run'];
		return $data;
	}

	/**
	 * 404 for a contact that does not exist (or was deleted).
	 *
	 * @param int $id Contact id.
	 */
	public static function not_found( int $id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_contact_not_found',
			/* translators: %d: contact id. */
			sprintf( __( 'There is no contact #%d (it may have been deleted).', 'users-to-contacts' ), $id ),
			array( 'status' => 404 )
		);
	}

	/**
	 * 409 for an edit or delete of a contact whose linked user is the active source (B8; the
	 * guard is Guards::contact_is_locked()).
	 *
	 * @param array<string, mixed> $record The contact record.
	 */
	public static function locked( array $record ): WP_Error {
		return new WP_Error(
			'users_to_contacts_contact_locked',
			sprintf(
				/* translators: %s: user login. */
				__( 'This contact is read-only: the WordPress user "%s" is its source, so its changes come from that user. To edit or delete it here, reverse the direction (make the contact the source) or turn off sync for that user.', 'users-to-contacts' ),
				$record['user']['login']
			),
			array(
				'status'  => 409,
				'user_id' => $record['user']['id'],
			)
		);
	}
}
