<?php
/**
 * Plugin Name:       Users to Contacts
 * Description:       A Contacts store that keeps WordPress user accounts linked to contacts.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            Users to Contacts contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       users-to-contacts
 * Domain Path:       /languages
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

const VERSION     = '0.1.0';
const PLUGIN_FILE = __FILE__;
const MIN_PHP     = '8.1';
const MIN_WP      = '6.1';

if ( version_compare( PHP_VERSION, MIN_PHP, '<' ) || version_compare( (string) get_bloginfo( 'version' ), MIN_WP, '<' ) ) {
	add_action(
		'admin_notices',
		static function (): void {
			printf(
				'<div class="notice notice-error"><p>%s</p></div>',
				esc_html(
					sprintf(
						/* translators: 1: required PHP version, 2: required WordPress version. */
						__( 'Users to Contacts needs PHP %1$s and WordPress %2$s or newer. It is not running.', 'users-to-contacts' ),
						MIN_PHP,
						MIN_WP
					)
				)
			);
		}
	);
	return;
}

// Classes live in includes/, one per file: UsersToContacts\REST\Foo is includes/REST/Foo.php.
spl_autoload_register(
	static function ( string $class_name ): void {
		if ( ! str_starts_with( $class_name, __NAMESPACE__ . '\\' ) ) {
			return;
		}
		$relative = str_replace( '\\', '/', substr( $class_name, strlen( __NAMESPACE__ ) + 1 ) );
		$file     = __DIR__ . '/includes/' . $relative . '.php';
		if ( is_readable( $file ) ) {
			require $file;
		}
	}
);

register_activation_hook( __FILE__, array( Plugin::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( Plugin::class, 'deactivate' ) );
Plugin::boot();
