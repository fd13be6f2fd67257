<?php
/**
 * The JSON schemas of the runs routes.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Runs;

use UsersToContacts\Database\RunsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What /runs, /runs/{id} and /runs/{id}/items accept and answer.
 */
final class RunSchema {

	/**
	 * Query parameters of GET /runs.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function collection_params(): array {
		return array(
			'page'     => array(
				'description' => __( 'The page of results.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
				'maximum'     => 1000000,
			),
			'per_page' => array(
				'description' => __( 'Runs per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'kind'     => array(
				'description' => __( 'Only runs of this tool.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::KINDS,
			),
			'status'   => array(
				'description' => __( 'Only runs with this status.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::STATUSES,
			),
		);
	}

	/**
	 * Query parameters of GET /runs/{id}/items.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function item_collection_params(): array {
		return array(
			'page'     => array(
				'description' => __( 'The page of results.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
				'maximum'     => 10000000,
			),
			'per_page' => array(
				'description' => __( 'Items per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 50,
				'minimum'     => 1,
				'maximum'     => 1000,
			),
			'outcome'  => array(
				'description' => __( 'Only items with this outcome.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => RunsRepository::OUTCOMES,
			),
		);
	}

	/**
	 * The run schema. kind and dry_run are set when it starts; status and cursor change later.
	 *
	 * @return array<string, mixed>
	 */
	public static function item(): array {
		$count = array(
			'type'    => 'integer',
			'minimum' => 0,
		);
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-run',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'id'         => array(
					'description' => __( 'The run id.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'kind'       => array(
					'description' => __( 'sync_users (Synchronize Users to Contacts) or resync_all (Update all synchronized users).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::KINDS,
					'required'    => true,
				),
				'status'     => array(
					'description' => __( 'running, paused, completed, cancelled or failed.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::STATUSES,
				),
				'dry_run'    => array(
					'description' => __( 'Report what would happen without changing anything.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'cursor'     => array(
					'description' => __( 'The last user id handled; the run resumes after it.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 0,
				),
				'total'      => array(
					'description' => __( 'Users on the site when the run started.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'counts'     => array(
					'description' => __( 'Users checked, and how many were matched, created, skipped and updated.', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'checked' => $count,
						'matched' => $count,
						'created' => $count,
						'skipped' => $count,
						'updated' => $count,
					),
				),
				'progress'   => array(
					'description' => __( 'From 0 to 1.', 'users-to-contacts' ),
					'type'        => 'number',
					'readonly'    => true,
				),
				'summary'    => array(
					'description' => __( 'What the run did, in one sentence.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'started'    => array(
					'description' => __( 'When it started (UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'finished'   => array(
					'description' => __( 'When it completed, was cancelled or failed (UTC).', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'started_by' => array(
					'description' => __( 'The id of the user who started it.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The run item schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function run_item(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-run-item',
			'type'       => 'object',
			'properties' => array(
				'id'         => array(
					'type'     => 'integer',
					'readonly' => true,
				),
				'user_id'    => array(
					'description' => __( 'The user handled.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'contact_id' => array(
					'description' => __( 'The contact matched, created or updated, if any.', 'users-to-contacts' ),
					'type'        => array( 'integer', 'null' ),
					'readonly'    => true,
				),
				'outcome'    => array(
					'description' => __( 'matched, created, skipped, updated, unlinked or deleted.', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => RunsRepository::OUTCOMES,
					'readonly'    => true,
				),
				'reason'     => array(
					'description' => __( 'Why, for skipped users and ambiguous matches.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'created'    => array(
					'type'     => 'string',
					'format'   => 'date-time',
					'readonly' => true,
				),
			),
		);
	}
}
