/**
 * Many linked users at once, written with set-based SQL inside the test site (as bench/sync.mjs
 * seeds): users with a first name and an `academic_title` meta, each linked (switch on, the user
 * as source) to a contact with only its email and display name.
 */
import { runPhp } from './site';

export interface LinkedUser {
	userId: number;
	contactId: number;
	login: string;
}

/**
 * @param count  How many.
 * @param prefix Logins are `<prefix><n>`: letters and digits only (it is matched with LIKE).
 */
export function seedLinkedUsers( count: number, prefix: string ): LinkedUser[] {
	if ( ! /^[a-z0-9]+$/i.test( prefix ) ) {
		throw new Error( `Use letters and digits for the prefix: ${ prefix }` );
	}
	const output = runPhp( `
		global $wpdb;
		$contacts = \\UsersToContacts\\Database\\Schema::table( 'contacts' );
		$emails   = \\UsersToContacts\\Database\\Schema::table( 'contact_emails' );
		$links    = \\UsersToContacts\\Database\\Schema::table( 'links' );
		$like     = '${ prefix }%';
		$caps     = $wpdb->get_blog_prefix() . 'capabilities';
		$ran      = array(
			"INSERT INTO {$wpdb->users} (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
				SELECT CONCAT('${ prefix }', seq), '', CONCAT('${ prefix }', seq), CONCAT('${ prefix }', seq, '@example.com'), UTC_TIMESTAMP(), CONCAT('${ prefix }', seq) FROM seq_1_to_${ count }",
			$wpdb->prepare( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT ID, %s, 'a:1:{s:10:\\"subscriber\\";b:1;}' FROM {$wpdb->users} WHERE user_login LIKE %s", $caps, $like ),
			$wpdb->prepare( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT ID, 'first_name', CONCAT('First', ID) FROM {$wpdb->users} WHERE user_login LIKE %s", $like ),
			$wpdb->prepare( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT ID, 'academic_title', 'Dr.' FROM {$wpdb->users} WHERE user_login LIKE %s", $like ),
			$wpdb->prepare( "INSERT INTO {$contacts} (type, display_name, notes, created, modified) SELECT 'individual', user_login, '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM {$wpdb->users} WHERE user_login LIKE %s", $like ),
			$wpdb->prepare( "INSERT INTO {$emails} (contact_id, email, is_primary, primary_of) SELECT c.id, u.user_email, 1, c.id FROM {$contacts} c JOIN {$wpdb->users} u ON u.user_login = c.display_name WHERE u.user_login LIKE %s", $like ),
			$wpdb->prepare( "INSERT INTO {$links} (user_id, contact_id, sync_enabled, source, origin, linked_at) SELECT u.ID, c.id, 1, 'user', 'created', UTC_TIMESTAMP() FROM {$contacts} c JOIN {$wpdb->users} u ON u.user_login = c.display_name WHERE u.user_login LIKE %s", $like ),
		);
		foreach ( $ran as $sql ) {
			if ( false === $wpdb->query( $sql ) ) {
				fwrite( STDERR, $wpdb->last_error );
				exit( 1 );
			}
		}
		echo wp_json_encode( $wpdb->get_results( $wpdb->prepare( "SELECT u.ID AS userId, l.contact_id AS contactId, u.user_login AS login FROM {$wpdb->users} u JOIN {$links} l ON l.user_id = u.ID WHERE u.user_login LIKE %s ORDER BY u.ID", $like ) ) );
	` );
	const rows = JSON.parse( output ) as Array< Record< string, string > >;
	return rows.map( ( row ) => ( {
		userId: Number( row.userId ),
		contactId: Number( row.contactId ),
		login: String( row.login ),
	} ) );
}
