<?php
/**
 * Runs when the plugin is deleted from the Plugins screen.
 *
 * Data is removed only when the admin chose "Remove data on uninstall" in the settings.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

$users_to_contacts_administrator = get_role( 'administrator' );
if ( null !== $users_to_contacts_administrator ) {
	$users_to_contacts_administrator->remove_cap( 'manage_contacts' );
}
