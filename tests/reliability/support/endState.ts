/**
 * The end state every scenario must leave, read from the database: each valid user of the
 * scenario linked exactly once, to a contact holding their email as its primary; no contact
 * twice for one email; no link without its user or its contact; runs whose counts add up.
 */
import { quote, sql, sqlNumber } from './database';

export interface EndState {
	users: number;
	/** Users whose email is invalid (no @): skipped, never linked (R1). */
	invalid: number;
	linked: number;
	/** Valid users of the scenario without a link (should be none). */
	unlinked: number[];
	/** Invalid users with a link (should be none). */
	invalidLinked: number[];
	/** Linked users whose contact does not hold their email as its primary. */
	wrongContact: number[];
	/** Emails of the scenario held by more than one live contact. */
	duplicateEmails: string[];
	/** Live contacts holding an email of the scenario. */
	contacts: number;
	/** Of those, contacts linked to no user. */
	unlinkedContacts: number;
}

/**
 * The end state of the users whose login starts with `prefix` (valid emails
 * `<login>@example.com`; invalid ones without an @).
 */
export function endStateOf( prefix: string ): EndState {
	const login = quote( prefix + '%' );
	const valid = "u.user_email LIKE '%@%'";
	const ids = ( statement: string ) =>
		sql( statement ).map( ( [ id ] ) => Number( id ) );
	return {
		users: sqlNumber(
			`SELECT COUNT(*) FROM wp_users WHERE user_login LIKE ${ login }`
		),
		invalid: sqlNumber(
			`SELECT COUNT(*) FROM wp_users u WHERE u.user_login LIKE ${ login } AND NOT ${ valid }`
		),
		linked: sqlNumber(
			`SELECT COUNT(*) FROM wp_users u JOIN wp_utc_links l ON l.user_id = u.ID WHERE u.user_login LIKE ${ login }`
		),
		unlinked: ids(
			`SELECT u.ID FROM wp_users u LEFT JOIN wp_utc_links l ON l.user_id = u.ID
			 WHERE u.user_login LIKE ${ login } AND ${ valid } AND l.user_id IS NULL ORDER BY u.ID LIMIT 20`
		),
		invalidLinked: ids(
			`SELECT u.ID FROM wp_users u JOIN wp_utc_links l ON l.user_id = u.ID
			 WHERE u.user_login LIKE ${ login } AND NOT ${ valid } ORDER BY u.ID LIMIT 20`
		),
		wrongContact: ids(
			`SELECT u.ID FROM wp_users u JOIN wp_utc_links l ON l.user_id = u.ID
			 LEFT JOIN wp_utc_contact_emails e ON e.contact_id = l.contact_id AND e.is_primary = 1
			 WHERE u.user_login LIKE ${ login } AND ( e.email IS NULL OR e.email <> LOWER( TRIM( u.user_email ) ) )
			 ORDER BY u.ID LIMIT 20`
		),
		duplicateEmails: sql(
			`SELECT e.email FROM wp_utc_contact_emails e JOIN wp_utc_contacts c ON c.id = e.contact_id AND c.deleted_at IS NULL
			 WHERE e.email LIKE ${ login } GROUP BY e.email HAVING COUNT( DISTINCT e.contact_id ) > 1 LIMIT 20`
		).map( ( [ email ] ) => String( email ) ),
		contacts: sqlNumber(
			`SELECT COUNT( DISTINCT c.id ) FROM wp_utc_contacts c JOIN wp_utc_contact_emails e ON e.contact_id = c.id
			 WHERE c.deleted_at IS NULL AND e.email LIKE ${ login }`
		),
		unlinkedContacts: sqlNumber(
			`SELECT COUNT( DISTINCT c.id ) FROM wp_utc_contacts c JOIN wp_utc_contact_emails e ON e.contact_id = c.id
			 LEFT JOIN wp_utc_links l ON l.contact_id = c.id
			 WHERE c.deleted_at IS NULL AND e.email LIKE ${ login } AND l.contact_id IS NULL`
		),
	};
}

/**
 * Asserts the exact end state: `users` valid users, each linked once, one contact each, no
 * leftovers; `invalid` more users with invalid emails, none linked.
 */
export function expectExactEndState(
	prefix: string,
	users: number,
	invalid = 0
): EndState {
	const state = endStateOf( prefix );
	expect( state ).toEqual( {
		users: users + invalid,
		invalid,
		linked: users,
		unlinked: [],
		invalidLinked: [],
		wrongContact: [],
		duplicateEmails: [],
		contacts: users,
		unlinkedContacts: 0,
	} );
	return state;
}

export interface SiteIntegrity {
	/** Links whose user no longer exists. */
	linksWithoutUser: number;
	/** Links whose contact is missing or deleted. */
	linksWithoutContact: number;
	/** Live contacts with no primary email or more than one. */
	contactsWithoutOnePrimary: number;
	/** Runs whose checked count is not matched + created + skipped, or not their item count. */
	runsNotAddingUp: number[];
}

/** Whole-site checks that hold whatever the scenario did. */
export function siteIntegrity(): SiteIntegrity {
	return {
		linksWithoutUser: sqlNumber(
			'SELECT COUNT(*) FROM wp_utc_links l LEFT JOIN wp_users u ON u.ID = l.user_id WHERE u.ID IS NULL'
		),
		linksWithoutContact: sqlNumber(
			'SELECT COUNT(*) FROM wp_utc_links l LEFT JOIN wp_utc_contacts c ON c.id = l.contact_id WHERE c.id IS NULL OR c.deleted_at IS NOT NULL'
		),
		contactsWithoutOnePrimary: sqlNumber(
			`SELECT COUNT(*) FROM wp_utc_contacts c
			 WHERE c.deleted_at IS NULL AND EXISTS ( SELECT 1 FROM wp_utc_contact_emails e WHERE e.contact_id = c.id )
			 AND ( SELECT COUNT(*) FROM wp_utc_contact_emails e WHERE e.contact_id = c.id AND e.is_primary = 1 ) <> 1`
		),
		runsNotAddingUp: sql(
			`SELECT r.id FROM wp_utc_runs r
			 WHERE r.dry_run = 0 AND ( r.checked <> r.matched + r.created + r.skipped
			 OR r.checked <> ( SELECT COUNT(*) FROM wp_utc_run_items i WHERE i.run_id = r.id ) )`
		).map( ( [ id ] ) => Number( id ) ),
	};
}

export function expectSiteIntegrity(): void {
	expect( siteIntegrity() ).toEqual( {
		linksWithoutUser: 0,
		linksWithoutContact: 0,
		contactsWithoutOnePrimary: 0,
		runsNotAddingUp: [],
	} );
}

/** The counts of one run, straight from its row. */
export function runCounts( runId: number ) {
	const [ row ] = sql(
		`SELECT status, checked, matched, created, skipped FROM wp_utc_runs WHERE id = ${ Number( runId ) }`
	);
	if ( ! row ) {
		throw new Error( `No run ${ runId }` );
	}
	const [ status, checked, matched, created, skipped ] = row;
	return {
		status: String( status ),
		checked: Number( checked ),
		matched: Number( matched ),
		created: Number( created ),
		skipped: Number( skipped ),
	};
}
