<?php
/**
 * The fields on each side of the mapping: user fields of this site and contact fields.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One catalogue of mappable fields, used by the settings validation and the /fields route.
 */
final class Fields {

	/**
	 * Contact fields a user field can be mapped to (email is synchronised on its own, B4).
	 *
	 * @return array<string, string> Key => label.
	 */
	public static function contact_fields(): array {
		return array(
			'prefix'            => __( 'Prefix', 'users-to-contacts' ),
			'first_name'        => __( 'First name', 'users-to-contacts' ),
			'middle_name'       => __( 'Middle name', 'users-to-contacts' ),
			'last_name'         => __( 'Last name', 'users-to-contacts' ),
			'display_name'      => __( 'Display name', 'users-to-contacts' ),
			'nickname'          => __( 'Nickname', 'users-to-contacts' ),
			'organization_name' => __( 'Organization name', 'users-to-contacts' ),
			'job_title'         => __( 'Job title', 'users-to-contacts' ),
			'birth_date'        => __( 'Birth date', 'users-to-contacts' ),
			'phone'             => __( 'Phone', 'users-to-contacts' ),
			'website'           => __( 'Website', 'users-to-contacts' ),
			'street_address'    => __( 'Street address', 'users-to-contacts' ),
			'city'              => __( 'City', 'users-to-contacts' ),
			'postal_code'       => __( 'Postal code', 'users-to-contacts' ),
			'country'           => __( 'Country', 'users-to-contacts' ),
			'notes'             => __( 'Notes', 'users-to-contacts' ),
		);
	}

	/**
	 * WordPress's own profile fields (columns of the users table and the profile's meta).
	 *
	 * @return array<string, string> Key => label.
	 */
	public static function core_user_fields(): array {
		return array(
			'first_name'   => __( 'First name', 'users-to-contacts' ),
			'last_name'    => __( 'Last name', 'users-to-contacts' ),
			'nickname'     => __( 'Nickname', 'users-to-contacts' ),
			'display_name' => __( 'Display name', 'users-to-contacts' ),
			'user_url'     => __( 'Website', 'users-to-contacts' ),
			'description'  => __( 'Biographical info', 'users-to-contacts' ),
		);
	}

	/**
	 * B11: the first mapping pairs every user field with its same-meaning contact field.
	 *
	 * @return list<array{user_field: string, contact_field: string}>
	 */
	public static function default_map(): array {
		$pairs = array(
			'first_name'   => 'first_name',
			'last_name'    => 'last_name',
			'nickname'     => 'nickname',
			'display_name' => 'display_name',
			'user_url'     => 'website',
			'description'  => 'notes',
		);
		$map   = array();
		foreach ( $pairs as $user_field => $contact_field ) {
			$map[] = array(
				'user_field'    => $user_field,
				'contact_field' => $contact_field,
			);
		}
		return $map;
	}

	/**
	 * User meta keys present on this site that a person could mean to map: WordPress's internal
	 * keys (capabilities, sessions, screen options, ...) are left out.
	 *
	 * @return list<string>
	 */
	public static function user_meta_keys(): array {
		global $wpdb;
		$prefix = $wpdb->esc_like( $wpdb->get_blog_prefix() );
		$keys   = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT DISTINCT meta_key FROM {$wpdb->usermeta}
				WHERE meta_key NOT LIKE %s AND meta_key NOT LIKE %s AND meta_key NOT LIKE %s
				ORDER BY meta_key LIMIT 500",
				$prefix . '%',
				'\\_%',
				'session\\_tokens'
			)
		);
		$internal = array(
			'rich_editing',
			'syntax_highlighting',
			'comment_shortcuts',
			'admin_color',
			'use_ssl',
			'show_admin_bar_front',
			'locale',
			'dismissed_wp_pointers',
			'show_welcome_panel',
			'community-events-location',
			'default_password_nag',
			'session_tokens',
		);
		$core     = array_keys( self::core_user_fields() );
		return array_values( array_diff( array_map( 'strval', $keys ), $internal, $core ) );
	}

	/**
	 * Every user field that can be mapped: core fields first, then meta keys.
	 *
	 * @return array<string, array{label: string, kind: string}>
	 */
	public static function user_fields(): array {
		$fields = array();
		foreach ( self::core_user_fields() as $key => $label ) {
			$fields[ $key ] = array(
				'label' => $label,
				'kind'  => 'core',
			);
		}
		foreach ( self::user_meta_keys() as $key ) {
			$fields[ $key ] = array(
				'label' => $key,
				'kind'  => 'meta',
			);
		}
		return $fields;
	}
}
