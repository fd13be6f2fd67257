<?php
/**
 * Installs WordPress and activates the plugin from the command line (there is no wp-cli here).
 *
 * Usage: php provision.php <wordpress dir> <url> <install|activate|activate-with-app-password|visitor-pages> <user> <password>
 * Prints one JSON line.
 */
[ , $wp_dir, $url, $step, $admin_user, $admin_password ] = $argv;

$host                   = (string) parse_url( $url, PHP_URL_HOST ) . ':' . (string) parse_url( $url, PHP_URL_PORT );
$_SERVER['HTTP_HOST']   = $host;
$_SERVER['SERVER_NAME'] = (string) parse_url( $url, PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PORT'] = (string) parse_url( $url, PHP_URL_PORT );

if ( 'install' === $step ) {
	define( 'WP_INSTALLING', true );
}
require $wp_dir . '/wp-load.php';

$result = array();
if ( 'install' === $step ) {
	if ( ! is_blog_installed() ) {
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		wp_install( 'Users to Contacts', $admin_user, 'admin@example.com', false, '', wp_slash( $admin_password ) );
		update_option( 'permalink_structure', '/%postname%/' );
		update_option( 'users_can_register', 1 );
		$result['installed'] = true;
	}
} elseif ( 'visitor-pages' === $step ) {
	// The pages `npm start` shows newcomers: the visitor forms as blocks. Found again by their
	// marker, so a second start (or a renamed page) makes no copy; a page deleted for good comes back.
	$pages = array(
		'my-details' => array( 'My details', '<!-- wp:users-to-contacts/my-details /-->' ),
		'signup'     => array( 'Sign up', '<!-- wp:users-to-contacts/signup /-->' ),
	);
	foreach ( $pages as $form => [ $title, $content ] ) {
		$found = get_posts(
			array(
				'post_type'   => 'page',
				'post_status' => array( 'publish', 'draft', 'private', 'pending' ),
				'meta_key'    => '_users_to_contacts_visitor_page',
				'meta_value'  => $form,
				'numberposts' => 1,
				'fields'      => 'ids',
			)
		);
		$page_id = $found ? (int) $found[0] : wp_insert_post(
			array(
				'post_type'    => 'page',
				'post_status'  => 'publish',
				'post_title'   => $title,
				'post_content' => $content,
				'post_author'  => (int) get_user_by( 'login', $admin_user )->ID,
				'meta_input'   => array( '_users_to_contacts_visitor_page' => $form ),
			),
			true
		);
		if ( is_wp_error( $page_id ) ) {
			fwrite( STDERR, $page_id->get_error_message() . "\n" );
			exit( 1 );
		}
		$result[ $form ] = get_permalink( $page_id );
	}
} else {
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	if ( ! is_plugin_active( 'users-to-contacts/plugin.php' ) ) {
		$activated = activate_plugin( 'users-to-contacts/plugin.php' );
		if ( is_wp_error( $activated ) ) {
			fwrite( STDERR, $activated->get_error_message() . "\n" );
			exit( 1 );
		}
		$result['activated'] = true;
	}
	flush_rewrite_rules( false );
	if ( 'activate-with-app-password' === $step ) {
		$user = get_user_by( 'login', $admin_user );
		[ $password ] = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'users-to-contacts local ' . gmdate( 'c' ) ) );
		$result['appPassword'] = $password;
	}
}
echo wp_json_encode( $result ) . "\n";
