/**
 * Scenario 6: 20 quick email changes of one user (as an administrator, through
 * /wp/v2/users/<id>), one of them to another contact's address and back, with `watch` running.
 * R5: the link follows the user; the latest address is the contact's primary; every former
 * address stays on the contact; the other contact is left alone.
 */
import { rest } from '../support/site';
import { quote, removeScenario, settleEvents, sql } from './support/database';
import { expectSiteIntegrity } from './support/endState';
import { startWatch, stopWatch } from './support/cli';
import type { CliProcess } from './support/cli';
import { sleep } from './support/processes';
import { report, uniquePrefix } from './support/scale';
import { drained } from './support/watchThroughFault';

const CHANGES = 20;

/** The contact's row and emails, as text: equal text means untouched. */
function contactSnapshot( contactId: number ): string {
	return JSON.stringify( [
		sql(
			`SELECT * FROM wp_utc_contacts WHERE id = ${ Number( contactId ) }`
		),
		sql(
			`SELECT email, is_primary FROM wp_utc_contact_emails WHERE contact_id = ${ Number( contactId ) } ORDER BY email`
		),
		sql(
			`SELECT user_id FROM wp_utc_links WHERE contact_id = ${ Number( contactId ) }`
		),
	] );
}

function emailsOf(
	contactId: number
): Array< { email: string; primary: boolean } > {
	return sql(
		`SELECT email, is_primary FROM wp_utc_contact_emails WHERE contact_id = ${ Number( contactId ) } ORDER BY email`
	).map( ( [ email, primary ] ) => ( {
		email: String( email ),
		primary: primary === '1',
	} ) );
}

function linkedContactOf( userId: number ): number {
	return Number(
		sql(
			`SELECT contact_id FROM wp_utc_links WHERE user_id = ${ Number( userId ) }`
		)[ 0 ]?.[ 0 ] ?? 0
	);
}

describe( '20 quick email changes of one user', () => {
	const prefix = uniquePrefix( 'emails' );
	const address = ( index: number ) => `${ prefix }${ index }@example.com`;
	const otherAddress = `${ prefix }other@example.com`;
	let watcher: CliProcess | undefined;
	let userId = 0;
	let contactId = 0;
	let otherContactId = 0;
	let otherBefore = '';
	/** Every address the user had before the last one, in order. */
	const former: string[] = [];
	let latest = '';

	beforeAll( async () => {
		settleEvents();
		watcher = await startWatch();
		const other = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: { type: 'individual', email: otherAddress },
			}
		);
		expect( other.status ).toBe( 201 );
		otherContactId = other.body.id;
		const user = await rest< { id: number } >( '/wp/v2/users', {
			method: 'POST',
			body: {
				username: `${ prefix }user`,
				email: address( 0 ),
				password: 'secret-password-123',
			},
		} );
		expect( user.status ).toBe( 201 );
		userId = user.body.id;
		const deadline = Date.now() + 10000;
		while ( ! linkedContactOf( userId ) && Date.now() < deadline ) {
			await sleep( 50 );
		}
		contactId = linkedContactOf( userId );
		expect( contactId ).toBeGreaterThan( 0 );
		otherBefore = contactSnapshot( otherContactId );

		// e1…e8, the other contact's address, back to e8, then e9…e18: 20 changes, no pause.
		const sequence = [
			...Array.from( { length: 8 }, ( _unused, index ) =>
				address( index + 1 )
			),
			otherAddress,
			address( 8 ),
			...Array.from( { length: 10 }, ( _unused, index ) =>
				address( index + 9 )
			),
		];
		expect( sequence ).toHaveLength( CHANGES );
		let current = address( 0 );
		const began = Date.now();
		for ( const email of sequence ) {
			const changed = await rest( `/wp/v2/users/${ userId }`, {
				method: 'PUT',
				body: { email },
			} );
			expect( changed.status ).toBe( 200 );
			former.push( current );
			current = email;
		}
		latest = current;
		const changesMs = Date.now() - began;
		await drained( 30000 );
		report( 'email changes', {
			changes: CHANGES,
			changesMs,
			settledMs: Date.now() - began,
			emailsOnContact: emailsOf( contactId ).length,
		} );
	} );

	afterAll( async () => {
		// (Undefined when watch could not start: that failure is the one to see.)
		if ( watcher ) {
			await stopWatch( watcher );
		}
		sql(
			`DELETE e FROM wp_utc_contact_emails e WHERE e.contact_id = ${ Number( otherContactId ) };
			 DELETE FROM wp_utc_contacts WHERE id = ${ Number( otherContactId ) };`
		);
		removeScenario( prefix );
	} );

	it( 'keeps one contact for the user, with the latest address as its primary', () => {
		expect( linkedContactOf( userId ) ).toBe( contactId );
		expect(
			emailsOf( contactId ).filter( ( email ) => email.primary )
		).toEqual( [ { email: latest, primary: true } ] );
		// No second contact was made for any of the user's addresses.
		const holders = sql(
			`SELECT DISTINCT e.contact_id FROM wp_utc_contact_emails e JOIN wp_utc_contacts c ON c.id = e.contact_id
			 WHERE c.deleted_at IS NULL AND e.email LIKE ${ quote( prefix + '%' ) } AND e.contact_id <> ${ Number( otherContactId ) }`
		).map( ( [ id ] ) => Number( id ) );
		expect( holders ).toEqual( [ contactId ] );
		expectSiteIntegrity();
	} );

	it( 'leaves the other contact untouched (not merged, not linked)', () => {
		expect( contactSnapshot( otherContactId ) ).toBe( otherBefore );
	} );

	// The engine keeps the old email each profile update carries (issue 8, finding 5).
	it( 'keeps every former address on the contact (R5)', () => {
		const held = emailsOf( contactId )
			.filter( ( email ) => ! email.primary )
			.map( ( email ) => email.email );
		const expected = [
			...new Set( former.filter( ( email ) => email !== otherAddress ) ),
		];
		expect( held ).toEqual( expect.arrayContaining( expected ) );
	} );
} );
