<?php
/**
 * The Contacts menu: All Contacts, Add New, Synchronize and Settings.
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
 * Adds "Contacts" to the admin menu. Each screen is a mount point the TypeScript app in
 * src/admin fills; `data-screen` tells it which screen to render.
 */
final class ContactsPage {

	public const SLUG = 'users-to-contacts';

	/**
	 * The screens under the Contacts menu: page slug => screen name the app renders.
	 */
	public const SCREENS = array(
		self::SLUG              => 'list',
		self::SLUG . '-edit'    => 'edit',
		self::SLUG . '-sync'    => 'sync',
		self::SLUG . '-settings' => 'settings',
	);

	/**
	 * The screens' hook suffixes, known once the menu is registered.
	 *
	 * @var array<string, string>
	 */
	private static array $hook_suffixes = array();

	/**
	 * Adds the menu and its submenus, and loads the app's assets on those screens only.
	 */
	public static function register(): void {
		$render = array( self::class, 'render' );
		self::$hook_suffixes[ self::SLUG ] = (string) add_menu_page(
			__( 'Contacts', 'users-to-contacts' ),
			__( 'Contacts', 'users-to-contacts' ),
			Plugin::CAPABILITY,
			self::SLUG,
			$render,
			'dashicons-id',
			26
		);
		$submenus = array(
			self::SLUG               => array( __( 'All Contacts', 'users-to-contacts' ), __( 'All Contacts', 'users-to-contacts' ) ),
			self::SLUG . '-edit'     => array( __( 'Add New Contact', 'users-to-contacts' ), __( 'Add New', 'users-to-contacts' ) ),
			self::SLUG . '-sync'     => array( __( 'Synchronize Users to Contacts', 'users-to-contacts' ), __( 'Synchronize', 'users-to-contacts' ) ),
			self::SLUG . '-settings' => array( __( 'Synchronized Users Settings', 'users-to-contacts' ), __( 'Settings', 'users-to-contacts' ) ),
		);
		foreach ( $submenus as $slug => $titles ) {
			self::$hook_suffixes[ $slug ] = (string) add_submenu_page( self::SLUG, $titles[0], $titles[1], Plugin::CAPABILITY, $slug, $render );
		}
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
		add_filter( 'submenu_file', array( self::class, 'highlighted_submenu' ) );
	}

	/**
	 * Editing a contact highlights All Contacts, as editing a post highlights All Posts; only a
	 * new contact highlights Add New.
	 *
	 * @param string|null $submenu_file The submenu item WordPress would highlight.
	 */
	public static function highlighted_submenu( $submenu_file ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- which screen is shown, nothing is changed.
		$page = isset( $_GET['page'] ) ? sanitize_key( wp_unslash( $_GET['page'] ) ) : '';
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( self::SLUG . '-edit' === $page && isset( $_GET['contact'] ) ) {
			return self::SLUG;
		}
		return $submenu_file;
	}

	/**
	 * Enqueues the admin app on the Contacts screens.
	 *
	 * @param string $hook_suffix The current admin page.
	 */
	public static function enqueue( string $hook_suffix ): void {
		if ( ! in_array( $hook_suffix, self::$hook_suffixes, true ) ) {
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
	 * Prints the screen's heading, as core's screens do (with "Add New" on All Contacts), and
	 * the mount point the app renders the screen into.
	 */
	public static function render(): void {
		// The page slug and contact id only pick what to show; nothing is saved here.
		$page    = isset( $_GET['page'] ) ? sanitize_key( wp_unslash( $_GET['page'] ) ) : self::SLUG; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$editing = isset( $_GET['contact'] ) && absint( $_GET['contact'] ) > 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$screen  = self::SCREENS[ $page ] ?? 'list';
		$title   = 'edit' === $screen && $editing ? __( 'Edit Contact', 'users-to-contacts' ) : get_admin_page_title();
		if ( 'list' === $screen ) {
			$title = __( 'Contacts', 'users-to-contacts' );
		}
		echo '<div class="wrap">';
		printf( '<h1 class="wp-heading-inline">%s</h1>', esc_html( $title ) );
		if ( 'list' === $screen || ( 'edit' === $screen && $editing ) ) {
			printf( ' <a href="%1$s" class="page-title-action">%2$s</a>', esc_url( self::url( 'edit' ) ), esc_html__( 'Add New', 'users-to-contacts' ) );
		}
		echo '<hr class="wp-header-end">';
		printf(
			'<div id="users-to-contacts-admin" class="users-to-contacts-admin" data-screen="%1$s"><noscript>%2$s</noscript></div></div>',
			esc_attr( $screen ),
			esc_html__( 'The Contacts screens need JavaScript.', 'users-to-contacts' )
		);
	}

	/**
	 * The URL of a Contacts screen.
	 *
	 * @param string               $screen list | edit | sync | settings.
	 * @param array<string, mixed> $args   Extra query arguments (e.g. `contact` for edit).
	 */
	public static function url( string $screen, array $args = array() ): string {
		$slug = (string) array_search( $screen, self::SCREENS, true );
		return add_query_arg( array_merge( array( 'page' => '' !== $slug ? $slug : self::SLUG ), $args ), admin_url( 'admin.php' ) );
	}
}
