<?php
/**
 * Wires the plugin's parts into WordPress.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The one bootstrap: every hook the plugin adds is registered here.
 */
final class Plugin {

	/**
	 * The capability that guards contacts, links, runs and settings.
	 */
	public const CAPABILITY = 'manage_contacts';

	/**
	 * Registers hooks. Called once from plugin.php.
	 */
	public static function boot(): void {
		add_action( 'plugins_loaded', array( Database\Schema::class, 'maybe_upgrade' ) );
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
		add_action( 'wp_default_scripts', array( Admin\ScriptCompat::class, 'register_jsx_runtime' ), 20 );
		add_action( 'admin_menu', array( Admin\ContactsPage::class, 'register' ) );
		Admin\BackgroundProcessing::register();
		Admin\SiteHealth::register();
		// The user screens (B7, B12, B13): Users list column and bulk action, the Contact section, deletion.
		Admin\UsersListColumn::register();
		Admin\UsersBulkSync::register();
		Admin\UserContactSection::register();
		Admin\UserDeletionNotice::register();
		// The visitors' forms (My details, Sign up): blocks and shortcodes.
		Frontend\VisitorForms::register();
		Events\EventRecorder::register();
		Email\EmailOwnership::register();
		Email\ConfirmationMessage::register();
		Events\EventPruning::register();
		Privacy\PersonalData::register();
	}

	/**
	 * Activation: gives administrators the plugin's capability.
	 */
	public static function activate(): void {
		Database\Schema::maybe_upgrade();
		$administrator = get_role( 'administrator' );
		if ( null !== $administrator ) {
			$administrator->add_cap( self::CAPABILITY );
		}
	}

	/**
	 * Deactivation: stops the plugin's scheduled job (data stays).
	 */
	public static function deactivate(): void {
		Events\EventPruning::unschedule();
	}

	/**
	 * Loads translations from the plugin's languages folder.
	 */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'users-to-contacts', false, dirname( plugin_basename( PLUGIN_FILE ) ) . '/languages' );
	}

	/**
	 * Registers the REST controllers.
	 */
	public static function register_routes(): void {
		( new REST\StatusController() )->register_routes();
		// Contacts and links (contacts.test.ts, links.test.ts).
		( new REST\ContactsController() )->register_routes();
		( new REST\LinksController() )->register_routes();
		// Events, runs and the engine's bulk routes (events.test.ts, runs.test.ts, bulk.test.ts).
		( new REST\EventsController() )->register_routes();
		( new REST\RunnerStatusController() )->register_routes();
		( new REST\RunsController() )->register_routes();
		( new REST\BulkUsersController() )->register_routes();
		( new REST\BulkContactsController() )->register_routes();
		( new REST\BulkApplyController() )->register_routes();
		// Settings, fields and /me (settings.test.ts, me.test.ts).
		( new REST\SettingsController() )->register_routes();
		( new REST\FieldsController() )->register_routes();
		( new REST\MeController() )->register_routes();
		// The Sign up form's route (signup.test.ts).
		( new REST\SignupController() )->register_routes();
	}
}
