/**
 * /users-to-contacts/v1/contacts over real HTTP: the contacts store as an admin, a script or
 * the engine uses it.
 */
import { ApiError } from '../../src/api/transport';
import { createFetchTransport } from '../../src/api/fetchTransport';
import {
	createContact,
	deleteContact,
	getContact,
	listContacts,
	updateContact,
} from '../../src/api/contacts';
import type { Contact, ContactType } from '../../src/api/contacts';
import { createUser, rest, testSite } from '../support/site';
import type { RestResult } from '../support/site';

const CONTACTS = '/users-to-contacts/v1/contacts';
const LINKS = '/users-to-contacts/v1/links';

/** Makes names and emails unique to this run, so searches find only what a test made. */
const RUN = Date.now().toString( 36 );
let counter = 0;
function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
}

interface ErrorBody {
	code: string;
	message: string;
	data?: { status?: number; params?: unknown };
}

async function create( body: Record< string, unknown > ): Promise< Contact > {
	const response = await rest< Contact >( CONTACTS, {
		method: 'POST',
		body,
	} );
	if ( response.status !== 201 ) {
		throw new Error(
			`Could not create a contact: ${ JSON.stringify( response.body ) }`
		);
	}
	return response.body;
}

async function get( id: number ): Promise< RestResult< Contact > > {
	return rest< Contact >( `${ CONTACTS }/${ id }` );
}

async function patch(
	id: number,
	body: unknown,
	method = 'PATCH'
): Promise< RestResult< Contact & ErrorBody > > {
	return rest< Contact & ErrorBody >( `${ CONTACTS }/${ id }`, {
		method,
		body,
	} );
}

/** How many (non-deleted) contacts there are, from X-WP-Total. */
async function totalContacts(): Promise< number > {
	const response = await rest( CONTACTS, { query: { per_page: '1' } } );
	expect( response.status ).toBe( 200 );
	return Number( response.headers.get( 'x-wp-total' ) );
}

async function search(
	query: Record< string, string >
): Promise< RestResult< Contact[] > > {
	const response = await rest< Contact[] >( CONTACTS, {
		query: { per_page: '100', ...query },
	} );
	expect( response.status ).toBe( 200 );
	return response;
}

function ids( contacts: Contact[] ): number[] {
	return contacts.map( ( contact ) => contact.id );
}

function sleep( ms: number ): Promise< void > {
	return new Promise( ( resolve ) => setTimeout( resolve, ms ) );
}

describe( 'contacts: create, read, update, delete', () => {
	const byType: Array< [ ContactType, Record< string, unknown >, string ] > =
		[
			[
				'individual',
				{ first_name: 'Ada', last_name: 'Lovelace' },
				'Ada Lovelace',
			],
			[
				'organization',
				{ organization_name: 'Analytical Engines Ltd' },
				'Analytical Engines Ltd',
			],
			[
				'household',
				{ organization_name: 'The Byron household' },
				'The Byron household',
			],
		];

	it.each( byType )(
		'round-trips a %s contact',
		async ( type, names, expectedDisplayName ) => {
			const email = `${ unique( type ) }@example.com`;
			const created = await rest< Contact >( CONTACTS, {
				method: 'POST',
				body: { type, ...names, email, phone: '+44 20 7946 0000' },
			} );
			expect( created.status ).toBe( 201 );
			expect( created.headers.get( 'location' ) ).toContain(
				`/contacts/${ created.body.id }`
			);
			expect( created.body ).toMatchObject( {
				type,
				...names,
				display_name: expectedDisplayName,
				email,
				emails: [ { email, primary: true } ],
				phone: '+44 20 7946 0000',
				user: null,
				locked: false,
				former_user_id: null,
				created_by_run: null,
			} );
			expect( created.body.created ).toMatch(
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
			);
			expect( created.body.modified ).toBe( created.body.created );

			const read = await get( created.body.id );
			expect( read.status ).toBe( 200 );
			expect( read.body ).toEqual( created.body );

			const updated = await patch( created.body.id, {
				city: 'London',
				notes: 'Met at the\nRoyal Society',
			} );
			expect( updated.status ).toBe( 200 );
			expect( updated.body ).toMatchObject( {
				...names,
				type,
				city: 'London',
				notes: 'Met at the\nRoyal Society',
				email,
			} );
			expect( ( await get( created.body.id ) ).body ).toEqual(
				updated.body
			);

			const deleted = await rest< Contact & { deleted: boolean } >(
				`${ CONTACTS }/${ created.body.id }`,
				{ method: 'DELETE' }
			);
			expect( deleted.status ).toBe( 200 );
			expect( deleted.body ).toMatchObject( {
				id: created.body.id,
				deleted: true,
				city: 'London',
			} );
			const gone = await get( created.body.id );
			expect( gone.status ).toBe( 404 );
			expect( ( gone.body as unknown as ErrorBody ).code ).toBe(
				'users_to_contacts_contact_not_found'
			);
			const listed = await search( { search: email } );
			expect( listed.body ).toEqual( [] );
			const again = await rest< ErrorBody >(
				`${ CONTACTS }/${ created.body.id }`,
				{ method: 'DELETE' }
			);
			expect( again.status ).toBe( 404 );
		}
	);

	it( 'stores every field and gives each back as written', async () => {
		const input = {
			type: 'individual',
			prefix: 'Dr.',
			first_name: 'Grace',
			middle_name: 'Brewster',
			last_name: 'Hopper',
			display_name: 'Admiral Hopper',
			nickname: 'Amazing Grace',
			organization_name: 'US Navy',
			job_title: 'Rear Admiral',
			birth_date: '1906-12-09',
			emails: [
				{ email: `${ unique( 'grace' ) }@navy.example`, primary: true },
				{ email: `${ unique( 'grace' ) }@yale.example` },
			],
			phone: '+1 202 555 0100',
			website: 'https://example.org/grace',
			street_address: '1 Navy Way',
			city: 'Arlington',
			postal_code: '22202',
			country: 'United States',
			notes: 'Found the first bug.\nKept it in the log book.',
		};
		const created = await create( input );
		expect( created ).toMatchObject( {
			...input,
			emails: [
				{ email: input.emails[ 0 ]?.email, primary: true },
				{ email: input.emails[ 1 ]?.email, primary: false },
			],
			email: input.emails[ 0 ]?.email,
		} );
		expect( ( await get( created.id ) ).body ).toEqual( created );

		const cleared = await patch( created.id, {
			birth_date: null,
			website: '',
			middle_name: '',
		} );
		expect( cleared.status ).toBe( 200 );
		expect( cleared.body ).toMatchObject( {
			birth_date: null,
			website: '',
			middle_name: '',
			last_name: 'Hopper',
		} );
	} );

	it( 'accepts PUT like PATCH: only the fields sent change', async () => {
		const contact = await create( {
			first_name: 'Alan',
			last_name: 'Turing',
			city: 'Wilmslow',
		} );
		const response = await patch(
			contact.id,
			{ city: 'Manchester' },
			'PUT'
		);
		expect( response.status ).toBe( 200 );
		expect( response.body ).toMatchObject( {
			first_name: 'Alan',
			last_name: 'Turing',
			city: 'Manchester',
		} );
	} );

	it( 'derives the display name, follows name changes, and keeps a typed one', async () => {
		const derived = await create( {
			first_name: 'Mary',
			last_name: 'Somerville',
		} );
		expect( derived.display_name ).toBe( 'Mary Somerville' );
		const renamed = await patch( derived.id, { last_name: 'Fairfax' } );
		expect( renamed.body.display_name ).toBe( 'Mary Fairfax' );

		const typed = await create( {
			first_name: 'Charles',
			last_name: 'Babbage',
			display_name: 'Mr Babbage',
		} );
		const changed = await patch( typed.id, { first_name: 'Charlie' } );
		expect( changed.body.display_name ).toBe( 'Mr Babbage' );

		const organization = await create( {
			type: 'organization',
			organization_name: 'Difference Engine Co',
		} );
		expect( organization.display_name ).toBe( 'Difference Engine Co' );
	} );

	it( 'does not touch modified when an update changes nothing', async () => {
		const contact = await create( {
			first_name: 'Same',
			last_name: 'Old',
		} );
		await sleep( 1100 );
		const response = await patch( contact.id, { first_name: 'Same' } );
		expect( response.status ).toBe( 200 );
		expect( response.body.modified ).toBe( contact.modified );
		const changed = await patch( contact.id, { first_name: 'New' } );
		expect( changed.body.modified > contact.modified ).toBe( true );
	} );
} );

describe( 'contacts: emails', () => {
	it( 'stores emails trimmed and in lower case, the primary first', async () => {
		const address = `${ unique( 'Trim' ) }@Example.COM`;
		const contact = await create( {
			first_name: 'Trim',
			emails: [
				{ email: `  second.${ address }  ` },
				{ email: ` ${ address } `, primary: true },
			],
		} );
		expect( contact.emails ).toEqual( [
			{ email: address.toLowerCase(), primary: true },
			{ email: `second.${ address }`.toLowerCase(), primary: false },
		] );
		expect( contact.email ).toBe( address.toLowerCase() );
	} );

	it( 'setting email makes it the primary and keeps the old one as a secondary', async () => {
		const first = `${ unique( 'old' ) }@example.com`;
		const second = `${ unique( 'new' ) }@example.com`;
		const contact = await create( { first_name: 'Mover', email: first } );

		const moved = await patch( contact.id, {
			email: second.toUpperCase(),
		} );
		expect( moved.status ).toBe( 200 );
		expect( moved.body.email ).toBe( second );
		expect( moved.body.emails ).toEqual( [
			{ email: second, primary: true },
			{ email: first, primary: false },
		] );

		// Back to an address it already has: promoted, not duplicated.
		const back = await patch( contact.id, { email: ` ${ first } ` } );
		expect( back.body.emails ).toEqual( [
			{ email: first, primary: true },
			{ email: second, primary: false },
		] );
		expect( ( await get( contact.id ) ).body.emails ).toEqual(
			back.body.emails
		);
	} );

	it( 'writing emails replaces the list; an empty list removes them all', async () => {
		const contact = await create( {
			first_name: 'Replace',
			email: `${ unique( 'a' ) }@example.com`,
		} );
		const replacement = [
			{ email: `${ unique( 'b' ) }@example.com`, primary: false },
			{ email: `${ unique( 'c' ) }@example.com`, primary: true },
		];
		const replaced = await patch( contact.id, { emails: replacement } );
		expect( replaced.status ).toBe( 200 );
		expect( replaced.body.emails ).toEqual( [
			replacement[ 1 ],
			replacement[ 0 ],
		] );
		const emptied = await patch( contact.id, { emails: [] } );
		expect( emptied.status ).toBe( 200 );
		expect( emptied.body.emails ).toEqual( [] );
		expect( emptied.body.email ).toBeNull();
	} );

	it.each( [
		[
			'no primary',
			[ { email: 'one@example.com' }, { email: 'two@example.com' } ],
			/Exactly one of the emails must be primary; 0/,
		],
		[
			'two primaries',
			[
				{ email: 'one@example.com', primary: true },
				{ email: 'two@example.com', primary: true },
			],
			/Exactly one of the emails must be primary; 2/,
		],
		[
			'the same address twice in different case',
			[
				{ email: 'Twice@Example.com', primary: true },
				{ email: ' twice@example.COM ' },
			],
			/twice@example\.com appears more than once/,
		],
		[
			'an invalid address',
			[
				{ email: 'fine@example.com', primary: true },
				{ email: 'not-an-address' },
			],
			/"not-an-address" is not a valid email address/,
		],
		[
			'an unknown property',
			[ { email: 'x@example.com', primary: true, label: 'home' } ],
			/label is not a valid property/,
		],
		[
			'an item without email',
			[ { primary: true } ],
			/email is a required property/,
		],
	] )(
		'refuses a list with %s (400) and leaves the contact as it was',
		async ( _label, emails, message ) => {
			const original = `${ unique( 'keep' ) }@example.com`;
			const contact = await create( {
				first_name: 'Keep',
				email: original,
			} );
			const refusedCreate = await rest< ErrorBody >( CONTACTS, {
				method: 'POST',
				body: { first_name: 'Never', emails },
			} );
			expect( refusedCreate.status ).toBe( 400 );
			expect( refusedCreate.body.message ).toMatch( message );

			const refused = await patch( contact.id, { emails } );
			expect( refused.status ).toBe( 400 );
			expect( refused.body.message ).toMatch( message );
			expect( ( await get( contact.id ) ).body ).toEqual( contact );
		}
	);

	it( 'names an invalid email address in the message', async () => {
		const response = await rest< ErrorBody >( CONTACTS, {
			method: 'POST',
			body: { first_name: 'Bad', email: 'ada@@example' },
		} );
		expect( response.status ).toBe( 400 );
		expect( response.body.message ).toContain( '"ada@@example"' );
		expect( response.body.message ).toMatch( /not a valid email address/ );
	} );

	it( 'finds contacts by any of their emails, whatever the case', async () => {
		const token = unique( 'ada' );
		const contact = await create( {
			first_name: 'Ada',
			last_name: `Search${ token }`,
			emails: [
				{ email: `${ token }@example.com`, primary: true },
				{ email: `${ token }@work.example`, primary: false },
			],
		} );
		await create( { first_name: 'Someone', last_name: 'Else' } );

		for ( const term of [
			`${ token.toUpperCase() }@Example.com`,
			`${ token }@WORK.example`,
			`  ${ token }@example.com  `,
			`search${ token }`.toUpperCase(),
		] ) {
			const found = await search( { search: term } );
			expect( ids( found.body ) ).toEqual( [ contact.id ] );
		}
	} );
} );

describe( 'contacts: the list', () => {
	it( 'pages with X-WP-Total and X-WP-TotalPages and sorts', async () => {
		const token = unique( 'page' );
		const made: Contact[] = [];
		for ( const first of [ 'Eve', 'Bea', 'Dan', 'Cy', 'Al' ] ) {
			made.push(
				await create( { first_name: first, last_name: token } )
			);
		}
		const seen: number[] = [];
		for ( const page of [ 1, 2, 3 ] ) {
			const response = await rest< Contact[] >( CONTACTS, {
				query: {
					search: token,
					per_page: '2',
					page: String( page ),
					orderby: 'display_name',
					order: 'desc',
				},
			} );
			expect( response.status ).toBe( 200 );
			expect( response.headers.get( 'x-wp-total' ) ).toBe( '5' );
			expect( response.headers.get( 'x-wp-totalpages' ) ).toBe( '3' );
			expect( response.body ).toHaveLength( page === 3 ? 1 : 2 );
			seen.push( ...ids( response.body ) );
		}
		const byNameDesc = [ 'Eve', 'Dan', 'Cy', 'Bea', 'Al' ].map(
			( first ) =>
				made.find( ( contact ) => contact.first_name === first )?.id
		);
		expect( seen ).toEqual( byNameDesc );

		const ascending = await search( {
			search: token,
			orderby: 'id',
			order: 'asc',
		} );
		expect( ids( ascending.body ) ).toEqual( ids( made ) );

		const beyond = await rest< Contact[] >( CONTACTS, {
			query: { search: token, per_page: '2', page: '4' },
		} );
		expect( beyond.status ).toBe( 200 );
		expect( beyond.body ).toEqual( [] );
		expect( beyond.headers.get( 'x-wp-total' ) ).toBe( '5' );
	} );

	it( 'sorts by last name', async () => {
		const token = unique( 'sort' );
		const zed = await create( { first_name: token, last_name: 'Zed' } );
		const abel = await create( { first_name: token, last_name: 'Abel' } );
		const asc = await search( {
			search: token,
			orderby: 'last_name',
			order: 'asc',
		} );
		expect( ids( asc.body ) ).toEqual( [ abel.id, zed.id ] );
		const desc = await search( {
			search: token,
			orderby: 'last_name',
			order: 'desc',
		} );
		expect( ids( desc.body ) ).toEqual( [ zed.id, abel.id ] );
	} );

	it( 'filters by type, by linked or not, and by run', async () => {
		const token = unique( 'filter' );
		const person = await create( { first_name: token } );
		const organization = await create( {
			type: 'organization',
			organization_name: token,
		} );
		const household = await create( {
			type: 'household',
			organization_name: token,
		} );
		const user = await createUser( 'subscriber' );
		const linked = await rest( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: organization.id },
		} );
		expect( linked.status ).toBe( 201 );

		expect(
			ids( ( await search( { search: token, type: 'household' } ) ).body )
		).toEqual( [ household.id ] );
		expect(
			ids( ( await search( { search: token, linked: 'true' } ) ).body )
		).toEqual( [ organization.id ] );
		expect(
			ids( ( await search( { search: token, linked: 'false' } ) ).body )
		).toEqual( [ person.id, household.id ] );
		expect(
			ids(
				(
					await search( {
						search: token,
						linked: 'false',
						type: 'individual',
					} )
				).body
			)
		).toEqual( [ person.id ] );

		// Contacts made here by REST belong to no run.
		const byRun = await search( { run: '987654' } );
		expect( byRun.body ).toEqual( [] );
		expect( byRun.headers.get( 'x-wp-total' ) ).toBe( '0' );
	} );

	it( 'returns exactly the contacts created (or modified) in a date range', async () => {
		const before = await create( { first_name: 'Before' } );
		// Stored times have whole seconds: step past a second between groups.
		await sleep( 1100 );
		const first = await create( { first_name: 'Inside one' } );
		const second = await create( { first_name: 'Inside two' } );
		await sleep( 1100 );
		const after = await create( { first_name: 'After' } );
		expect( first.created > before.created ).toBe( true );
		expect( after.created > second.created ).toBe( true );

		// No search: every contact of the site in the range, which must be just these two.
		const inRange = await search( {
			created_after: first.created,
			created_before: second.created,
		} );
		expect( ids( inRange.body ) ).toEqual( [ first.id, second.id ] );
		expect( inRange.headers.get( 'x-wp-total' ) ).toBe( '2' );

		const fromFirst = await search( { created_after: first.created } );
		expect( ids( fromFirst.body ) ).toEqual( [
			first.id,
			second.id,
			after.id,
		] );
		const upToBefore = await search( {
			created_before: before.created,
			search: 'Before',
		} );
		expect( ids( upToBefore.body ) ).toContain( before.id );
		expect( ids( upToBefore.body ) ).not.toContain( first.id );

		await sleep( 1100 );
		const touched = await patch( before.id, { city: 'Elsewhere' } );
		const modified = await search( {
			modified_after: touched.body.modified,
		} );
		expect( ids( modified.body ) ).toEqual( [ before.id ] );
		const notModifiedSince = await search( {
			modified_before: after.modified,
			created_after: first.created,
		} );
		expect( ids( notModifiedSince.body ) ).toEqual( [
			first.id,
			second.id,
			after.id,
		] );
	} );

	it.each( [
		[
			{ per_page: '501' },
			/per_page must be between 1 \(inclusive\) and 500/,
		],
		[ { per_page: '0' }, /per_page must be between 1/ ],
		[ { orderby: 'password' }, /orderby is not one of/ ],
		[ { order: 'sideways' }, /order is not one of asc/ ],
		[ { type: 'robot' }, /type is not one of individual/ ],
		[ { linked: 'maybe' }, /linked is not of type boolean/ ],
		[
			{ created_after: 'yesterday' },
			/created_after must be an ISO 8601 date/,
		],
		[
			{ modified_before: '2026-13-45' },
			/modified_before must be an ISO 8601/,
		],
		[ { run: 'latest' }, /run is not of type integer/ ],
		[
			{ search: 'x'.repeat( 256 ) },
			/search must be at most 255 characters/,
		],
	] )( 'refuses the query %p with 400', async ( query, message ) => {
		const response = await rest< ErrorBody >( CONTACTS, { query } );
		expect( response.status ).toBe( 400 );
		expect( response.body.message ).toMatch( message );
	} );
} );

describe( 'contacts: linked and locked', () => {
	it( 'shows the linked user, refuses edits while the user is the source, and allows them once the contact is', async () => {
		const user = await createUser( 'subscriber' );
		const contact = await create( {
			first_name: 'Locked',
			last_name: 'Contact',
			email: `${ unique( 'locked' ) }@example.com`,
		} );
		const link = await rest( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: contact.id },
		} );
		expect( link.status ).toBe( 201 );

		const shown = await get( contact.id );
		expect( shown.body.user ).toEqual( {
			id: user.id,
			login: user.login,
			display_name: expect.any( String ),
		} );
		expect( shown.body.locked ).toBe( true );
		expect( shown.body.link ).toMatchObject( {
			source: 'user',
			sync_enabled: true,
			origin: 'manual',
		} );

		for ( const method of [ 'PATCH', 'PUT' ] ) {
			const refused = await patch(
				contact.id,
				{ first_name: 'Changed' },
				method
			);
			expect( refused.status ).toBe( 409 );
			expect( refused.body.code ).toBe(
				'users_to_contacts_contact_locked'
			);
			expect( refused.body.message ).toContain( `"${ user.login }"` );
			expect( refused.body.message ).toMatch( /is its source/ );
			expect( refused.body.message ).toMatch( /reverse the direction/ );
			expect( refused.body.message ).toMatch( /turn off sync/ );
		}
		const refusedDelete = await rest< ErrorBody >(
			`${ CONTACTS }/${ contact.id }`,
			{ method: 'DELETE' }
		);
		expect( refusedDelete.status ).toBe( 409 );
		expect( refusedDelete.body.code ).toBe(
			'users_to_contacts_contact_locked'
		);
		expect( ( await get( contact.id ) ).body ).toEqual( shown.body );

		// The contact becomes the source: editable.
		const reversed = await rest( `${ LINKS }/${ user.id }`, {
			method: 'PATCH',
			body: { source: 'contact' },
		} );
		expect( reversed.status ).toBe( 200 );
		const editable = await get( contact.id );
		expect( editable.body.locked ).toBe( false );
		expect( editable.body.user?.id ).toBe( user.id );
		const edited = await patch( contact.id, { first_name: 'Changed' } );
		expect( edited.status ).toBe( 200 );
		expect( edited.body.first_name ).toBe( 'Changed' );

		// Back to the user as source, then sync off: editable too.
		await rest( `${ LINKS }/${ user.id }`, {
			method: 'PATCH',
			body: { source: 'user' },
		} );
		expect( ( await get( contact.id ) ).body.locked ).toBe( true );
		await rest( `${ LINKS }/${ user.id }`, {
			method: 'PATCH',
			body: { sync_enabled: false },
		} );
		expect( ( await get( contact.id ) ).body.locked ).toBe( false );

		// Deleting removes the link; the contact remembers its user.
		const deleted = await rest< Contact & { deleted: boolean } >(
			`${ CONTACTS }/${ contact.id }`,
			{ method: 'DELETE' }
		);
		expect( deleted.status ).toBe( 200 );
		expect( deleted.body ).toMatchObject( {
			deleted: true,
			user: null,
			locked: false,
			former_user_id: user.id,
		} );
		expect( ( await rest( `${ LINKS }/${ user.id }` ) ).status ).toBe(
			404
		);
	} );
} );

describe( 'contacts: bad input changes nothing', () => {
	const badBodies: Array< [ string, unknown, RegExp ] > = [
		[
			'a number for a name',
			{ first_name: 123 },
			/first_name is not of type string/,
		],
		[
			'a string for emails',
			{ first_name: 'A', emails: 'a@example.com' },
			/emails must be a list of objects/,
		],
		[
			'a number for the type',
			{ first_name: 'A', type: 5 },
			/type is not of type string/,
		],
		[
			'a number for the birth date',
			{ first_name: 'A', birth_date: 19900101 },
			/birth_date must be a date written as YYYY-MM-DD/,
		],
		[
			'an impossible birth date',
			{ first_name: 'A', birth_date: '1990-02-30' },
			/birth_date must be a date/,
		],
		[
			'null for a name',
			{ first_name: null },
			/cannot be null: first_name/,
		],
		[
			'an unknown field',
			{ first_name: 'A', favourite_colour: 'blue' },
			/no field named favourite_colour/,
		],
		[
			'a read-only field',
			{ first_name: 'A', locked: false },
			/read-only and cannot be written: locked/,
		],
		[
			'an overlong first name',
			{ first_name: 'x'.repeat( 101 ) },
			/first_name must be at most 100 characters/,
		],
		[
			'an overlong phone',
			{ first_name: 'A', phone: '1'.repeat( 65 ) },
			/phone must be at most 64 characters/,
		],
		[
			'an overlong email',
			{ email: `${ 'x'.repeat( 250 ) }@example.com` },
			/too long/,
		],
		[
			'an invalid email',
			{ first_name: 'A', email: 'nobody at example.com' },
			/"nobody at example.com" is not a valid email address/,
		],
		[
			'an invalid type',
			{ first_name: 'A', type: 'robot' },
			/type is not one of individual, organization, and household/,
		],
		[
			'a script URL as website',
			{ first_name: 'A', website: 'javascript:alert(1)' },
			/website must be a web address/,
		],
		[ 'no name and no email', {}, /needs a name .* or an email address/ ],
		[
			'only markup for a name',
			{ first_name: '<script>alert(1)</script>' },
			/needs a name/,
		],
		[ 'a list instead of an object', [ 'Ada' ], /must be a JSON object/ ],
	];

	it.each( badBodies )(
		'POST with %s answers 400 and creates nothing',
		async ( _label, body, message ) => {
			const before = await totalContacts();
			const response = await rest< ErrorBody >( CONTACTS, {
				method: 'POST',
				body,
			} );
			expect( response.status ).toBe( 400 );
			expect( response.body.message ).toMatch( message );
			expect( await totalContacts() ).toBe( before );
		}
	);

	// An empty or markup-only name is fine on update: the contact keeps its email.
	it.each(
		badBodies.filter(
			( [ label ] ) =>
				label !== 'no name and no email' &&
				label !== 'only markup for a name'
		)
	)(
		'PATCH with %s answers 400 and changes nothing',
		async ( _label, body, message ) => {
			const contact = await create( {
				first_name: 'Steady',
				email: `${ unique( 'steady' ) }@example.com`,
			} );
			const response = await patch( contact.id, body );
			expect( response.status ).toBe( 400 );
			expect( response.body.message ).toMatch( message );
			expect( ( await get( contact.id ) ).body ).toEqual( contact );
		}
	);

	it( 'refuses to empty a contact that has no email', async () => {
		const contact = await create( { first_name: 'Only' } );
		const response = await patch( contact.id, { first_name: '' } );
		expect( response.status ).toBe( 400 );
		expect( response.body.code ).toBe( 'users_to_contacts_contact_empty' );
		expect( ( await get( contact.id ) ).body ).toEqual( contact );
	} );

	it( 'answers 404 for a contact that does not exist', async () => {
		for ( const method of [ 'GET', 'PATCH', 'DELETE' ] ) {
			const response = await rest< ErrorBody >( `${ CONTACTS }/999999`, {
				method,
				body: method === 'PATCH' ? { first_name: 'X' } : undefined,
			} );
			expect( response.status ).toBe( 404 );
			expect( response.body.code ).toBe(
				'users_to_contacts_contact_not_found'
			);
		}
	} );

	it( 'stores SQL as plain text and leaves the tables intact', async () => {
		const payload = "Robert'); DROP TABLE wp_users;--";
		const contact = await create( {
			first_name: payload,
			notes: `${ payload }\n1' OR '1'='1`,
		} );
		expect( contact.first_name ).toBe( payload );
		expect( ( await get( contact.id ) ).body.notes ).toBe(
			`${ payload }\n1' OR '1'='1`
		);
		const found = await search( { search: payload } );
		expect( ids( found.body ) ).toContain( contact.id );
		// A search that is an SQL condition matches nothing, not everything.
		const injected = await search( { search: "' OR '1'='1" } );
		expect( injected.body ).toEqual( [] );

		const users = await rest( '/wp/v2/users/1' );
		expect( users.status ).toBe( 200 );
	} );

	it( 'does not store markup', async () => {
		const contact = await create( {
			first_name: '<script>alert(1)</script>Ada',
			last_name: '<b>Lovelace</b>',
			notes: '<img src=x onerror=alert(1)>Line one\nLine <i>two</i>',
		} );
		const read = ( await get( contact.id ) ).body;
		expect( read.first_name ).toBe( 'Ada' );
		expect( read.last_name ).toBe( 'Lovelace' );
		expect( read.notes ).toBe( 'Line one\nLine two' );
		expect( JSON.stringify( read ) ).not.toMatch( /<script|<img|<b>/ );
	} );
} );

describe( 'contacts: the typed client (src/api/contacts.ts)', () => {
	it( 'creates, lists with the total, reads, updates and deletes', async () => {
		const site = testSite();
		const transport = createFetchTransport( {
			siteUrl: site.url,
			user: site.adminUser,
			password: site.appPassword,
		} );
		const token = unique( 'client' );
		const created = await createContact( transport, {
			first_name: 'Client',
			last_name: token,
			emails: [ { email: `${ token }@example.com`, primary: true } ],
		} );
		await createContact( transport, {
			first_name: 'Other',
			last_name: token,
		} );
		const page = await listContacts( transport, {
			search: token,
			per_page: 1,
			orderby: 'id',
			order: 'asc',
		} );
		expect( page.total ).toBe( 2 );
		expect( page.totalPages ).toBe( 2 );
		expect( page.items.map( ( contact ) => contact.id ) ).toEqual( [
			created.id,
		] );
		expect( ( await getContact( transport, created.id ) ).email ).toBe(
			`${ token }@example.com`
		);
		const updated = await updateContact( transport, created.id, {
			city: 'Oxford',
		} );
		expect( updated.city ).toBe( 'Oxford' );
		const deleted = await deleteContact( transport, created.id );
		expect( deleted.deleted ).toBe( true );
		await expect( getContact( transport, created.id ) ).rejects.toEqual(
			expect.objectContaining( {
				status: 404,
				code: 'users_to_contacts_contact_not_found',
			} )
		);
		await expect(
			createContact( transport, { first_name: 'A', email: 'nope' } )
		).rejects.toBeInstanceOf( ApiError );
	} );
} );
