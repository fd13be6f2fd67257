<?php
/**
 * Plugin Name: Local site tweaks (Users to Contacts development)
 * Description: Stops mail, avatars and update checks on the local development and test site.
 */

// No mail server here: report mail as sent so registration and password flows carry on.
add_filter( 'pre_wp_mail', '__return_true' );
// Gravatar is outside this machine's network.
add_filter( 'pre_option_show_avatars', '__return_zero' );
add_filter( 'automatic_updater_disabled', '__return_true' );
remove_action( 'init', 'wp_schedule_update_checks' );
remove_action( 'admin_init', '_maybe_update_core' );
remove_action( 'admin_init', '_maybe_update_plugins' );
remove_action( 'admin_init', '_maybe_update_themes' );
remove_action( 'load-plugins.php', 'wp_update_plugins' );
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_update_plugins' );
// Dashboard widgets that would call wordpress.org.
add_action(
	'wp_dashboard_setup',
	static function () {
		remove_meta_box( 'dashboard_primary', 'dashboard', 'side' );
		remove_meta_box( 'dashboard_site_health', 'dashboard', 'normal' );
	}
);
add_filter( 'pre_site_transient_browser_' . md5( $_SERVER['HTTP_USER_AGENT'] ?? '' ), '__return_empty_array' );
add_filter( 'pre_site_transient_php_check_' . md5( PHP_VERSION ), '__return_empty_array' );
