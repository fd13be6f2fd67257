<?php
/**
 * Permission checks shared by the REST controllers.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use UsersToContacts\Plugin;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One place for "who may do this", so every route refuses the same way.
 */
final class Permissions {

	/**
	 * True for users with `manage_contacts`; otherwise 401 (not logged in) or 403.
	 *
	 * @return true|WP_Error
	 */
	public static function manage_contacts() {
		if ( current_user_can( Plugin::CAPABILITY ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage contacts.', 'users-to-contacts' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * True for any logged-in user (their own data only); otherwise 401.
	 *
	 * @return true|WP_Error
	 */
	public static function logged_in() {
		if ( is_user_logged_in() ) {
			return true;
		}
		return new WP_Error(
			'rest_not_logged_in',
			__( 'You need to log in to see your details.', 'users-to-contacts' ),
			array( 'status' => 401 )
		);
	}
}
