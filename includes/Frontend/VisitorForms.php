<?php
/**
 * The visitors' forms: the My details and Sign up blocks and their shortcodes.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Frontend;

use UsersToContacts\Admin\Assets;
use const UsersToContacts\PLUGIN_FILE;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the two blocks (block themes and the block editor) and the two shortcodes (classic
 * themes). Both print the same mount point, and the form's bundle fills it in the browser; the
 * bundle and its stylesheet are enqueued only on a page that shows the form.
 */
final class VisitorForms {

	/**
	 * Form name => the bundle that draws it (`build/{bundle}.js`, webpack.config.js).
	 */
	public const FORMS = array(
		'my-details' => 'frontend-my-details',
		'signup'     => 'frontend-signup',
	);

	/**
	 * The script that makes both blocks insertable in the block editor.
	 */
	public const EDITOR_HANDLE = 'users-to-contacts-frontend-blocks';

	/**
	 * Hooks the blocks and shortcodes in.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'register_blocks' ) );
		add_shortcode( 'users_to_contacts_my_details', array( self::class, 'my_details_shortcode' ) );
		add_shortcode( 'users_to_contacts_signup', array( self::class, 'signup_shortcode' ) );
	}

	/**
	 * Registers the editor script, then the blocks from their block.json files.
	 */
	public static function register_blocks(): void {
		$editor = Assets::read( 'frontend-blocks' );
		if ( null !== $editor ) {
			// The blocks use the editor's own packages; the bundle imports only some of them.
			$dependencies = array_values( array_unique( array_merge( $editor['dependencies'], array( 'wp-blocks', 'wp-block-editor', 'wp-components', 'wp-element', 'wp-i18n' ) ) ) );
			wp_register_script( self::EDITOR_HANDLE, plugins_url( 'build/frontend-blocks.js', PLUGIN_FILE ), $dependencies, $editor['version'], true );
			wp_set_script_translations( self::EDITOR_HANDLE, 'users-to-contacts', dirname( PLUGIN_FILE ) . '/languages' );
		}
		foreach ( array_keys( self::FORMS ) as $form ) {
			register_block_type(
				__DIR__ . '/blocks/' . $form,
				array(
					'render_callback' => static function () use ( $form ): string {
						return self::render( $form, get_block_wrapper_attributes( array( 'class' => 'users-to-contacts-form' ) ) );
					},
				)
			);
		}
	}

	/**
	 * `[users_to_contacts_my_details]`.
	 */
	public static function my_details_shortcode(): string {
		return self::render( 'my-details', 'class="users-to-contacts-form"' );
	}

	/**
	 * `[users_to_contacts_signup]`.
	 */
	public static function signup_shortcode(): string {
		return self::render( 'signup', 'class="users-to-contacts-form"' );
	}

	/**
	 * The mount point of a form, and its bundle enqueued.
	 *
	 * The REST root and nonce reach the bundle through api-fetch, which WordPress sets up with
	 * both on every page that loads it; the rest the form needs is in `data-config`.
	 *
	 * @param string $form       A key of FORMS.
	 * @param string $attributes The wrapper's attributes, already escaped.
	 */
	public static function render( string $form, string $attributes ): string {
		$bundle = self::FORMS[ $form ];
		if ( ! self::enqueue( $bundle ) ) {
			return '';
		}
		$user = wp_get_current_user();
		/**
		 * Filters what a visitor form's script receives in its mount point's `data-config`.
		 *
		 * @param array<string, mixed> $config The data: form, loginUrl, loggedIn, displayName.
		 * @param string               $form   `my-details` or `signup`.
		 */
		$config = apply_filters(
			'users_to_contacts_visitor_form_config',
			array(
				'form'        => $form,
				'loginUrl'    => wp_login_url( self::current_url() ),
				'loggedIn'    => $user->exists(),
				'displayName' => $user->exists() ? $user->display_name : '',
			),
			$form
		);
		return sprintf(
			'<div %1$s data-form="%2$s" data-config="%3$s"><noscript><p>%4$s</p></noscript></div>',
			$attributes,
			esc_attr( $form ),
			esc_attr( (string) wp_json_encode( $config ) ),
			esc_html__( 'This form needs JavaScript. Please turn it on in your browser and reload the page.', 'users-to-contacts' )
		);
	}

	/**
	 * Enqueues a form's bundle and its stylesheet (no wp-admin styles on the site's pages).
	 *
	 * @param string $bundle A value of FORMS.
	 * @return bool False when the plugin was not built.
	 */
	private static function enqueue( string $bundle ): bool {
		$asset = Assets::read( $bundle );
		if ( null === $asset ) {
			return false;
		}
		$handle = 'users-to-contacts-' . $bundle;
		wp_enqueue_script( $handle, plugins_url( 'build/' . $bundle . '.js', PLUGIN_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( $handle, 'users-to-contacts', dirname( PLUGIN_FILE ) . '/languages' );
		if ( is_readable( dirname( PLUGIN_FILE ) . '/build/' . $bundle . '.css' ) ) {
			wp_enqueue_style( $handle, plugins_url( 'build/' . $bundle . '.css', PLUGIN_FILE ), array(), $asset['version'] );
			// The build writes `{bundle}-rtl.css` beside it for right-to-left languages.
			wp_style_add_data( $handle, 'rtl', 'replace' );
		}
		return true;
	}

	/**
	 * The page being shown, so that logging in comes back to it.
	 */
	private static function current_url(): string {
		$post_id = get_queried_object_id();
		if ( $post_id > 0 && is_singular() ) {
			return (string) get_permalink( $post_id );
		}
		return home_url( '/' );
	}
}
