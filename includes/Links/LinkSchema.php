<?php
/**
 * The JSON schema of a link and the query parameters of the links list.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Links;

use UsersToContacts\Database\LinksRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What /links answers and accepts.
 */
final class LinkSchema {

	/**
	 * Largest page of the list.
	 */
	public const MAX_PER_PAGE = 500;

	/**
	 * Fields POST accepts.
	 */
	public const CREATABLE = array( 'user_id', 'contact_id', 'sync_enabled', 'source' );

	/**
	 * Fields PUT/PATCH may change.
	 */
	public const UPDATABLE = array( 'sync_enabled', 'source' );

	/**
	 * The link schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function item(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-link',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'user_id'        => array(
					'description' => __( 'The linked WordPress user (one link per user).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'contact_id'     => array(
					'description' => __( 'The linked contact (one link per contact).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'required'    => true,
				),
				'sync_enabled'   => array(
					'description' => __( 'The per-user switch "Synchronize user to contact".', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => true,
				),
				'source'         => array(
					'description' => __( 'The active data source: "user" (the contact follows the user and is read-only) or "contact" (the user follows the contact).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => LinksRepository::SOURCES,
					'default'     => 'user',
				),
				'origin'         => array(
					'description' => __( 'How the link was made: matched by email, created with a new contact, or manual.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => LinksRepository::ORIGINS,
					'readonly'    => true,
				),
				'linked_at'      => array(
					'description' => __( 'When the link was made (ISO 8601, UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'last_synced_at' => array(
					'description' => __( 'When the sync last applied changes over this link (ISO 8601, UTC), or null.', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'deleted'        => array(
					'description' => __( 'True in the answer to a DELETE.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function collection_params(): array {
		return array(
			'page'         => array(
				'description' => __( 'Page of the list, from 1.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page'     => array(
				'description' => __( 'Links per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => self::MAX_PER_PAGE,
			),
			'user_id'      => array(
				'description' => __( 'Only the link of this user.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'contact_id'   => array(
				'description' => __( 'Only the link of this contact.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'include'      => array(
				'description' => __( 'Only the links of these users (comma-separated ids), for runners that look up many at once.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => self::MAX_PER_PAGE,
			),
			'source'       => array(
				'description' => __( 'Only links with this active source.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => LinksRepository::SOURCES,
			),
			'sync_enabled' => array(
				'description' => __( 'Only links with sync on (true) or off (false).', 'users-to-contacts' ),
				'type'        => 'boolean',
			),
		);
	}
}
