/**
 * The correctness check after every run, computed in SQL from the seeded snapshot alone (not
 * from the seeding rules, nor from anything the run wrote): what R1 and R2 say each user's
 * outcome must be, then every difference between that and the tables after the run.
 *
 * R1: an empty or invalid email is skipped and never linked (valid: trimmed, lower case, 6 to
 * 254 characters, local@domain.tld; the seeded invalid ones are '', no @, and 'x@y.z').
 * R2: candidates are non-deleted individual contacts holding the email as any of their emails
 * and linked to no one; primary holders first, then the lowest id. An already linked user
 * counts as matched and keeps its contact. Anyone else valid gets one new contact.
 */
import { numbers, sql } from './db.mjs';

const VALID = `(e.email REGEXP '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' AND CHAR_LENGTH(e.email) BETWEEN 6 AND 254)`;

/** Builds bench_expect (once per seed): each user's outcome and contact. */
export function buildExpectation( state ) {
	const collation = sql(
		state,
		"SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'wordpress' AND TABLE_NAME = 'wp_utc_contact_emails' AND COLUMN_NAME = 'email'"
	);
	sql(
		state,
		`DROP TABLE IF EXISTS bench_expect;
		 CREATE TABLE bench_expect (
		   user_id bigint unsigned NOT NULL PRIMARY KEY,
		   email varchar(254) CHARACTER SET utf8mb4 COLLATE ${ collation } NOT NULL,
		   outcome varchar(10) NOT NULL,
		   contact_id bigint unsigned NULL,
		   KEY outcome (outcome)
		 );
		 INSERT INTO bench_expect
		 SELECT e.user_id, e.email,
		   CASE WHEN NOT ${ VALID } THEN 'skipped'
		        WHEN l.user_id IS NOT NULL OR cand.contact_id IS NOT NULL THEN 'matched'
		        ELSE 'created' END,
		   CASE WHEN NOT ${ VALID } THEN NULL ELSE COALESCE(l.contact_id, cand.contact_id) END
		 FROM (SELECT ID AS user_id, LOWER(TRIM(user_email)) AS email FROM wp_users) e
		 LEFT JOIN bench_seed_links l ON l.user_id = e.user_id
		 LEFT JOIN (
		   SELECT user_id, contact_id FROM (
		     SELECT u.ID AS user_id, m.contact_id,
		       ROW_NUMBER() OVER (PARTITION BY u.ID ORDER BY m.is_primary DESC, m.contact_id) AS rn
		     FROM wp_users u
		     JOIN bench_seed_contact_emails m ON m.email = LOWER(TRIM(u.user_email))
		     JOIN bench_seed_contacts c ON c.id = m.contact_id AND c.type = 'individual' AND c.deleted_at IS NULL
		     LEFT JOIN bench_seed_links taken ON taken.contact_id = m.contact_id
		     WHERE taken.contact_id IS NULL
		   ) ranked WHERE rn = 1
		 ) cand ON cand.user_id = e.user_id;`
	);
	// R2 also says a contact chosen for one user is no candidate for the next: the expectation
	// above is exact only if no contact is the first choice of two users. The data is built so.
	const [ shared ] = numbers(
		state,
		"SELECT COUNT(*) - COUNT(DISTINCT contact_id) FROM bench_expect WHERE outcome = 'matched'"
	);
	if ( shared !== 0 ) {
		throw new Error(
			`The seeded data breaks the check's premise: ${ shared } contacts are the first choice of two users.`
		);
	}
	const [ checked, matched, created, skipped ] = numbers(
		state,
		`SELECT COUNT(*), SUM(outcome = 'matched'), SUM(outcome = 'created'), SUM(outcome = 'skipped') FROM bench_expect`
	);
	const [ ambiguous, caseOrSpaces, secondaryOnly, organizationOnly ] =
		numbers(
			state,
			`SELECT
			   (SELECT COUNT(*) FROM (SELECT email FROM bench_seed_contact_emails GROUP BY email HAVING COUNT(*) > 1) d),
			   (SELECT COUNT(*) FROM wp_users WHERE BINARY user_email != BINARY LOWER(TRIM(user_email))),
			   (SELECT COUNT(*) FROM bench_expect x JOIN bench_seed_contact_emails m ON m.contact_id = x.contact_id AND m.email = x.email AND m.is_primary = 0),
			   (SELECT COUNT(*) FROM bench_expect x JOIN bench_seed_contact_emails m ON m.email = x.email JOIN bench_seed_contacts c ON c.id = m.contact_id AND c.type != 'individual' WHERE x.outcome = 'created')`
		);
	return {
		checked,
		matched,
		created,
		skipped,
		data: { ambiguous, caseOrSpaces, secondaryOnly, organizationOnly },
	};
}

/** Every how many blocks of 100 users a baseline measures to measure about `max` of `total`. */
export const sampleEvery = ( total, max ) =>
	Math.max( 1, Math.round( total / max ) );

/** Scopes for a baseline measured on part of the users: a SQL condition on a user id column. */
export const scopes = {
	/** Users with id <= last (the first users). */
	upTo: ( last ) => ( column ) => `${ column } <= ${ Number( last ) }`,
	/** The blocks of 100 user ids whose number is a multiple of every (the models' sample). */
	everyBlock: ( every ) => ( column ) =>
		`FLOOR(${ column } / 100) % ${ Number( every ) } = 0`,
	/** Users in these [first, last] id ranges. */
	ranges: ( ranges ) => ( column ) =>
		`(${ ranges
			.map(
				( [ first, last ] ) =>
					`${ column } BETWEEN ${ Number( first ) } AND ${ Number(
						last
					) }`
			)
			.join( ' OR ' ) })`,
};

/**
 * Differences between the expectation and the tables now, for the users in scope (all, or the
 * part a baseline was measured on); users out of scope must be as seeded.
 *
 * @param {Object}        state
 * @param {Object}        options
 * @param {Function|null} [options.scope]  One of `scopes` (all users when omitted).
 * @param {object|null}   [options.counts] The run's own counts (checked, matched, created, skipped).
 * @return {{ ok: boolean, problems: string[], expected: object }} The verdict: ok, what is wrong, and the counts the data says.
 */
export function check( state, { scope = null, counts = null } = {} ) {
	const inScope = ( column ) => ( scope ? scope( column ) : 'TRUE' );
	const [ seedMax ] = numbers(
		state,
		'SELECT COALESCE(MAX(id), 0) FROM bench_seed_contacts'
	);
	const [ checked, matched, created, skipped ] = numbers(
		state,
		`SELECT COUNT(*), COALESCE(SUM(outcome = 'matched'), 0), COALESCE(SUM(outcome = 'created'), 0), COALESCE(SUM(outcome = 'skipped'), 0)
		 FROM bench_expect WHERE ${ inScope( 'user_id' ) }`
	);
	const expected = { checked, matched, created, skipped };
	const scoped = inScope( 'x.user_id' );
	const [
		skippedButLinked,
		matchedWrong,
		createdWrong,
		newContacts,
		newUnlinked,
		beyondScope,
		seedLinksChanged,
		seedContactsGone,
	] = numbers(
		state,
		`SELECT
		   (SELECT COUNT(*) FROM bench_expect x JOIN wp_utc_links l ON l.user_id = x.user_id WHERE ${ scoped } AND x.outcome = 'skipped'),
		   (SELECT COUNT(*) FROM bench_expect x LEFT JOIN wp_utc_links l ON l.user_id = x.user_id
		      WHERE ${ scoped } AND x.outcome = 'matched' AND (l.contact_id IS NULL OR l.contact_id != x.contact_id)),
		   (SELECT COUNT(*) FROM bench_expect x
		      LEFT JOIN wp_utc_links l ON l.user_id = x.user_id
		      LEFT JOIN wp_utc_contacts c ON c.id = l.contact_id AND c.id > ${ seedMax } AND c.type = 'individual' AND c.deleted_at IS NULL
		      LEFT JOIN wp_utc_contact_emails m ON m.contact_id = c.id AND m.is_primary = 1 AND m.email = x.email
		      WHERE ${ scoped } AND x.outcome = 'created' AND m.id IS NULL),
		   (SELECT COUNT(*) FROM wp_utc_contacts WHERE id > ${ seedMax }),
		   (SELECT COUNT(*) FROM wp_utc_contacts c LEFT JOIN wp_utc_links l ON l.contact_id = c.id WHERE c.id > ${ seedMax } AND l.user_id IS NULL),
		   (SELECT COUNT(*) FROM wp_utc_links l LEFT JOIN bench_seed_links s ON s.user_id = l.user_id AND s.contact_id = l.contact_id
		      WHERE NOT (${ inScope( 'l.user_id' ) }) AND s.user_id IS NULL),
		   (SELECT COUNT(*) FROM bench_seed_links s LEFT JOIN wp_utc_links l ON l.user_id = s.user_id AND l.contact_id = s.contact_id WHERE l.user_id IS NULL),
		   (SELECT COUNT(*) FROM bench_seed_contacts s LEFT JOIN wp_utc_contacts c ON c.id = s.id AND c.deleted_at IS NULL WHERE c.id IS NULL)`
	);
	const problems = [];
	const expect = ( count, what ) =>
		count !== 0 && problems.push( `${ count } ${ what }` );
	expect(
		skippedButLinked,
		'users with an empty or invalid email were linked (R1)'
	);
	expect(
		matchedWrong,
		'users were not linked to the contact R2 chooses (or an existing link changed)'
	);
	expect(
		createdWrong,
		'users to create for have no new individual contact holding their email as primary'
	);
	if ( newContacts !== created ) {
		problems.push(
			`${ newContacts } new contacts, one per user without a candidate makes ${ created } (created twice, or missing?)`
		);
	}
	expect( newUnlinked, 'new contacts are linked to no one' );
	expect( beyondScope, 'users outside the run were linked' );
	expect(
		seedLinksChanged,
		'links that existed before the run changed or went'
	);
	expect( seedContactsGone, 'seeded contacts were deleted' );
	if ( counts ) {
		for ( const key of [ 'checked', 'matched', 'created', 'skipped' ] ) {
			if ( Number( counts[ key ] ) !== expected[ key ] ) {
				problems.push(
					`the run says ${ key } ${ counts[ key ] }, the data says ${ expected[ key ] }`
				);
			}
		}
	}
	return { ok: problems.length === 0, problems, expected };
}

/**
 * Mapped mode: contacts whose mapped fields differ from their user's meta. `which`: 'created'
 * (the contacts this run made) or 'linked' (every linked contact).
 */
export function fieldMismatches( state, pairs, which ) {
	const [ seedMax ] = numbers(
		state,
		'SELECT COALESCE(MAX(id), 0) FROM bench_seed_contacts'
	);
	const joins = pairs
		.map(
			( [ meta ], index ) =>
				`LEFT JOIN wp_usermeta m${ index } ON m${ index }.user_id = l.user_id AND m${ index }.meta_key = '${ meta }'`
		)
		.join( '\n' );
	const differs = pairs
		.map(
			( [ , field ], index ) =>
				`NOT (c.${ field } <=> COALESCE(m${ index }.meta_value, ''))`
		)
		.join( ' OR ' );
	const [ mismatches, compared ] = numbers(
		state,
		`SELECT COALESCE(SUM(${ differs }), 0), COUNT(*) FROM wp_utc_links l JOIN wp_utc_contacts c ON c.id = l.contact_id ${ joins }
		 ${ which === 'created' ? `WHERE c.id > ${ seedMax }` : '' }`
	);
	return { mismatches, compared };
}
