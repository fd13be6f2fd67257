<?php
/**
 * A link as the REST API shows it, and the answers about links.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Links;

use UsersToContacts\Support\Dates;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Shapes link records (LinksRepository) into the fields of LinkSchema.
 */
final class LinkResponse {

	/**
	 * The link as the API shows it.
	 *
	 * @param array<string, mixed> $link A LinksRepository record.
	 * @return array<string, mixed>
	 */
	public static function to_api( array $link ): array {
		return array(
			'user_id'        => $link['user_id'],
			'contact_id'     => $link['contact_id'],
			'sync_enabled'   => $link['sync_enabled'],
			'source'         => $link['source'],
			'origin'         => $link['origin'],
			'linked_at'      => Dates::to_iso( $link['linked_at'] ),
			'last_synced_at' => Dates::to_iso( $link['last_synced_at'] ),
		);
	}

	/**
	 * 409 explaining which existing link is in the way of linking $user_id to $contact_id.
	 *
	 * @param int                       $user_id    The user asked for.
	 * @param int                       $contact_id The contact asked for.
	 * @param array<string, mixed>|null $by_user    The user's link now, if any.
	 * @param array<string, mixed>|null $by_contact The contact's link now (looked up when the
	 *                                              user has none).
	 */
	public static function conflict( int $user_id, int $contact_id, ?array $by_user, ?array $by_contact ): WP_Error {
		$login = static function ( int $id ): string {
			$user = get_userdata( $id );
			return false === $user ? '#' . $id : $user->user_login;
		};
		if ( null !== $by_user && $by_user['contact_id'] === $contact_id ) {
			/* translators: 1: user login, 2: contact id. */
			$message  = sprintf( __( 'User "%1$s" is already linked to contact #%2$d.', 'users-to-contacts' ), $login( $user_id ), $contact_id );
			$existing = $by_user;
		} elseif ( null !== $by_user ) {
			/* translators: 1: user login, 2: contact id. */
			$message  = sprintf( __( 'User "%1$s" is already linked to contact #%2$d. A user has one contact: remove that link first.', 'users-to-contacts' ), $login( $user_id ), $by_user['contact_id'] );
			$existing = $by_user;
		} elseif ( null !== $by_contact ) {
			/* translators: 1: contact id, 2: user login. */
			$message  = sprintf( __( 'Contact #%1$d is already linked to user "%2$s". A contact has one user: remove that link first.', 'users-to-contacts' ), $contact_id, $login( $by_contact['user_id'] ) );
			$existing = $by_contact;
		} else {
			$message  = __( 'The user or the contact was being linked by someone else at the same moment. Please try again.', 'users-to-contacts' );
			$existing = null;
		}
		return new WP_Error(
			'users_to_contacts_link_exists',
			$message,
			array(
				'status' => 409,
				'link'   => null === $existing ? null : self::to_api( $existing ),
			)
		);
	}

	/**
	 * 404 for a user without a link.
	 *
	 * @param int $user_id User id.
	 */
	public static function not_found( int $user_id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_link_not_found',
			/* translators: %d: user id. */
			sprintf( __( 'User #%d is not linked to a contact.', 'users-to-contacts' ), $user_id ),
			array( 'status' => 404 )
		);
	}

	/**
	 * 404 for linking a user that does not exist.
	 *
	 * @param int $user_id User id.
	 */
	public static function user_not_found( int $user_id ): WP_Error {
		return new WP_Error(
			'users_to_contacts_user_not_found',
			/* translators: %d: user id. */
			sprintf( __( 'There is no user #%d.', 'users-to-contacts' ), $user_id ),
			array( 'status' => 404 )
		);
	}
}
