/**
 * R5 however fast the changes come: 20 email changes of one user before any runner sees them,
 * then one pass over the outbox. The link follows the user, the latest address is the primary,
 * every former address stays on the contact, and another contact whose address the user held
 * for a moment is left as it was.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import { createRestSyncPort } from '../../src/api/syncPort';
import { processEvents } from '../../src/engine/events';
import type { SyncPort } from '../../src/engine/port';
import { rest, settleEvents, testSite } from '../support/site';

interface Contact {
	id: number;
	email: string | null;
	emails: Array< { email: string; primary: boolean } >;
	modified: string;
}

function sitePort(): SyncPort {
	const site = testSite();
	return createRestSyncPort(
		createFetchTransport( {
			siteUrl: site.url,
			user: site.adminUser,
			password: site.appPassword,
		} )
	);
}

/** Processes waiting events until none is left. */
async function drainOutbox( port: SyncPort ): Promise< void > {
	for ( let pass = 0; pass < 50; pass++ ) {
		if ( ( await processEvents( port ) ).claimed === 0 ) {
			return;
		}
	}
	throw new Error( 'the outbox did not drain' );
}

async function contact( id: number ): Promise< Contact > {
	const response = await rest< Contact >(
		`/users-to-contacts/v1/contacts/${ id }`
	);
	expect( response.status ).toBe( 200 );
	return response.body;
}

async function linkedContactOf( userId: number ): Promise< number | null > {
	const response = await rest< { contact_id: number } >(
		`/users-to-contacts/v1/links/${ userId }`
	);
	return response.status === 200 ? response.body.contact_id : null;
}

describe( 'R5: quick successive email changes, then one runner pass', () => {
	const prefix = `hist${ Date.now().toString( 36 ) }-`;
	const address = ( index: number ) => `${ prefix }${ index }@example.com`;
	const otherAddress = `${ prefix }other@example.com`;
	const port = sitePort();

	it( 'keeps every former address on the contact, the latest as primary, and leaves the other contact alone', async () => {
		settleEvents();
		const other = await rest< Contact >( '/users-to-contacts/v1/contacts', {
			method: 'POST',
			body: { type: 'individual', email: otherAddress },
		} );
		expect( other.status ).toBe( 201 );
		const user = await rest< { id: number } >( '/wp/v2/users', {
			method: 'POST',
			body: {
				username: `${ prefix }user`,
				email: address( 0 ),
				password: 'secret-password-123',
			},
		} );
		expect( user.status ).toBe( 201 );
		const userId = user.body.id;
		await drainOutbox( port );
		settleEvents();
		const contactId = await linkedContactOf( userId );
		expect( contactId ).not.toBeNull();
		const otherBefore = await contact( other.body.id );

		// e1…e8, the other contact's address, back to e8, then e9…e18: 20 changes, no runner.
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
		expect( sequence ).toHaveLength( 20 );
		const former: string[] = [];
		let current = address( 0 );
		for ( const email of sequence ) {
			const changed = await rest( `/wp/v2/users/${ userId }`, {
				method: 'PUT',
				body: { email },
			} );
			expect( changed.status ).toBe( 200 );
			former.push( current );
			current = email;
		}

		const pass = await processEvents( port );
		expect( pass ).toMatchObject( { claimed: 20, processed: 20 } );

		expect( await linkedContactOf( userId ) ).toBe( contactId );
		const after = await contact( contactId as number );
		expect( after.email ).toBe( current );
		expect( after.emails.filter( ( email ) => email.primary ) ).toEqual( [
			{ email: current, primary: true },
		] );
		const kept = after.emails
			.filter( ( email ) => ! email.primary )
			.map( ( email ) => email.email )
			.sort();
		// 20 changes leave 19 distinct former addresses (e8 was held twice).
		expect( kept ).toEqual( [ ...new Set( former ) ].sort() );
		expect( kept ).toHaveLength( 19 );
		expect( await contact( other.body.id ) ).toEqual( otherBefore );
		// The other contact's address is kept on the user's contact too (as it would be
		// had the runner seen each change), and the collision is reported, not merged.
		expect( pass.notes ).toEqual(
			expect.arrayContaining( [
				expect.stringContaining(
					`${ otherAddress } is also on contact #${ other.body.id }`
				),
			] )
		);
	} );
} );
