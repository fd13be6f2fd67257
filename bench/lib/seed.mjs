/**
 * Realistic data, seeded set-based in MariaDB (a million users in about a minute), and a
 * snapshot of the plugin's tables so every method starts from the same state.
 *
 * Users u1..uN (ids follow the admin's), by i % 100:
 *   0        no usable email: '' , 'not-an-email-i' or 'x@y.z' (too short for is_email): 1 %
 *   1..5     'User<i>@Example.COM' (other letter case)
 *   6..8     '  user<i>@example.com ' (spaces around it)
 *   else     'user<i>@example.com'
 * Every user has first and last name and four billing_* meta keys (for the mapped run).
 *
 * Contacts 1..C (C = 0.6 N), contact j beside user j, by r = j % 100:
 *   type     r % 20 < 3 organization (15 %), r % 20 = 3 household (5 %), else individual
 *   an individual with r % 3 != 0 holds user j's email (two thirds of the individuals):
 *            as its primary, or only as a secondary when r % 10 = 7
 *   r = 1    an organization holding user j's email: no candidate (R2), user j gets a new one
 *   r = 51   also holds user (j-1)'s email, as primary: two contacts share it (R2 ambiguity, 1 %);
 *            when (j div 100) is odd contact j-1 holds it only as a secondary (the primary
 *            holder j wins), else both hold it as primary (the lower id, j-1, wins)
 *   others   'contact<j>@example.org', an address no user has
 *   r in 4, 5, 13: already linked to user j (about 2 % of the users)
 */
import { sql } from './db.mjs';

const SEED_TABLES = [ 'contacts', 'contact_emails', 'links' ];
const WORK_TABLES = [
	'contacts',
	'contact_emails',
	'links',
	'runs',
	'run_items',
	'events',
];

export const META_KEYS = [
	'first_name',
	'last_name',
	'billing_phone',
	'billing_city',
	'billing_postcode',
	'billing_country',
];

export function seed( state, users ) {
	const contacts = Math.round( users * 0.6 );
	const userEmail = ( j ) => `CONCAT('user', ${ j }, '@example.com')`;
	sql(
		state,
		`SET SESSION unique_checks = 0;
		 INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
		 SELECT CONCAT('u', seq), '', CONCAT('u', seq),
		   CASE
		     WHEN seq % 100 = 0 THEN ELT(1 + (seq DIV 100) % 3, '', CONCAT('not-an-email-', seq), 'x@y.z')
		     WHEN seq % 100 BETWEEN 1 AND 5 THEN CONCAT('User', seq, '@Example.COM')
		     WHEN seq % 100 BETWEEN 6 AND 8 THEN CONCAT('  user', seq, '@example.com ')
		     ELSE ${ userEmail( 'seq' ) }
		   END,
		   UTC_TIMESTAMP(), CONCAT('First', seq, ' Last', seq)
		 FROM seq_1_to_${ users };
		 INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
		 SELECT u.ID, k.meta_key, CASE k.meta_key
		     WHEN 'wp_capabilities' THEN 'a:1:{s:10:"subscriber";b:1;}'
		     WHEN 'first_name' THEN CONCAT('First', SUBSTRING(u.user_login, 2))
		     WHEN 'last_name' THEN CONCAT('Last', SUBSTRING(u.user_login, 2))
		     WHEN 'billing_phone' THEN CONCAT('+1 555 ', LPAD(SUBSTRING(u.user_login, 2) % 10000000, 7, '0'))
		     WHEN 'billing_city' THEN ELT(1 + u.ID % 5, 'Lyon', 'Leeds', 'Lagos', 'Lima', 'Linz')
		     WHEN 'billing_postcode' THEN LPAD(u.ID % 100000, 5, '0')
		     ELSE ELT(1 + u.ID % 4, 'France', 'United Kingdom', 'Nigeria', 'Peru')
		   END
		 FROM wp_users u
		 JOIN (SELECT 'wp_capabilities' AS meta_key ${ META_KEYS.map(
				( key ) => `UNION ALL SELECT '${ key }'`
			).join( ' ' ) }) k
		 WHERE u.user_login LIKE 'u%';
		 INSERT INTO wp_utc_contacts (id, type, first_name, display_name, organization_name, notes, created, modified)
		 SELECT seq,
		   CASE WHEN seq % 20 < 3 THEN 'organization' WHEN seq % 20 = 3 THEN 'household' ELSE 'individual' END,
		   IF(seq % 20 < 4, '', CONCAT('Contact', seq)), CONCAT('Contact ', seq),
		   IF(seq % 20 < 3, CONCAT('Company ', seq), ''), '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
		 FROM seq_1_to_${ contacts };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT seq,
		   CASE
		     WHEN seq % 100 = 51 THEN ${ userEmail( 'seq - 1' ) }
		     WHEN seq % 100 = 50 AND (seq DIV 100) % 2 = 1 THEN CONCAT('contact', seq, '@example.org')
		     WHEN seq % 100 = 1 THEN ${ userEmail( 'seq' ) }
		     WHEN seq % 20 >= 4 AND seq % 100 % 3 != 0 AND seq % 10 = 7 THEN CONCAT('contact', seq, '@example.org')
		     WHEN seq % 20 >= 4 AND seq % 100 % 3 != 0 THEN ${ userEmail( 'seq' ) }
		     ELSE CONCAT('contact', seq, '@example.org')
		   END, 1, seq
		 FROM seq_1_to_${ contacts };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT seq, ${ userEmail( 'seq' ) }, 0, NULL FROM seq_1_to_${ contacts }
		 WHERE (seq % 100 = 50 AND (seq DIV 100) % 2 = 1)
		    OR (seq % 20 >= 4 AND seq % 100 % 3 != 0 AND seq % 10 = 7 AND seq % 100 != 51);
		 INSERT INTO wp_utc_links (user_id, contact_id, sync_enabled, source, origin, linked_at)
		 SELECT u.ID, s.seq, 1, 'user', 'matched', UTC_TIMESTAMP() FROM seq_1_to_${ contacts } s
		 JOIN wp_users u ON u.user_login = CONCAT('u', s.seq)
		 WHERE s.seq % 100 IN (4, 5, 13);`
	);
	// The snapshot every run starts from, and the check reads.
	sql(
		state,
		SEED_TABLES.map(
			( name ) =>
				`DROP TABLE IF EXISTS bench_seed_${ name };
				 CREATE TABLE bench_seed_${ name } LIKE wp_utc_${ name };
				 INSERT INTO bench_seed_${ name } SELECT * FROM wp_utc_${ name };`
		).join( '\n' ) +
			'ANALYZE TABLE wp_users, wp_usermeta, wp_utc_contacts, wp_utc_contact_emails, wp_utc_links;'
	);
	return { users, contacts };
}

/** Back to the seeded state: the plugin's tables as seeded, no runs, no events. */
export function restore( state ) {
	sql(
		state,
		WORK_TABLES.map( ( name ) => `TRUNCATE TABLE wp_utc_${ name };` ).join(
			'\n'
		) +
			SEED_TABLES.map(
				( name ) =>
					`INSERT INTO wp_utc_${ name } SELECT * FROM bench_seed_${ name };`
			).join( '\n' )
	);
}
