<?php
/**
 * The display-name fallback of a contact, in one place.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Support;

use UsersToContacts\Database\ContactsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The name a contact shows when none is given (B11: a contact created for a user takes the
 * user's names; the email when there are none).
 */
final class DisplayName {

	/**
	 * The display name to use when none is given: first and last name for individuals, the
	 * organization name for organizations and households (each falling back to the other),
	 * else the nickname, else the primary email. Cut to the column's size.
	 *
	 * @param array<string, mixed> $fields        The contact's columns (type, names, nickname).
	 * @param string               $primary_email Its primary email ('' when it has none).
	 */
	public static function derive( array $fields, string $primary_email ): string {
		$person       = trim( ( (string) ( $fields['first_name'] ?? '' ) ) . ' ' . ( (string) ( $fields['last_name'] ?? '' ) ) );
		$organization = trim( (string) ( $fields['organization_name'] ?? '' ) );
		$candidates   = 'individual' === ( $fields['type'] ?? 'individual' )
			? array( $person, $organization )
			: array( $organization, $person );
		$candidates[] = trim( (string) ( $fields['nickname'] ?? '' ) );
		$candidates[] = $primary_email;
		foreach ( $candidates as $candidate ) {
			if ( '' !== $candidate ) {
				return mb_substr( $candidate, 0, ContactsRepository::TEXT_COLUMNS['display_name'] );
			}
		}
		return '';
	}
}
