<?php
/**
 * Reads the dependency files @wordpress/scripts writes next to each bundle.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use const UsersToContacts\PLUGIN_FILE;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers and enqueues the plugin's built bundles.
 */
final class Assets {

	/**
	 * The `build/{name}.asset.php` data, or null when the bundle has not been built.
	 *
	 * @param string $name Bundle name.
	 * @return array{dependencies: string[], version: string}|null
	 */
	public static function read( string $name ): ?array {
		$file = dirname( PLUGIN_FILE ) . '/build/' . $name . '.asset.php';
		if ( ! is_readable( $file ) ) {
			return null;
		}
		$asset = require $file;
		return array(
			'dependencies' => (array) ( $asset['dependencies'] ?? array() ),
			'version'      => (string) ( $asset['version'] ?? '' ),
		);
	}

	/**
	 * Enqueues a bundle with its dependencies, styles and translations.
	 *
	 * @param string $name Bundle name (`build/{name}.js`).
	 * @return bool False when the bundle is missing (the plugin was not built).
	 */
	public static function enqueue( string $name ): bool {
		$asset = self::read( $name );
		if ( null === $asset ) {
			return false;
		}
		$handle = 'users-to-contacts-' . $name;
		wp_enqueue_script( $handle, plugins_url( 'build/' . $name . '.js', PLUGIN_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( $handle, 'users-to-contacts', dirname( PLUGIN_FILE ) . '/languages' );
		if ( is_readable( dirname( PLUGIN_FILE ) . '/build/' . $name . '.css' ) ) {
			wp_enqueue_style( $handle, plugins_url( 'build/' . $name . '.css', PLUGIN_FILE ), array( 'wp-components' ), $asset['version'] );
		} else {
			wp_enqueue_style( 'wp-components' );
		}
		return true;
	}
}
