<?php
/**
 * The plugin's settings, stored in one option.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and writes the settings with their defaults (a fresh install: email-only sync, linking
 * on registration and login, no deletes, data kept on uninstall).
 */
final class Settings {

	public const OPTION = 'users_to_contacts_settings';

	public const SYNC_MODES = array( 'email_only', 'mapped' );

	public const LINK_WHEN = array( 'registration', 'login', 'crm_action' );

	/**
	 * The defaults of a fresh install.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array(
			'sync_mode'                => 'email_only',
			'field_map'                => array(),
			'link_when'                => array( 'registration', 'login' ),
			'delete_contact_with_user' => false,
			'delete_user_with_contact' => false,
			'trust_all_emails'         => false,
			'remove_data_on_uninstall' => false,
			// The My details form's fields; every one the form can show, until the admin chooses.
			'visitor_fields'           => Contacts\VisitorDetails::FIELDS,
		);
	}

	/**
	 * The current settings, defaults filled in.
	 *
	 * @return array<string, mixed>
	 */
	public static function get(): array {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? array_intersect_key( $stored, self::defaults() ) : array() );
	}

	/**
	 * Stores a change (already validated by the REST schema); returns the new settings.
	 *
	 * @param array<string, mixed> $changes Settings to change.
	 * @return array<string, mixed>
	 */
	public static function update( array $changes ): array {
		$settings = array_merge( self::get(), array_intersect_key( $changes, self::defaults() ) );
		update_option( self::OPTION, $settings, true );
		return $settings;
	}
}
