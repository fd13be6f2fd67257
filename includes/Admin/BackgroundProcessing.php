<?php
/**
 * Waiting work: wp-admin pages process pending events in the browser when no sidecar does.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use UsersToContacts\Plugin;

use const UsersToContacts\PLUGIN_FILE;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Loads the small `background` bundle (src/admin/background) on every wp-admin page of a
 * person who may manage contacts. Like WordPress's Heartbeat, one tab of the browser at a time
 * asks GET /runner-status every few seconds and, when events wait and no sidecar was heard from
 * recently, processes them with the engine (docs/architecture.md, "The runners"). On the
 * Contacts screens it also says how many wait.
 *
 * Filter `users_to_contacts_background_processing` (bool, default true) turns it off, for a
 * site whose sidecar always runs.
 */
final class BackgroundProcessing {

	public const BUNDLE = 'background';

	/**
	 * Adds the hook. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
	}

	/**
	 * Enqueues the bundle for people who may manage contacts. No stylesheet: its only output,
	 * the notice on the Contacts screens, uses core's notice classes.
	 */
	public static function enqueue(): void {
		if ( ! current_user_can( Plugin::CAPABILITY ) ) {
			return;
		}
		/**
		 * Whether wp-admin pages process waiting events in the browser.
		 *
		 * @param bool $enabled Default true.
		 */
		if ( ! apply_filters( 'users_to_contacts_background_processing', true ) ) {
			return;
		}
		$asset = Assets::read( self::BUNDLE );
		if ( null === $asset ) {
			return;
		}
		$handle = 'users-to-contacts-' . self::BUNDLE;
		wp_enqueue_script( $handle, plugins_url( 'build/' . self::BUNDLE . '.js', PLUGIN_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( $handle, 'users-to-contacts', dirname( PLUGIN_FILE ) . '/languages' );
	}
}
