<?php
/**
 * The answer to a write the database refused.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One error for the admin routes when the database fails mid-request (the transaction was rolled
 * back, so nothing changed).
 */
final class DatabaseError {

	/**
	 * The WP_Error the admin routes answer with.
	 */
	public static function response(): WP_Error {
		return new WP_Error(
			'users_to_contacts_database_error',
			__( 'The database refused the change, so nothing was saved. Please try again; if it keeps failing, see the site\'s error log.', 'users-to-contacts' ),
			array( 'status' => 500 )
		);
	}
}
