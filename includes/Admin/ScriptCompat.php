<?php
/**
 * Script handles the bundles need but older WordPress lacks.
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
 * Registers `react-jsx-runtime` on WordPress < 6.6.
 *
 * Bundles built by current @wordpress/scripts depend on that handle; when it is missing,
 * WordPress silently prints nothing for them.
 */
final class ScriptCompat {

	/**
	 * Registers the shim when core has no `react-jsx-runtime`.
	 *
	 * @param \WP_Scripts $scripts The script registry being filled with defaults.
	 */
	public static function register_jsx_runtime( \WP_Scripts $scripts ): void {
		if ( $scripts->query( 'react-jsx-runtime', 'registered' ) ) {
			return;
		}
		$asset = Assets::read( 'react-jsx-runtime' );
		if ( null === $asset ) {
			return;
		}
		$scripts->add(
			'react-jsx-runtime',
			plugins_url( 'build/react-jsx-runtime.js', PLUGIN_FILE ),
			$asset['dependencies'],
			$asset['version']
		);
	}
}
