<?php
/**
 * Bench only (copied into the bench site's mu-plugins by bench/sync.mjs; never shipped):
 *
 * 1. Logs every PHP request's peak memory and time to wp-content/utc-bench-requests.log (one
 *    JSON line each), so the bench counts HTTP requests and finds the largest PHP peak.
 * 2. MODELS of the tools people use today, written here to be measured on the same data:
 *    - CiviCRM's "Synchronize Users to Contacts" (CRM_Utils_System_WordPress::synchronizeUsers):
 *      one request loads every user with get_users(), then per user looks the email up and
 *      inserts contact, email and link with separate queries. CiviCRM's real tool does more
 *      per contact (its BAO layer, hooks, dedupe rules); this is the lean form of its design.
 *    - The CRM plugins' importers: 100 users per request (offset paging), the same per-row
 *      queries inside.
 *    Both follow R1 and R2 (skip invalid emails; candidates are unlinked individual contacts,
 *    primary holders first, then the lowest id) so the bench's check can judge them too.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

register_shutdown_function(
	static function (): void {
		$line = wp_json_encode(
			array(
				'method' => $_SERVER['REQUEST_METHOD'] ?? 'CLI',
				'uri'    => $_SERVER['REQUEST_URI'] ?? '',
				'peak'   => memory_get_peak_usage(),
				'real'   => memory_get_peak_usage( true ),
				'ms'     => isset( $_SERVER['REQUEST_TIME_FLOAT'] ) ? round( ( microtime( true ) - (float) $_SERVER['REQUEST_TIME_FLOAT'] ) * 1000, 1 ) : 0,
			)
		);
		file_put_contents( WP_CONTENT_DIR . '/utc-bench-requests.log', $line . "\n", FILE_APPEND | LOCK_EX );
	}
);

/**
 * One user the way the per-row tools handle it: up to one lookup of a link, one lookup of the
 * email, then one insert each for contact, email and link.
 *
 * @param WP_User $user   The user.
 * @param array   $counts Counts so far (checked, matched, created, skipped).
 */
function utc_bench_model_user( WP_User $user, array &$counts ): void {
	global $wpdb;
	$contacts = $wpdb->prefix . 'utc_contacts';
	$emails   = $wpdb->prefix . 'utc_contact_emails';
	$links    = $wpdb->prefix . 'utc_links';
	++$counts['checked'];
	$email = strtolower( trim( (string) $user->user_email ) );
	if ( '' === $email || ! is_email( $email ) ) {
		++$counts['skipped'];
		return;
	}
	// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table names.
	if ( $wpdb->get_var( $wpdb->prepare( "SELECT contact_id FROM {$links} WHERE user_id = %d", $user->ID ) ) ) {
		++$counts['matched'];
		return;
	}
	$contact_id = $wpdb->get_var(
		$wpdb->prepare(
			"SELECT m.contact_id FROM {$emails} m
			JOIN {$contacts} c ON c.id = m.contact_id AND c.type = 'individual' AND c.deleted_at IS NULL
			LEFT JOIN {$links} l ON l.contact_id = m.contact_id
			WHERE m.email = %s AND l.contact_id IS NULL
			ORDER BY m.is_primary DESC, m.contact_id LIMIT 1",
			$email
		)
	);
	// phpcs:enable
	$now = gmdate( 'Y-m-d H:i:s' );
	if ( $contact_id ) {
		$wpdb->insert( $links, array( 'user_id' => $user->ID, 'contact_id' => (int) $contact_id, 'sync_enabled' => 1, 'source' => 'user', 'origin' => 'matched', 'linked_at' => $now ) );
		++$counts['matched'];
		return;
	}
	$wpdb->insert( $contacts, array( 'type' => 'individual', 'display_name' => $email, 'notes' => '', 'created' => $now, 'modified' => $now ) );
	$contact_id = (int) $wpdb->insert_id;
	$wpdb->insert( $emails, array( 'contact_id' => $contact_id, 'email' => $email, 'is_primary' => 1, 'primary_of' => $contact_id ) );
	$wpdb->insert( $links, array( 'user_id' => $user->ID, 'contact_id' => $contact_id, 'sync_enabled' => 1, 'source' => 'user', 'origin' => 'created', 'linked_at' => $now ) );
	++$counts['created'];
}

add_action(
	'rest_api_init',
	static function (): void {
		$allowed = static fn() => current_user_can( 'manage_options' );
		// CiviCRM model: every user in this one request, or a sample of them: the blocks of 100
		// user ids whose number is a multiple of `every` (the bench's data varies along the ids,
		// so the first users alone would not be typical of the whole).
		register_rest_route(
			'utc-bench/v1',
			'/civicrm-model',
			array(
				'methods'             => 'POST',
				'permission_callback' => $allowed,
				'callback'            => static function ( WP_REST_Request $request ) {
					global $wpdb;
					$began  = microtime( true );
					$counts = array( 'checked' => 0, 'matched' => 0, 'created' => 0, 'skipped' => 0 );
					$query  = array( 'orderby' => 'ID', 'order' => 'ASC' );
					$every  = max( 1, (int) $request['every'] );
					if ( $every > 1 ) {
						$query['include'] = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->users} WHERE FLOOR(ID / 100) %% %d = 0 ORDER BY ID", $every ) ) );
					}
					foreach ( get_users( $query ) as $user ) {
						utc_bench_model_user( $user, $counts );
					}
					return array( 'counts' => $counts, 'seconds' => microtime( true ) - $began );
				},
			)
		);
		// Importer model: 100 users per request, offset paging (the bench asks for the pages it
		// samples); answers the first and last user id of its page.
		register_rest_route(
			'utc-bench/v1',
			'/importer-model',
			array(
				'methods'             => 'POST',
				'permission_callback' => $allowed,
				'callback'            => static function ( WP_REST_Request $request ) {
					$counts = array( 'checked' => 0, 'matched' => 0, 'created' => 0, 'skipped' => 0 );
					$users  = get_users( array( 'number' => 100, 'offset' => (int) $request['offset'], 'orderby' => 'ID', 'order' => 'ASC' ) );
					foreach ( $users as $user ) {
						utc_bench_model_user( $user, $counts );
					}
					return array(
						'counts'   => $counts,
						'first_id' => $users ? reset( $users )->ID : 0,
						'last_id'  => $users ? end( $users )->ID : 0,
					);
				},
			)
		);
	}
);

// Nothing but the method measured links users: no background processing on admin pages.
add_filter( 'users_to_contacts_background_processing', '__return_false' );
