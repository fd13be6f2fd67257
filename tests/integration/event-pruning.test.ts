/**
 * The outbox does not grow without end: a daily job removes old processed events, and only those.
 */
import { runPhp } from '../support/site';

describe( 'event pruning', () => {
	it( 'is scheduled daily and deletes only processed events older than 30 days', () => {
		const output = runPhp( `
			global $wpdb;
			$table = $wpdb->prefix . 'utc_events';
			$insert = function ( $created, $processed, $error = null ) use ( $wpdb, $table ) {
				$wpdb->insert( $table, array( 'type' => 'user_logged_in', 'user_id' => 1, 'payload' => '{}', 'created' => $created, 'processed_at' => $processed, 'error' => $error ) );
				return (int) $wpdb->insert_id;
			};
			$old     = gmdate( 'Y-m-d H:i:s', time() - 40 * DAY_IN_SECONDS );
			$recent  = gmdate( 'Y-m-d H:i:s', time() - 1 * DAY_IN_SECONDS );
			$ids = array(
				'old_processed'    => $insert( $old, $old ),
				'recent_processed' => $insert( $recent, $recent ),
				'old_pending'      => $insert( $old, null ),
				'old_failed'       => $insert( $old, null, 'database is down' ),
			);
			do_action( 'users_to_contacts_prune_events' );
			$left = array();
			foreach ( $ids as $name => $id ) {
				$left[ $name ] = (bool) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE id = %d", $id ) );
			}
			echo wp_json_encode( array( 'left' => $left, 'scheduled' => (bool) wp_next_scheduled( 'users_to_contacts_prune_events' ) ) );
		` );
		expect( JSON.parse( output ) ).toEqual( {
			left: {
				old_processed: false,
				recent_processed: true,
				old_pending: true,
				old_failed: true,
			},
			scheduled: true,
		} );
	} );
} );
