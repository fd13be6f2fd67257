<?php
/**
 * Keeps the event outbox from growing without end.
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
 * Once a day (WP-Cron), processed events older than 30 days are deleted. Pending and failed
 * events stay, so nothing that still needs attention is ever lost.
 */
final class EventPruning {

	public const HOOK = 'users_to_contacts_prune_events';

	/**
	 * Processed events are kept this many days (filter `users_to_contacts_event_retention_days`).
	 */
	public const RETENTION_DAYS = 30;

	/**
	 * Hooks the daily job and schedules it when it is not scheduled yet.
	 */
	public static function register(): void {
		add_action( self::HOOK, array( self::class, 'prune' ) );
		add_action( 'init', array( self::class, 'schedule' ) );
	}

	/**
	 * Schedules the daily job (cheap when it is scheduled already).
	 */
	public static function schedule(): void {
		if ( ! wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::HOOK );
		}
	}

	/**
	 * Removes the job (plugin deactivation).
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * The job: deletes old processed events.
	 *
	 * @return int How many were deleted.
	 */
	public static function prune(): int {
		$days = (int) apply_filters( 'users_to_contacts_event_retention_days', self::RETENTION_DAYS );
		return ( new EventsRepository() )->prune_processed( max( 1, $days ) );
	}
}
