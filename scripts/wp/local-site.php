<?php
/**
 * Plugin Name: Local site tweaks (Users to Contacts development)
 * Description: Captures mail to a folder and stops avatars and update checks on the local development and test site.
 */

// No mail server here: each message is written to LOCAL_SITE_MAIL_DIR (set in wp-config.php by
// scripts/lib/site.mjs) as one JSON file, and reported as sent so registration and password
// flows carry on. Tests read the folder (tests/support/mail.ts).
add_filter(
	'pre_wp_mail',
	static function ( $short_circuit, $atts ) {
		if ( defined( 'LOCAL_SITE_MAIL_DIR' ) && ( is_dir( LOCAL_SITE_MAIL_DIR ) || mkdir( LOCAL_SITE_MAIL_DIR, 0700, true ) ) ) {
			$to = $atts['to'] ?? array();
			$to = is_array( $to ) ? $to : explode( ',', (string) $to );
			// Names sort in the order the messages were sent.
			$name = sprintf( '%.6F-%s.json', microtime( true ), bin2hex( random_bytes( 4 ) ) );
			file_put_contents(
				LOCAL_SITE_MAIL_DIR . '/' . $name,
				wp_json_encode(
					array(
						'to'      => array_values( array_map( 'trim', $to ) ),
						'subject' => (string) ( $atts['subject'] ?? '' ),
						'message' => (string) ( $atts['message'] ?? '' ),
						'headers' => $atts['headers'] ?? array(),
						'time'    => gmdate( 'c' ),
					),
					JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
				)
			);
		}
		return true;
	},
	10,
	2
);
// WordPress Playground (wp-env's Playground runtime) logs every request without its
// `playground_auto_login_already_happened` cookie in as admin and redirects it. WP-Cron's own
// loopback request (about once a minute) has no cookies: it was logged in (a wp_login, so an
// admin login event) and redirected before any cron job ran. The cookie tells Playground not to;
// elsewhere it means nothing.
add_filter(
	'cron_request',
	static function ( $request ) {
		$request['args']['cookies'] = array_merge(
			$request['args']['cookies'] ?? array(),
			array( 'playground_auto_login_already_happened' => '1' )
		);
		return $request;
	}
);
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
