<?php
/**
 * The operation contract between the sync engine and PHP, defined once.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Database\RunsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The JSON schema of POST /bulk/apply, built from one table of kinds and their fields
 * (FIELDS_BY_KIND). The validator reads each kind's fields from the built schema, and the
 * route serves the same schema (OPTIONS /users-to-contacts/v1/bulk/apply, under `schema`), so
 * what PHP accepts and what it publishes cannot differ.
 *
 * Where the per-kind contract is: the schema's custom top-level key `kinds`, an object with one
 * entry per kind, in the order a batch applies them, each `{ "required": [...], "optional":
 * [...] }` (field names; `kind` itself is implied). The TypeScript operation types
 * (src/engine/operations.ts) are checked against it by a contract test.
 */
final class OperationSchema {

	/**
	 * Most operations per batch; the other bulk routes take as many users, emails or contacts
	 * per request, so one page of users always fits one batch.
	 */
	public const MAX_BATCH = 5000;

	/**
	 * Every kind in the order a batch applies them (grouped by kind, not in request order:
	 * unlinks and deletions free users and contacts before links take them), with the fields
	 * it takes: the required ones, then the optional ones.
	 */
	private const FIELDS_BY_KIND = array(
		'skip'            => array( array( 'user_id', 'reason' ), array( 'contact_id', 'outcome' ) ),
		'unlink'          => array( array( 'user_id' ), array( 'outcome', 'reason' ) ),
		'delete_contact'  => array( array( 'contact_id' ), array( 'user_id', 'outcome', 'reason' ) ),
		'link'            => array( array( 'user_id', 'contact_id' ), array( 'origin', 'source', 'sync_enabled', 'on_behalf_of', 'outcome', 'reason' ) ),
		'create_and_link' => array( array( 'user_id', 'contact' ), array( 'source', 'sync_enabled', 'on_behalf_of', 'outcome', 'reason' ) ),
		'update_contact'  => array( array( 'contact_id' ), array( 'user_id', 'fields', 'add_emails', 'primary_email', 'outcome', 'reason' ) ),
		'update_user'     => array( array( 'user_id', 'fields' ), array( 'contact_id', 'on_behalf_of', 'outcome', 'reason' ) ),
		'touch_link'      => array( array( 'user_id' ), array( 'outcome', 'reason' ) ),
		'delete_user'     => array( array( 'user_id' ), array( 'reassign', 'on_behalf_of', 'outcome', 'reason' ) ),
		'request_email_confirmation' => array( array( 'user_id', 'email' ), array() ),
	);

	/**
	 * The kinds, in the order a batch applies them.
	 *
	 * @return list<string>
	 */
	public static function kinds(): array {
		return array_keys( self::FIELDS_BY_KIND );
	}

	/**
	 * The schema of POST /bulk/apply: the request body, the answer's fields (read-only), and
	 * `kinds`, the fields of each operation kind.
	 *
	 * @return array<string, mixed>
	 */
	public static function apply_schema(): array {
		$kinds = array();
		foreach ( self::FIELDS_BY_KIND as $kind => $fields ) {
			$kinds[ $kind ] = array(
				'required' => $fields[0],
				'optional' => $fields[1],
			);
		}
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-bulk-apply',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'run_id'     => array(
					'description' => __( 'Record a run item per user for this run and add to its counts (once per user).', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
				),
				'cursor'     => array(
					'description' => __( 'Store this cursor on the run in the same transaction.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 0,
				),
				'operations' => array(
					'description' => sprintf(
						/* translators: %s: operation kinds, comma-separated. */
						__( 'What to do; applied grouped by kind in this order: %s. The fields of each kind are under kinds.', 'users-to-contacts' ),
						implode( ', ', self::kinds() )
					),
					'type'        => 'array',
					'minItems'    => 1,
					'maxItems'    => self::MAX_BATCH,
					'required'    => true,
					'items'       => self::operation_schema(),
				),
				'results'    => array(
					'description' => __( 'Per operation: index, status (applied, already_applied, already_linked, refused), contact_id, reason; message, for a person, with a refusal.', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
				),
				'counts'     => array(
					'description' => __( 'The run\'s counts after the batch, or null without run_id.', 'users-to-contacts' ),
					'type'        => array( 'object', 'null' ),
					'readonly'    => true,
				),
				'tally'      => array(
					'description' => __( 'How many operations ended in each status.', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
				),
			),
			'kinds'                => $kinds,
		);
	}

	/**
	 * One operation: every field any kind takes (which kind takes which is checked by the
	 * validator from `kinds`).
	 *
	 * @return array<string, mixed>
	 */
	private static function operation_schema(): array {
		// Shapes only: values (lengths, emails, web addresses) are checked per operation by
		// OperationValidator, so one bad value refuses its operation, not the batch (R8).
		$contact = array();
		foreach ( array_keys( ContactsRepository::TEXT_COLUMNS ) as $column ) {
			$contact[ $column ] = array( 'type' => 'string' );
		}
		$contact['type']       = array(
			'type' => 'string',
			'enum' => ContactsRepository::TYPES,
		);
		$contact['birth_date'] = array( 'type' => array( 'string', 'null' ) );
		$id                    = array(
			'type'    => 'integer',
			'minimum' => 1,
		);
		$email                 = array( 'type' => 'string' );
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'kind'          => array(
					'type'     => 'string',
					'enum'     => self::kinds(),
					'required' => true,
				),
				'user_id'       => $id,
				'contact_id'    => $id,
				'reassign'      => $id,
				'on_behalf_of'  => array(
					'description' => __( 'The person whose change this is (who edited or deleted the contact): the change is applied only if both they and the runner may make it to the user (R7). Without it, the runner alone.', 'users-to-contacts' ),
				) + $id,
				'origin'        => array(
					'type' => 'string',
					'enum' => LinksRepository::ORIGINS,
				),
				'source'        => array(
					'type' => 'string',
					'enum' => LinksRepository::SOURCES,
				),
				'sync_enabled'  => array( 'type' => 'boolean' ),
				'contact'       => array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => $contact + array( 'email' => $email ),
				),
				'fields'        => array(
					'type'                 => 'object',
					'maxProperties'        => 100,
					'additionalProperties' => array( 'type' => array( 'string', 'null' ) ),
				),
				'add_emails'    => array(
					'type'     => 'array',
					'items'    => $email,
					'maxItems' => 20,
				),
				'primary_email' => $email,
				'email'         => $email,
				'outcome'       => array(
					'type' => 'string',
					'enum' => RunsRepository::OUTCOMES,
				),
				'reason'        => array(
					'type'      => 'string',
					'minLength' => 1,
					'maxLength' => 255,
				),
			),
		);
	}
}
