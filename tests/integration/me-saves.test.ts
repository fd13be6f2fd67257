/**
 * /me saves and the events table: a save that changes nothing records nothing, and one person's
 * saves are limited (30 recorded in 10 minutes), so a subscriber cannot fill the outbox.
 */
import { createUser, rest } from '../support/site';
import type { Credentials } from '../support/site';

const ME = '/users-to-contacts/v1/me';

interface Me {
	linked: boolean;
	pending: boolean;
	phone: string;
	changed: boolean;
}

/** Events recorded about one user, as the admin sees them. */
async function eventCount( userId: number ): Promise< number > {
	const response = await rest( '/users-to-contacts/v1/events', {
		query: { user_id: String( userId ), per_page: '1' },
	} );
	expect( response.status ).toBe( 200 );
	return Number( response.headers.get( 'X-WP-Total' ) );
}

async function linkedSubscriber() {
	const person = await createUser( 'subscriber' );
	const contact = await rest< { id: number } >(
		'/users-to-contacts/v1/contacts',
		{
			method: 'POST',
			body: {
				type: 'individual',
				email: `${ person.login }@example.com`,
				phone: '555-0100',
			},
		}
	);
	expect( contact.status ).toBe( 201 );
	const link = await rest( '/users-to-contacts/v1/links', {
		method: 'POST',
		body: { user_id: person.id, contact_id: contact.body.id },
	} );
	expect( link.status ).toBe( 201 );
	return person;
}

function save( auth: Credentials, body: Record< string, string > ) {
	return rest< Me & { code?: string; message?: string } >( ME, {
		method: 'PUT',
		auth,
		body,
	} );
}

describe( '/me saves', () => {
	it( 'records no event for a save that changes nothing, and says so', async () => {
		const person = await linkedSubscriber();
		const first = await save( person.credentials, { phone: '555-0111' } );
		expect( first.status ).toBe( 200 );
		expect( first.body ).toMatchObject( {
			phone: '555-0111',
			changed: true,
		} );
		const before = await eventCount( person.id );

		const again = await save( person.credentials, { phone: '555-0111' } );
		expect( again.status ).toBe( 200 );
		expect( again.body ).toMatchObject( {
			linked: true,
			phone: '555-0111',
			changed: false,
		} );
		const empty = await save( person.credentials, {} );
		expect( empty.status ).toBe( 200 );
		expect( empty.body.changed ).toBe( false );
		expect( await eventCount( person.id ) ).toBe( before );
	} );

	it( 'records an unlinked person’s same pending save once', async () => {
		const settings = await rest< { link_when: string[] } >(
			'/users-to-contacts/v1/settings'
		);
		const linkWhen = settings.body.link_when;
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: { link_when: [ 'crm_action' ] },
		} );
		try {
			const person = await createUser( 'subscriber' );
			const before = await eventCount( person.id );
			const first = await save( person.credentials, { city: 'Reno' } );
			expect( first.status ).toBe( 202 );
			expect( first.body ).toMatchObject( {
				pending: true,
				changed: true,
			} );
			const again = await save( person.credentials, { city: 'Reno' } );
			expect( again.status ).toBe( 202 );
			expect( again.body ).toMatchObject( {
				pending: true,
				changed: false,
			} );
			expect( await eventCount( person.id ) ).toBe( before + 1 );
			// Different details are a new save.
			const other = await save( person.credentials, { city: 'Elko' } );
			expect( other.body.changed ).toBe( true );
			expect( await eventCount( person.id ) ).toBe( before + 2 );
		} finally {
			await rest( '/users-to-contacts/v1/settings', {
				method: 'PATCH',
				body: { link_when: linkWhen },
			} );
		}
	} );

	it( 'refuses the 31st save in 10 minutes with 429 and Retry-After, recording nothing', async () => {
		const person = await linkedSubscriber();
		for ( let index = 1; index <= 30; index++ ) {
			const saved = await save( person.credentials, {
				phone: `555-${ 1000 + index }`,
			} );
			expect( saved.status ).toBe( 200 );
		}
		const before = await eventCount( person.id );
		const refused = await save( person.credentials, { phone: '555-2000' } );
		expect( refused.status ).toBe( 429 );
		expect( refused.body.code ).toBe( 'users_to_contacts_too_many_saves' );
		expect( refused.body.message ).toMatch(
			/30 times in 10 minutes.*try again in \d+ seconds/
		);
		const retryAfter = Number( refused.headers.get( 'Retry-After' ) );
		expect( retryAfter ).toBeGreaterThan( 0 );
		expect( retryAfter ).toBeLessThanOrEqual( 600 );
		expect( await eventCount( person.id ) ).toBe( before );
		// The details stay as the 30th save left them.
		const me = await rest< Me >( ME, { auth: person.credentials } );
		expect( me.body.phone ).toBe( '555-1030' );
		// Another person is not limited by them.
		const other = await linkedSubscriber();
		expect(
			( await save( other.credentials, { phone: '555-3000' } ) ).status
		).toBe( 200 );
	} );
} );
