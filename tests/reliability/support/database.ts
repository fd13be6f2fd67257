/**
 * The test site's database, read straight through MariaDB's socket: the end state of a scenario
 * is checked where it lives, not through the REST API under test.
 */
import { spawnSync } from 'node:child_process';
import { siteState } from './processes';

/** Runs SQL statements in the site's database; returns the rows of the last result set. */
export function sql( statements: string ): string[][] {
	const result = spawnSync(
		'mariadb',
		[
			'--no-defaults',
			`--socket=${ siteState().socket }`,
			'-uroot',
			'-N',
			'-B',
			'wordpress',
			'-e',
			statements,
		],
		{ encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }
	);
	if ( result.status !== 0 ) {
		throw new Error( `SQL failed: ${ result.stderr }` );
	}
	const text = result.stdout.replace( /\n$/, '' );
	return text === ''
		? []
		: text.split( '\n' ).map( ( row ) => row.split( '\t' ) );
}

/** The single value a query returns, as a number. */
export function sqlNumber( statement: string ): number {
	return Number( sql( statement )[ 0 ]?.[ 0 ] ?? NaN );
}

/** A string as an SQL literal (test data only: letters, digits, @ . _ -). */
export function quote( value: string ): string {
	if ( ! /^[A-Za-z0-9@._%+-]*$/.test( value ) ) {
		throw new Error( `Not a plain test value: ${ value }` );
	}
	return `'${ value }'`;
}

/**
 * Users `<prefix><n>` (n from 1) with emails `<prefix><n>@example.com`, inserted in one
 * statement as the benchmark does: no hooks run, so no events wait for a runner afterwards.
 * Contacts already hold the emails of the first `withContacts` of them (a run matches those).
 * The last `invalid` of them have an email without an @ (skipped, never linked: R1).
 */
export function insertUsers(
	prefix: string,
	count: number,
	withContacts = 0,
	invalid = 0
): void {
	const login = quote( prefix );
	sql(
		`INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
		 SELECT CONCAT(${ login }, seq), '', CONCAT(${ login }, seq),
		   IF( seq > ${ count - invalid }, CONCAT(${ login }, seq, '.example.com'), CONCAT(${ login }, seq, '@example.com') ),
		   UTC_TIMESTAMP(), CONCAT(${ login }, seq) FROM seq_1_to_${ count };
		 INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
		 SELECT ID, 'wp_capabilities', 'a:1:{s:10:"subscriber";b:1;}' FROM wp_users WHERE user_login LIKE ${ quote( prefix + '%' ) };` +
			( withContacts > 0
				? `
		 INSERT INTO wp_utc_contacts (type, first_name, display_name, notes, created, modified)
		 SELECT 'individual', CONCAT(${ login }, seq), CONCAT(${ login }, seq), ${ quote( prefix ) }, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_${ withContacts };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT id, CONCAT(first_name, '@example.com'), 1, id FROM wp_utc_contacts WHERE notes = ${ quote( prefix ) };`
				: '' )
	);
}

/**
 * The `user_registered` event of each user `<prefix>…`, as the registration hook writes it: a
 * backlog for `watch`, made in one statement.
 */
export function insertRegistrationEvents( prefix: string ): number {
	sql(
		`INSERT INTO wp_utc_events (type, user_id, payload, created)
		 SELECT 'user_registered', ID, JSON_OBJECT( 'email', user_email, 'login', user_login ), UTC_TIMESTAMP()
		 FROM wp_users WHERE user_login LIKE ${ quote( prefix + '%' ) } ORDER BY ID`
	);
	return sqlNumber(
		`SELECT COUNT(*) FROM wp_utc_events e JOIN wp_users u ON u.ID = e.user_id WHERE u.user_login LIKE ${ quote( prefix + '%' ) }`
	);
}

/**
 * Deletes a scenario's users and everything of theirs (links, contacts, emails, events), once
 * its end state is checked: later scenarios' batch runs then check a site of the same size.
 */
export function removeScenario( prefix: string ): void {
	const login = quote( prefix + '%' );
	sql(
		`CREATE TEMPORARY TABLE gone_users AS SELECT ID FROM wp_users WHERE user_login LIKE ${ login };
		 CREATE TEMPORARY TABLE gone_contacts AS
		   SELECT l.contact_id AS id FROM wp_utc_links l JOIN gone_users g ON g.ID = l.user_id
		   UNION SELECT contact_id FROM wp_utc_contact_emails WHERE email LIKE ${ login };
		 DELETE e FROM wp_utc_contact_emails e JOIN gone_contacts g ON g.id = e.contact_id;
		 DELETE c FROM wp_utc_contacts c JOIN gone_contacts g ON g.id = c.id;
		 DELETE l FROM wp_utc_links l JOIN gone_users g ON g.ID = l.user_id;
		 DELETE l FROM wp_utc_links l JOIN gone_contacts g ON g.id = l.contact_id;
		 DELETE e FROM wp_utc_events e JOIN gone_users g ON g.ID = e.user_id;
		 DELETE m FROM wp_usermeta m JOIN gone_users g ON g.ID = m.user_id;
		 DELETE u FROM wp_users u JOIN gone_users g ON g.ID = u.ID;`
	);
}

/** Marks every waiting event processed, so one scenario's leftovers never race the next. */
export function settleEvents(): void {
	sql(
		'UPDATE wp_utc_events SET processed_at = UTC_TIMESTAMP() WHERE processed_at IS NULL'
	);
}

/** Events not yet processed (pending or waiting for a retry). */
export function pendingEvents(): number {
	return sqlNumber(
		'SELECT COUNT(*) FROM wp_utc_events WHERE processed_at IS NULL'
	);
}

/**
 * A checksum of the plugin's tables and of wp_users / wp_usermeta: equal before and after means
 * nothing was written. (CHECKSUM TABLE reads every row, so any change shows.)
 */
export function tablesChecksum(): Record< string, string > {
	const tables = [
		'wp_utc_contacts',
		'wp_utc_contact_emails',
		'wp_utc_links',
		'wp_utc_events',
		'wp_utc_runs',
		'wp_utc_run_items',
		'wp_users',
		'wp_usermeta',
	];
	return Object.fromEntries(
		sql( `CHECKSUM TABLE ${ tables.join( ', ' ) } EXTENDED` ).map(
			( [ table, checksum ] ) => [
				String( table ).replace( /^wordpress\./, '' ),
				String( checksum ),
			]
		)
	);
}
