<?php
/**
 * The rules of a contact's list of emails.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A contact's emails are a list of `array{ email: string, primary: bool }`, the primary first,
 * exactly one primary when there are any; its addresses are normalised
 * (ContactsRepository::normalize_email()).
 */
final class EmailList {

	/**
	 * The primary address of a list, or null.
	 *
	 * @param list<array{email: string, primary: bool}> $emails Emails.
	 */
	public static function primary( array $emails ): ?string {
		foreach ( $emails as $email ) {
			if ( $email['primary'] ) {
				return $email['email'];
			}
		}
		return null;
	}

	/**
	 * Makes $email the primary of a list: an address already there is promoted, a new one is
	 * added; the previous primary stays on as a non-primary email (R5).
	 *
	 * @param list<array{email: string, primary: bool}> $emails Current list (normalised).
	 * @param string                                    $email  The new primary (normalised).
	 * @return list<array{email: string, primary: bool}> The primary first.
	 */
	public static function with_primary( array $emails, string $email ): array {
		$result = array(
			array(
				'email'   => $email,
				'primary' => true,
			),
		);
		foreach ( $emails as $existing ) {
			if ( $existing['email'] !== $email ) {
				$result[] = array(
					'email'   => $existing['email'],
					'primary' => false,
				);
			}
		}
		return $result;
	}
}
