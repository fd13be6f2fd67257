<?php
/**
 * Runs when the plugin is deleted from the Plugins screen.
 *
 * Contacts, links and settings are removed only when the admin chose "Remove data on
 * uninstall" in the settings; otherwise reinstalling finds everything as it was.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

// The plugin is not loaded during uninstall, so neither is its autoloader.
require_once __DIR__ . '/includes/Database/Schema.php';
require_once __DIR__ . '/includes/Settings.php';

// The daily clean-up job goes with the plugin, whatever happens to the data.
wp_clear_scheduled_hook( 'users_to_contacts_prune_events' );

$users_to_contacts_settings = get_option( UsersToContacts\Settings::OPTION, array() );
if ( is_array( $users_to_contacts_settings ) && ! empty( $users_to_contacts_settings['remove_data_on_uninstall'] ) ) {
	UsersToContacts\Database\Schema::drop_all();
	delete_option( UsersToContacts\Settings::OPTION );
	delete_option( 'users_to_contacts_runners' );
	// R6: the addresses users have shown they own, and the confirmations waiting.
	delete_metadata( 'user', 0, 'users_to_contacts_verified_email', '', true );
	delete_metadata( 'user', 0, 'users_to_contacts_email_pending', '', true );
	delete_metadata( 'user', 0, 'users_to_contacts_sync_off', '', true );
	foreach ( wp_roles()->role_objects as $users_to_contacts_role ) {
		$users_to_contacts_role->remove_cap( 'manage_contacts' );
	}
}
