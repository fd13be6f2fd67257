/**
 * /me: a logged-in person reads and saves their own contact, and nobody else's.
 */
import { createUser, rest } from '../support/site';

interface Me {
	user_id: number;
	links_on_save: boolean;
	linked: boolean;
	contact_id: number | null;
	pending: boolean;
	first_name: string;
	phone: string;
	city: string;
}

interface ErrorBody {
	code: string;
	message: string;
}

const ME = '/users-to-contacts/v1/me';

async function linkedSubscriber( phone = '555-0100' ) {
	const person = await createUser( 'subscriber' );
	const contact = await rest< { id: number } >(
		'/users-to-contacts/v1/contacts',
		{
			method: 'POST',
			body: {
				type: 'individual',
				first_name: 'Grace',
				email: `${ person.login }@example.com`,
				phone,
			},
		}
	);
	expect( contact.status ).toBe( 201 );
	const link = await rest( '/users-to-contacts/v1/links', {
		method: 'POST',
		body: {
			user_id: person.id,
			contact_id: contact.body.id,
			source: 'user',
		},
	} );
	expect( link.status ).toBe( 201 );
	return { ...person, contactId: contact.body.id };
}

async function setLinkWhen( linkWhen: string[] ) {
	const response = await rest( '/users-to-contacts/v1/settings', {
		method: 'PATCH',
		body: { link_when: linkWhen },
	} );
	expect( response.status ).toBe( 200 );
}

describe( '/me', () => {
	afterAll( () => setLinkWhen( [ 'registration', 'login' ] ) );

	it( 'shows a linked person their own details', async () => {
		const person = await linkedSubscriber();
		const response = await rest< Me >( ME, { auth: person.credentials } );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toMatchObject( {
			user_id: person.id,
			linked: true,
			contact_id: person.contactId,
			first_name: 'Grace',
			phone: '555-0100',
		} );
	} );

	it( 'saves My details to their contact, even while the user is the sync source', async () => {
		const person = await linkedSubscriber();
		const response = await rest< Me >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: { phone: '555-0199', city: 'Arlington' },
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toMatchObject( {
			phone: '555-0199',
			city: 'Arlington',
			first_name: 'Grace',
		} );
		const contact = await rest< { phone: string; city: string } >(
			`/users-to-contacts/v1/contacts/${ person.contactId }`
		);
		expect( contact.body ).toMatchObject( {
			phone: '555-0199',
			city: 'Arlington',
		} );
	} );

	it( "never reaches another person's contact", async () => {
		const mine = await linkedSubscriber( '111' );
		const theirs = await linkedSubscriber( '222' );
		// No id in the route; query parameters and body fields naming another contact do nothing or are refused.
		const read = await rest< Me >( ME, {
			auth: mine.credentials,
			query: {
				id: String( theirs.contactId ),
				contact_id: String( theirs.contactId ),
			},
		} );
		expect( read.body ).toMatchObject( {
			contact_id: mine.contactId,
			phone: '111',
		} );
		const write = await rest< ErrorBody >( ME, {
			method: 'PUT',
			auth: mine.credentials,
			body: { contact_id: theirs.contactId, phone: '999' },
		} );
		expect( write.status ).toBe( 400 );
		expect( write.body.code ).toBe( 'users_to_contacts_unknown_field' );
		const other = await rest< { phone: string } >(
			`/users-to-contacts/v1/contacts/${ theirs.contactId }`
		);
		expect( other.body.phone ).toBe( '222' );
		// And a subscriber cannot use the admin routes to get there either.
		expect(
			(
				await rest(
					`/users-to-contacts/v1/contacts/${ theirs.contactId }`,
					{ auth: mine.credentials }
				)
			).status
		).toBe( 403 );
	} );

	it( 'says an unlinked person is not linked', async () => {
		const person = await createUser( 'subscriber' );
		const response = await rest< Me >( ME, { auth: person.credentials } );
		expect( response.body ).toMatchObject( {
			linked: false,
			contact_id: null,
			pending: false,
			phone: '',
			// Registration and login link by default: a save would not.
			links_on_save: false,
		} );
	} );

	it( 'B3: saving as an unlinked person is a CRM action: accepted and pending for the engine', async () => {
		await setLinkWhen( [ 'crm_action' ] );
		const person = await createUser( 'subscriber' );
		const response = await rest< Me >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: { phone: '555-0123' },
		} );
		expect( response.status ).toBe( 202 );
		expect( response.body ).toMatchObject( {
			linked: false,
			pending: true,
			links_on_save: true,
		} );
	} );

	it( 'refuses to save for an unlinked person when CRM actions do not link, and says why', async () => {
		await setLinkWhen( [ 'registration', 'login' ] );
		const person = await createUser( 'subscriber' );
		const response = await rest< ErrorBody >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: { phone: '1' },
		} );
		expect( response.status ).toBe( 409 );
		expect( response.body.code ).toBe( 'users_to_contacts_not_linked' );
		expect( response.body.message ).toMatch( /not linked to a contact/ );
	} );

	it.each( [
		[ 'an overlong phone', { phone: '1'.repeat( 65 ) } ],
		[ 'a wrong type', { city: 42 } ],
		[ 'a read-only field', { linked: true } ],
		[ 'an unknown field', { notes: 'private' } ],
	] )( 'refuses %s with 400 and changes nothing', async ( _what, body ) => {
		const person = await linkedSubscriber( '555-0100' );
		const response = await rest< ErrorBody >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body,
		} );
		expect( response.status ).toBe( 400 );
		expect( response.body.message.length ).toBeGreaterThan( 10 );
		const after = await rest< Me >( ME, { auth: person.credentials } );
		expect( after.body.phone ).toBe( '555-0100' );
	} );

	it( 'refuses markup, naming the field, and stores SQL as plain text', async () => {
		const person = await linkedSubscriber();
		const markup = await rest< ErrorBody & { data: { field: string } } >(
			ME,
			{
				method: 'PUT',
				auth: person.credentials,
				body: { city: '<script>alert(1)</script>Paris' },
			}
		);
		expect( markup.status ).toBe( 400 );
		expect( markup.body.code ).toBe( 'users_to_contacts_markup' );
		expect( markup.body.data.field ).toBe( 'city' );
		expect( markup.body.message ).toMatch( /^City cannot contain HTML/ );
		const response = await rest< Me >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: { city: "Paris'); DROP TABLE wp_users;--" },
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.city ).toBe( "Paris'); DROP TABLE wp_users;--" );
		// The users table is intact.
		expect( ( await rest( '/wp/v2/users/1' ) ).status ).toBe( 200 );
	} );
} );
