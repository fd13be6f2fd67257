<?php
/**
 * The Contacts screen in wp-admin.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use UsersToContacts\Plugin;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Adds "Contacts" to the admin menu; the screen itself is the TypeScript app in src/admin.
 */
final class ContactsPage {

	public const SLUG = 'users-to-contacts';

	/**
	 * The page's hook suffix, known once the menu is registered.
	 *
	 * @var string
	 */
	private static string $hook_suffix = '';

	/**
	 * Adds the menu item and loads the app's assets on that page only.
	 */
	public static function register(): void {
		$hook_suffix = add_menu_page(
			__( 'Contacts', 'users-to-contacts' ),
			__( 'Contacts', 'users-to-contacts' ),
			Plugin::CAPABILITY,
			self::SLUG,
			array( self::class, 'render' ),
			'dashicons-id',
			26
		);
		self::$hook_suffix = (string) $hook_suffix;
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
	}

	/**
	 * Enqueues the admin app on the Contacts page.
	 *
	 * @param string $hook_suffix The current admin page.
	 */
	public static function enqueue( string $hook_suffix ): void {
		if ( $hook_suffix !== self::$hook_suffix ) {
			return;
		}
		if ( ! Assets::enqueue( 'admin' ) ) {
			add_action( 'admin_notices', array( self::class, 'missing_build_notice' ) );
		}
	}

	/**
	 * Explains what to do when the bundles have not been built.
	 */
	public static function missing_build_notice(): void {
		printf(
			'<div class="notice notice-error"><p>%s</p></div>',
			esc_html__( 'The Users to Contacts screens have not been built. Run "npm run build" in the plugin folder.', 'users-to-contacts' )
		);
	}

	/**
	 * Prints the mount point; the app renders into it.
	 */
	public static function render(): void {
		printf(
			'<div class="wrap"><h1 class="wp-heading-inline">%1$s</h1><div id="users-to-contacts-admin" class="users-to-contacts-admin"><noscript>%2$s</noscript></div></div>',
			esc_html__( 'Contacts', 'users-to-contacts' ),
			esc_html__( 'The Contacts screen needs JavaScript.', 'users-to-contacts' )
		);
	}
}
