<?php
/**
 * The JSON schemas of the event outbox's routes.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Events;

use UsersToContacts\Database\EventsRepository;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What /events, /events/counts, /events/claim, /events/ack and /events/heartbeat accept and
 * answer.
 */
final class EventSchema {

	/**
	 * The event schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function item(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => self::event_properties(),
		);
	}

	/**
	 * Query parameters of GET /events.
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
				'description' => __( 'Events per page.', 'users-to-contacts' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'status'   => array(
				'description' => __( 'Only events with this status.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventsRepository::STATUSES,
			),
			'type'     => array(
				'description' => __( 'Only events of this type.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventRecorder::TYPES,
			),
			'user_id'  => array(
				'description' => __( 'Only events about this user.', 'users-to-contacts' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
		);
	}

	/**
	 * The fields of an event.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function event_properties(): array {
		$date = array(
			'type'     => array( 'string', 'null' ),
			'format'   => 'date-time',
			'readonly' => true,
		);
		return array(
			'id'           => array(
				'description' => __( 'The event id.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'type'         => array(
				'description' => __( 'What happened.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventRecorder::TYPES,
				'readonly'    => true,
			),
			'user_id'      => array(
				'description' => __( 'The user it happened to.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'actor_id'     => array(
				'description' => __( 'Who made it happen: the user whose request recorded it (0 when no one was logged in). What it carries to a user is applied only with this person\'s rights.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'payload'      => array(
				'description' => __( 'Details: email and login; old_email for updates; reassign for deletions.', 'users-to-contacts' ),
				'type'        => 'object',
				'readonly'    => true,
			),
			'created'      => array( 'description' => __( 'When it happened (UTC).', 'users-to-contacts' ) ) + $date,
			'status'       => array(
				'description' => __( 'pending, processed or failed.', 'users-to-contacts' ),
				'type'        => 'string',
				'enum'        => EventsRepository::STATUSES,
				'readonly'    => true,
			),
			'attempts'     => array(
				'description' => __( 'How many times a runner claimed it.', 'users-to-contacts' ),
				'type'        => 'integer',
				'readonly'    => true,
			),
			'will_retry'   => array(
				'description' => __( 'Whether a runner can still claim it.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'error'        => array(
				'description' => __( 'The last error a runner reported.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'readonly'    => true,
			),
			'claimed'      => array(
				'description' => __( 'Whether a runner holds it right now.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'available_at' => array( 'description' => __( 'When a lease or retry delay ends; null when claimable now.', 'users-to-contacts' ) ) + $date,
			'processed_at' => array( 'description' => __( 'When a runner acknowledged it as processed.', 'users-to-contacts' ) ) + $date,
		);
	}

	/**
	 * The schema of GET /events/counts.
	 *
	 * @return array<string, mixed>
	 */
	public static function counts(): array {
		$count = array(
			'type'     => 'integer',
			'readonly' => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'users-to-contacts-event-counts',
			'type'       => 'object',
			'properties' => array(
				'pending'   => $count,
				'failed'    => $count,
				'processed' => $count,
			),
		);
	}

	/**
	 * The schema of POST /events/claim: the request fields, and the answer (readonly).
	 *
	 * @return array<string, mixed>
	 */
	public static function claim(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event-claim',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'limit'         => array(
					'description' => __( 'How many events to claim at most.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => 1000,
					'default'     => 100,
				),
				'lease_seconds' => array(
					'description' => __( 'How long the claim holds the events.', 'users-to-contacts' ),
					'type'        => 'integer',
					'minimum'     => 5,
					'maximum'     => 600,
					'default'     => 60,
				),
				'claim_token'   => array(
					'description' => __( 'The token to acknowledge the events with. A runner may choose it (32 hex characters): the same claim sent again, its answer lost, answers the events that token holds instead of claiming others.', 'users-to-contacts' ),
					'type'        => 'string',
					'pattern'     => '^[0-9a-f]{32}$',
				),
				'lease_until'   => array(
					'description' => __( 'When the lease ends (UTC); null when nothing was claimed.', 'users-to-contacts' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'events'        => array(
					'description' => __( 'The claimed events, oldest first.', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => self::event_properties(),
					),
				),
				'settings'      => array(
					'description' => __( 'The settings, as GET /settings gives them (absent when nothing was claimed).', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
				),
				'users'         => array(
					'description' => __( 'The claimed events\' users that still exist, as GET /bulk/users gives them, with the fields the field map reads (absent when nothing was claimed).', 'users-to-contacts' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array( 'type' => 'object' ),
				),
				'candidates'    => array(
					'description' => __( 'For every valid email of the unlinked users: the contacts holding it, as POST /bulk/contacts-by-emails gives them ([] for none; absent when nothing was claimed).', 'users-to-contacts' ),
					'type'        => 'object',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The schema of POST /events/ack.
	 *
	 * @return array<string, mixed>
	 */
	public static function ack(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-event-ack',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'claim_token' => array(
					'description' => __( 'The token the events were claimed with.', 'users-to-contacts' ),
					'type'        => 'string',
					'pattern'     => '^[0-9a-f]{32}$',
					'required'    => true,
				),
				'processed'   => array(
					'description' => __( 'Ids of events handled successfully; in the answer, those acknowledged.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'maxItems'    => 1000,
					'default'     => array(),
				),
				'failed'      => array(
					'description' => __( 'Events that could not be handled, each with the reason; in the answer, the ids acknowledged as failed.', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'    => array(
								'type'     => 'integer',
								'minimum'  => 1,
								'required' => true,
							),
							'error' => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => 2000,
								'required'  => true,
							),
							'retry' => array(
								'description' => __( 'False for a refusal another attempt would only repeat (such as a person\'s missing right): the event stays failed and is not claimed again.', 'users-to-contacts' ),
								'type'        => 'boolean',
								'default'     => true,
							),
						),
					),
					'maxItems'    => 1000,
					'default'     => array(),
				),
				'not_held'    => array(
					'description' => __( 'Ids this token does not hold (left unchanged).', 'users-to-contacts' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'integer' ),
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The schema of /events/heartbeat (POST fields; GET answers a list of these).
	 *
	 * @return array<string, mixed>
	 */
	public static function heartbeat(): array {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-heartbeat',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'runner'      => array(
					'description' => __( 'A stable id of the runner, such as host name and process.', 'users-to-contacts' ),
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => 64,
					'pattern'     => '^[A-Za-z0-9._:@-]+$',
					'required'    => true,
				),
				'kind'        => array(
					'description' => __( 'sidecar (the Node watcher) or browser (an admin screen).', 'users-to-contacts' ),
					'type'        => 'string',
					'enum'        => array( 'sidecar', 'browser' ),
					'required'    => true,
				),
				'stopping'    => array(
					'description' => __( 'The runner is stopping: it no longer counts as alive.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'stopped'     => array(
					'description' => __( 'The runner said it stopped.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
				'last_seen'   => array(
					'description' => __( 'The last heartbeat (UTC).', 'users-to-contacts' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'seconds_ago' => array(
					'description' => __( 'Seconds since the last heartbeat.', 'users-to-contacts' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'alive'       => array(
					'description' => __( 'Heard from in the last minute.', 'users-to-contacts' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
	}
}
