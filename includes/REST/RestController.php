<?php
/**
 * What every Users to Contacts REST controller shares.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use WP_Error;
use WP_REST_Controller;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The plugin's route namespace, the "may manage contacts" check and the database-error answer,
 * once, so every controller refuses and fails the same way.
 */
abstract class RestController extends WP_REST_Controller {

	/**
	 * Sets the namespace all the plugin's routes live under.
	 */
	public function __construct() {
		$this->namespace = 'users-to-contacts/v1';
	}

	/**
	 * The permission callback of every admin route: users with `manage_contacts` only.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return true|WP_Error True, or 401 (not logged in) / 403.
	 */
	public function manage_contacts_permissions_check( $request ) {
		return Permissions::manage_contacts();
	}

	/**
	 * The answer when the database refused a change (it was rolled back, so nothing changed).
	 */
	protected function database_error(): WP_Error {
		return DatabaseError::response();
	}
}
