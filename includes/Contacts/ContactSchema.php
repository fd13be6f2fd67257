<?php
/**
 * The JSON schema of a contact and the query parameters of the contacts list.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Contacts;

use UsersToContacts\Database\ContactsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What GET /contacts answers and what POST/PUT/PATCH accept (all but the readonly fields), with
 * the validators of the fields WordPress's schema checks cannot express (ContactInput).
 */
final class ContactSchema {

	/**
	 * Largest page of the list.
	 */
	public const MAX_PER_PAGE = 500;

	/**
	 * Most emails one contact may have.
	 */
	public const MAX_EMAILS = 100;

	/**
	 * The contact schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function item(): array {
		$text = static function ( string $description, int $max_length, string $format = 'text-field' ): array {
			return array(
				'description' => $description,
				'type'        => 'string',
				'maxLength'   => $max_length,
				'format'      => $format,
			);
		};
		$size = ContactsRepository::TEXT_COLUMNS;

		$properties = array(
			'id'                => array(
				'description' => __( 'Unique identifier of the contact.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'type'              => array(
				'description' => __( 'Kind of contact.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => ContactsRepository::TYPES,
				'default'     => 'individual',
			),
			'prefix'            => $text( __( 'Name prefix, such as Dr.', 'users-to-contacts' ), $size['prefix'] ),
			'first_name'        => $text( __( 'First name.', 'users-to-contacts' ), $size['first_name'] ),
			'middle_name'       => $text( __( 'Middle name.', 'users-to-contacts' ), $size['middle_name'] ),
			'last_name'         => $text( __( 'Last name.', 'users-to-contacts' ), $size['last_name'] ),
			'display_name'      => $text( __( 'Name shown in lists. When empty: first and last name for individuals, the organization name for organizations and households.', 'users-to-contacts' ), $size['display_name'] ),
			'nickname'          => $text( __( 'Nickname.', 'users-to-contacts' ), $size['nickname'] ),
			'organization_name' => $text( __( 'Organization (or household) name.', 'users-to-contacts' ), $size['organization_name'] ),
			'job_title'         => $text( __( 'Job title.', 'users-to-contacts' ), $size['job_title'] ),
			'birth_date'        => array(
				'description' => __( 'Birth date as YYYY-MM-DD, or null.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'format'      => 'date',
				'pattern'     => '^\d{4}-\d{2}-\d{2}$',
				'arg_options' => array(
					'validate_callback' => array( ContactInput::class, 'validate_birth_date' ),
					'sanitize_callback' => static fn ( $value ) => $value,
				),
			),
			'emails'            => self::emails_property(),
			'email'             => array(
				'description' => __( 'The primary email, or null when the contact has none. Writing it makes it the primary; the previous primary stays as a non-primary email.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'format'      => 'email',
				'maxLength'   => ContactsRepository::EMAIL_MAX_LENGTH,
				'arg_options' => array(
					'validate_callback' => array( ContactInput::class, 'validate_email' ),
					'sanitize_callback' => array( ContactInput::class, 'sanitize_email' ),
				),
			),
			'phone'             => $text( __( 'Phone number.', 'users-to-contacts' ), $size['phone'] ),
			'website'           => array(
				'description' => __( 'Website, starting with http:// or https://.', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'uri',
				'maxLength'   => $size['website'],
				'arg_options' => array(
					'validate_callback' => array( ContactInput::class, 'validate_website' ),
					'sanitize_callback' => static fn ( $value ): string => '' === trim( (string) $value ) ? '' : esc_url_raw( trim( (string) $value ), array( 'http', 'https' ) ),
				),
			),
			'street_address'    => $text( __( 'Street address.', 'users-to-contacts' ), $size['street_address'] ),
			'city'              => $text( __( 'City.', 'users-to-contacts' ), $size['city'] ),
			'postal_code'       => $text( __( 'Postal code.', 'users-to-contacts' ), $size['postal_code'] ),
			'country'           => $text( __( 'Country.', 'users-to-contacts' ), $size['country'] ),
			'notes'             => $text( __( 'Notes (plain text, several lines).', 'users-to-contacts' ), $size['notes'], 'textarea-field' ),
		);

		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-contact',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array_merge( $properties, self::read_only_properties() ),
		);
	}

	/**
	 * The `emails` field: the whole list, validated and normalised by ContactInput.
	 *
	 * @return array<string, mixed>
	 */
	public static function emails_property(): array {
		return array(
			'description' => __( 'All emails of the contact; exactly one is primary when there are any. Writing it replaces the list.', 'users-to-contacts' ),
			'type'        => 'array',
			'maxItems'    => self::MAX_EMAILS,
			'items'       => array(
				'type'                 => 'object',
				'additionalProperties' => false,
				'properties'           => array(
					'email'   => array(
						'description' => __( 'Email address (stored trimmed and in lower case).', 'users-to-contacts' ),
						'type'        => 'string',
						'format'      => 'email',
						'maxLength'   => ContactsRepository::EMAIL_MAX_LENGTH,
						'required'    => true,
					),
					'primary' => array(
						'description' => __( 'Whether this is the primary email.', 'users-to-contacts' ),
						'type'        => 'boolean',
						'default'     => false,
					),
				),
			),
			'arg_options' => array(
				'validate_callback' => array( ContactInput::class, 'validate_emails' ),
				'sanitize_callback' => array( ContactInput::class, 'sanitize_emails' ),
			),
		);
	}

	/**
	 * The fields only answers carry: the link, its user, the lock, the times.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function read_only_properties(): array {
		return array(
			'user'           => array(
				'description' => __( 'The WordPress user linked to the contact, or null.', 'users-to-contacts' ),
				'type'        => array( 'object', 'null' ),
				'readonly'    => true,
				'properties'  => array(
					'id'           => array( 'type' => 'integer' ),
					'login'        => array( 'type' => 'string' ),
					'display_name' => array( 'type' => 'string' ),
				),
			),
			'locked'         => array(
				'description' => __( 'True when the linked user is the active source (link source "user", sync on): the contact cannot be edited or deleted here.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'link'           => array(
				'description' => __( 'The link to the user, or null (see /links).', 'users-to-contacts' ),
				'type'        => array( 'object', 'null' ),
				'readonly'    => true,
				'properties'  => array(
					'source'         => array(
						'type' => 'string',
						'enum' => array( 'user', 'contact' ),
					),
					'sync_enabled'   => array( 'type' => 'boolean' ),
					'origin'         => array(
						'type' => 'string',
						'enum' => array( 'matched', 'created', 'manual' ),
					),
					'linked_at'      => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
					'last_synced_at' => array(
						'type'   => array( 'string', 'null' ),
						'format' => 'date-time',
					),
				),
			),
			'former_user_id' => array(
				'description' => __( 'The user this contact belonged to before the link was removed, or null.', 'users-to-contacts' ),
				'type'        => array( 'integer', 'null' ),
				'readonly'    => true,
			),
			'created'        => array(
				'description' => __( 'When the contact was created (ISO 8601, UTC).', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'date-time',
				'readonly'    => true,
			),
			'modified'       => array(
				'description' => __( 'When the contact last changed (ISO 8601, UTC).', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'date-time',
				'readonly'    => true,
			),
			'modified_by'    => array(
				'description' => __( 'The person who last changed the contact in Contacts or My details (0: only the sync has written it). What the contact carries to its user is applied only with this person\'s rights.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'created_by_run' => array(
				'description' => __( 'The run that created the contact, or null.', 'users-to-contacts' ),
				'type'        => array( 'integer', 'null' ),
				'readonly'    => true,
			),
			'deleted'        => array(
				'description' => __( 'True in the answer to a DELETE.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'user_deletion'  => UserDeletion::schema(),
		);
	}

	/**
	 * The answer of GET /contacts/counts: the numbers the list's views show.
	 *
	 * @return array<string, mixed>
	 */
	public static function counts(): array {
		$count = static fn ( string $description ): array => array(
			'description' => $description,
			'type'        => 'integer',
			'minimum'     => 0,
			'readonly'    => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-contact-counts',
			'type'       => 'object',
			'properties' => array(
				'all'        => $count( __( 'Contacts (not deleted).', 'users-to-contacts' ) ),
				'linked'     => $count( __( 'Contacts linked to a user.', 'users-to-contacts' ) ),
				'not_linked' => $count( __( 'Contacts linked to no user.', 'users-to-contacts' ) ),
			),
		);
	}

	/**
	 * The list's query parameters.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function collection_params(): array {
		// No `format`: WordPress would refuse a day (YYYY-MM-DD) as not a date-time.
		$date = static fn ( string $description ): array => array(
			'description'       => $description,
			'type'              => 'string',
			'validate_callback' => array( ContactInput::class, 'validate_date_bound' ),
		);
		return array(
			'page'            => array(
				'description' => __( 'Page of the list, from 1.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page'        => array(
				'description' => __( 'Contacts per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => self::MAX_PER_PAGE,
			),
			'search'          => array(
				'description' => __( 'Part of a name or of any email of the contact (any case).', 'users-to-contacts' ),
				'type'        => 'string',
				'maxLength'   => 255,
			),
			'type'            => array(
				'description' => __( 'Only contacts of this type.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => ContactsRepository::TYPES,
			),
			'linked'          => array(
				'description' => __( 'true: only contacts linked to a user; false: only contacts without a link.', 'users-to-contacts' ),
				'type'        => 'boolean',
			),
			'created_after'   => $date( __( 'Only contacts created at or after this time (ISO 8601), or from the start of this day in the site\'s time zone (YYYY-MM-DD).', 'users-to-contacts' ) ),
			'created_before'  => $date( __( 'Only contacts created at or before this time (ISO 8601), or up to the end of this day in the site\'s time zone (YYYY-MM-DD).', 'users-to-contacts' ) ),
			'modified_after'  => $date( __( 'Only contacts modified at or after this time (ISO 8601), or from the start of this day in the site\'s time zone (YYYY-MM-DD).', 'users-to-contacts' ) ),
			'modified_before' => $date( __( 'Only contacts modified at or before this time (ISO 8601), or up to the end of this day in the site\'s time zone (YYYY-MM-DD).', 'users-to-contacts' ) ),
			'run'             => array(
				'description' => __( 'Only contacts created by this run.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'orderby'         => array(
				'description' => __( 'Sort by.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => array_keys( ContactsRepository::ORDER_BY ),
				'default'     => 'id',
			),
			'order'           => array(
				'description' => __( 'Sort direction.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => array( 'asc', 'desc' ),
				'default'     => 'asc',
			),
		);
	}
}
