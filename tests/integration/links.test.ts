/**
 * /users-to-contacts/v1/links over real HTTP: linking users to contacts by hand, the per-user
 * switch, the direction, unlinking, and one link per user even under concurrent requests.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import {
	createLink,
	deleteLink,
	getLink,
	listLinks,
	updateLink,
} from '../../src/api/contacts';
import type { Contact, Link } from '../../src/api/contacts';
import { createUser, rest, testSite } from '../support/site';

const CONTACTS = '/users-to-contacts/v1/contacts';
const LINKS = '/users-to-contacts/v1/links';

interface ErrorBody {
	code: string;
	message: string;
	data?: { status?: number; link?: Link | null };
}

let counter = 0;

async function newContact(
	fields: Record< string, unknown > = {}
): Promise< Contact > {
	counter += 1;
	const response = await rest< Contact >( CONTACTS, {
		method: 'POST',
		body: { first_name: `Linked ${ counter }`, ...fields },
	} );
	if ( response.status !== 201 ) {
		throw new Error( JSON.stringify( response.body ) );
	}
	return response.body;
}

async function linkCount( query: Record< string, string > ): Promise< number > {
	const response = await rest< Link[] >( LINKS, { query } );
	expect( response.status ).toBe( 200 );
	return Number( response.headers.get( 'x-wp-total' ) );
}

describe( 'links: create, read, update, delete', () => {
	it( 'links a user to a contact by hand and shows it everywhere', async () => {
		const user = await createUser( 'subscriber' );
		const contact = await newContact();
		const startedAt = Date.now();

		const created = await rest< Link >( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: contact.id },
		} );
		expect( created.status ).toBe( 201 );
		expect( created.headers.get( 'location' ) ).toContain(
			`/links/${ user.id }`
		);
		expect( created.body ).toEqual( {
			user_id: user.id,
			contact_id: contact.id,
			sync_enabled: true,
			source: 'user',
			origin: 'manual',
			linked_at: expect.stringMatching(
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
			),
			last_synced_at: null,
		} );
		// The server's clock and ours agree to within a minute.
		expect(
			Math.abs( Date.parse( created.body.linked_at ) - startedAt )
		).toBeLessThan( 60000 );

		const read = await rest< Link >( `${ LINKS }/${ user.id }` );
		expect( read.status ).toBe( 200 );
		expect( read.body ).toEqual( created.body );

		const byUser = await rest< Link[] >( LINKS, {
			query: { user_id: String( user.id ) },
		} );
		expect( byUser.body ).toEqual( [ created.body ] );
		expect( byUser.headers.get( 'x-wp-total' ) ).toBe( '1' );
		const byContact = await rest< Link[] >( LINKS, {
			query: { contact_id: String( contact.id ) },
		} );
		expect( byContact.body ).toEqual( [ created.body ] );

		const shown = await rest< Contact >( `${ CONTACTS }/${ contact.id }` );
		expect( shown.body.user ).toMatchObject( {
			id: user.id,
			login: user.login,
		} );
	} );

	it( 'creates with the switch off and the contact as source when asked', async () => {
		const user = await createUser( 'subscriber' );
		const contact = await newContact();
		const created = await rest< Link >( LINKS, {
			method: 'POST',
			body: {
				user_id: user.id,
				contact_id: contact.id,
				sync_enabled: false,
				source: 'contact',
			},
		} );
		expect( created.status ).toBe( 201 );
		expect( created.body ).toMatchObject( {
			sync_enabled: false,
			source: 'contact',
			origin: 'manual',
		} );
	} );

	it( 'turns the switch and the direction, filters by them, and unlinks keeping the contact', async () => {
		const user = await createUser( 'subscriber' );
		const contact = await newContact();
		await rest( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: contact.id },
		} );

		const off = await rest< Link >( `${ LINKS }/${ user.id }`, {
			method: 'PATCH',
			body: { sync_enabled: false },
		} );
		expect( off.status ).toBe( 200 );
		expect( off.body ).toMatchObject( {
			sync_enabled: false,
			source: 'user',
		} );
		expect(
			await linkCount( {
				user_id: String( user.id ),
				sync_enabled: 'false',
			} )
		).toBe( 1 );
		expect(
			await linkCount( {
				user_id: String( user.id ),
				sync_enabled: 'true',
			} )
		).toBe( 0 );

		const reversed = await rest< Link >( `${ LINKS }/${ user.id }`, {
			method: 'PUT',
			body: { source: 'contact', sync_enabled: true },
		} );
		expect( reversed.status ).toBe( 200 );
		expect( reversed.body ).toMatchObject( {
			sync_enabled: true,
			source: 'contact',
			contact_id: contact.id,
		} );
		expect(
			await linkCount( { user_id: String( user.id ), source: 'contact' } )
		).toBe( 1 );
		expect(
			await linkCount( { user_id: String( user.id ), source: 'user' } )
		).toBe( 0 );

		const unchanged = await rest< Link >( `${ LINKS }/${ user.id }`, {
			method: 'PATCH',
			body: {},
		} );
		expect( unchanged.status ).toBe( 200 );
		expect( unchanged.body ).toEqual( reversed.body );

		const deleted = await rest< Link & { deleted: boolean } >(
			`${ LINKS }/${ user.id }`,
			{ method: 'DELETE' }
		);
		expect( deleted.status ).toBe( 200 );
		expect( deleted.body ).toEqual( { ...reversed.body, deleted: true } );
		expect( ( await rest( `${ LINKS }/${ user.id }` ) ).status ).toBe(
			404
		);

		const kept = await rest< Contact >( `${ CONTACTS }/${ contact.id }` );
		expect( kept.status ).toBe( 200 );
		expect( kept.body ).toMatchObject( {
			user: null,
			locked: false,
			link: null,
			former_user_id: user.id,
		} );

		// The user can be linked again afterwards.
		const relinked = await rest( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: contact.id },
		} );
		expect( relinked.status ).toBe( 201 );
	} );

	it( 'pages the list with X-WP-Total and X-WP-TotalPages, ordered by user', async () => {
		// Only this test's links (other suites add thousands to the same site).
		const userIds: number[] = [];
		for ( let i = 0; i < 3; i++ ) {
			const user = await createUser( 'subscriber' );
			const contact = await newContact();
			await rest( LINKS, {
				method: 'POST',
				body: { user_id: user.id, contact_id: contact.id },
			} );
			userIds.push( user.id );
		}
		const include = userIds.join( ',' );
		const all = await rest< Link[] >( LINKS, {
			query: { include, per_page: '500' },
		} );
		expect( all.headers.get( 'x-wp-total' ) ).toBe( '3' );
		expect( all.body.map( ( link ) => link.user_id ) ).toEqual( userIds );

		const pages: Link[] = [];
		for ( let page = 1; page <= 3; page++ ) {
			const response = await rest< Link[] >( LINKS, {
				query: { include, per_page: '1', page: String( page ) },
			} );
			expect( response.headers.get( 'x-wp-total' ) ).toBe( '3' );
			expect( response.headers.get( 'x-wp-totalpages' ) ).toBe( '3' );
			pages.push( ...response.body );
		}
		expect( pages ).toEqual( all.body );
	} );
} );

describe( 'links: looked up for many users at once', () => {
	it( 'include lists exactly the links of the users named', async () => {
		const people = await Promise.all( [
			createUser( 'subscriber' ),
			createUser( 'subscriber' ),
			createUser( 'subscriber' ),
		] );
		for ( const someone of people.slice( 0, 2 ) ) {
			const contact = await newContact();
			expect(
				(
					await rest( LINKS, {
						method: 'POST',
						body: { user_id: someone.id, contact_id: contact.id },
					} )
				).status
			).toBe( 201 );
		}
		const response = await rest< Link[] >( LINKS, {
			query: {
				include: people.map( ( someone ) => someone.id ).join( ',' ),
				per_page: '100',
			},
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.map( ( link ) => link.user_id ).sort() ).toEqual(
			[ people[ 0 ]?.id, people[ 1 ]?.id ].sort()
		);
		const bad = await rest< ErrorBody >( LINKS, {
			query: { include: 'one,two' },
		} );
		expect( bad.status ).toBe( 400 );
	} );
} );

describe( 'links: one per user, one per contact', () => {
	it( 'refuses a second link for a user or a contact with 409 and a clear message', async () => {
		const first = await createUser( 'subscriber' );
		const second = await createUser( 'subscriber' );
		const contact = await newContact();
		const other = await newContact();
		expect(
			(
				await rest( LINKS, {
					method: 'POST',
					body: { user_id: first.id, contact_id: contact.id },
				} )
			).status
		).toBe( 201 );

		const sameAgain = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: first.id, contact_id: contact.id },
		} );
		expect( sameAgain.status ).toBe( 409 );
		expect( sameAgain.body.code ).toBe( 'users_to_contacts_link_exists' );
		expect( sameAgain.body.message ).toBe(
			`User "${ first.login }" is already linked to contact #${ contact.id }.`
		);

		const userTaken = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: first.id, contact_id: other.id },
		} );
		expect( userTaken.status ).toBe( 409 );
		expect( userTaken.body.code ).toBe( 'users_to_contacts_link_exists' );
		expect( userTaken.body.message ).toContain(
			`User "${ first.login }" is already linked to contact #${ contact.id }`
		);
		expect( userTaken.body.data?.link?.contact_id ).toBe( contact.id );

		const contactTaken = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: second.id, contact_id: contact.id },
		} );
		expect( contactTaken.status ).toBe( 409 );
		expect( contactTaken.body.code ).toBe(
			'users_to_contacts_link_exists'
		);
		expect( contactTaken.body.message ).toContain(
			`Contact #${ contact.id } is already linked to user "${ first.login }"`
		);

		expect( await linkCount( { user_id: String( first.id ) } ) ).toBe( 1 );
		expect( await linkCount( { user_id: String( second.id ) } ) ).toBe( 0 );
		expect( await linkCount( { contact_id: String( other.id ) } ) ).toBe(
			0
		);
	} );

	it( 'gives exactly one 201 and one 409 to two concurrent links of one user', async () => {
		for ( let round = 0; round < 5; round++ ) {
			const user = await createUser( 'subscriber' );
			const [ a, b ] = [ await newContact(), await newContact() ];
			const responses = await Promise.all(
				[ a, b ].map( ( contact ) =>
					rest< Link & ErrorBody >( LINKS, {
						method: 'POST',
						body: { user_id: user.id, contact_id: contact.id },
					} )
				)
			);
			const statuses = responses
				.map( ( response ) => response.status )
				.sort();
			expect( statuses ).toEqual( [ 201, 409 ] );
			const loser = responses.find(
				( response ) => response.status === 409
			);
			expect( loser?.body.code ).toBe( 'users_to_contacts_link_exists' );
			expect( loser?.body.message ).toContain(
				`User "${ user.login }" is already linked`
			);
			const winner = responses.find(
				( response ) => response.status === 201
			);
			const links = await rest< Link[] >( LINKS, {
				query: { user_id: String( user.id ) },
			} );
			expect( links.body ).toEqual( [ winner?.body ] );
		}
	} );

	it( 'lets only one of many concurrent requests link a user, and only one link a contact', async () => {
		const user = await createUser( 'subscriber' );
		const contacts = await Promise.all(
			Array.from( { length: 6 }, () => newContact() )
		);
		const sameUser = await Promise.all(
			contacts.map( ( contact ) =>
				rest( LINKS, {
					method: 'POST',
					body: { user_id: user.id, contact_id: contact.id },
				} )
			)
		);
		expect(
			sameUser.map( ( response ) => response.status ).sort()
		).toEqual( [ 201, 409, 409, 409, 409, 409 ] );
		expect( await linkCount( { user_id: String( user.id ) } ) ).toBe( 1 );

		const users = await Promise.all(
			Array.from( { length: 4 }, () => createUser( 'subscriber' ) )
		);
		const contact = await newContact();
		const sameContact = await Promise.all(
			users.map( ( each ) =>
				rest( LINKS, {
					method: 'POST',
					body: { user_id: each.id, contact_id: contact.id },
				} )
			)
		);
		expect(
			sameContact.map( ( response ) => response.status ).sort()
		).toEqual( [ 201, 409, 409, 409 ] );
		expect( await linkCount( { contact_id: String( contact.id ) } ) ).toBe(
			1
		);
	} );

	it( 'answers 404 for a missing user, a missing or deleted contact, and a user without a link', async () => {
		const user = await createUser( 'subscriber' );
		const contact = await newContact();

		const noUser = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: 999999, contact_id: contact.id },
		} );
		expect( noUser.status ).toBe( 404 );
		expect( noUser.body.code ).toBe( 'users_to_contacts_user_not_found' );

		const noContact = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: 999999 },
		} );
		expect( noContact.status ).toBe( 404 );
		expect( noContact.body.code ).toBe(
			'users_to_contacts_contact_not_found'
		);

		await rest( `${ CONTACTS }/${ contact.id }`, { method: 'DELETE' } );
		const deletedContact = await rest< ErrorBody >( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: contact.id },
		} );
		expect( deletedContact.status ).toBe( 404 );
		expect( deletedContact.body.code ).toBe(
			'users_to_contacts_contact_not_found'
		);
		expect( await linkCount( { user_id: String( user.id ) } ) ).toBe( 0 );

		for ( const [ method, body ] of [
			[ 'GET', undefined ],
			[ 'PATCH', { sync_enabled: false } ],
			[ 'DELETE', undefined ],
		] as const ) {
			const response = await rest< ErrorBody >(
				`${ LINKS }/${ user.id }`,
				{ method, body }
			);
			expect( response.status ).toBe( 404 );
			expect( response.body.code ).toBe(
				'users_to_contacts_link_not_found'
			);
			expect( response.body.message ).toBe(
				`User #${ user.id } is not linked to a contact.`
			);
		}
	} );
} );

describe( 'links: bad input changes nothing', () => {
	const badCreates: Array<
		[
			string,
			( ids: { user: number; contact: number } ) => unknown,
			RegExp,
		]
	> = [
		[
			'no user_id',
			( { contact } ) => ( { contact_id: contact } ),
			/Missing parameter\(s\): user_id/,
		],
		[
			'no contact_id',
			( { user } ) => ( { user_id: user } ),
			/Missing parameter\(s\): contact_id/,
		],
		[
			'a word for user_id',
			( { contact } ) => ( { user_id: 'abc', contact_id: contact } ),
			/user_id is not of type integer/,
		],
		[
			'a negative contact_id',
			( { user } ) => ( { user_id: user, contact_id: -3 } ),
			/contact_id must be greater than or equal to 1/,
		],
		[
			'a word for sync_enabled',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				sync_enabled: 'maybe',
			} ),
			/sync_enabled is not of type boolean/,
		],
		[
			'an unknown source',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				source: 'both',
			} ),
			/source is not one of user and contact/,
		],
		[
			'SQL as source',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				source: "user'; DELETE FROM wp_utc_links;--",
			} ),
			/source is not one of user and contact/,
		],
		[
			'HTML as source',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				source: '<script>alert(1)</script>',
			} ),
			/source is not one of/,
		],
		[
			'an unknown field',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				note: 'hi',
			} ),
			/cannot be written here: note/,
		],
		[
			'a read-only field',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				origin: 'matched',
			} ),
			/cannot be written here: origin/,
		],
		[
			'null for sync_enabled',
			( { user, contact } ) => ( {
				user_id: user,
				contact_id: contact,
				sync_enabled: null,
			} ),
			/cannot be null: sync_enabled/,
		],
		[
			'a list instead of an object',
			( { user, contact } ) => [ user, contact ],
			/Missing parameter\(s\): user_id, contact_id/,
		],
	];

	it.each( badCreates )(
		'POST with %s answers 400 and links nothing',
		async ( _label, makeBody, message ) => {
			const user = await createUser( 'subscriber' );
			const contact = await newContact();
			const before = await linkCount( {} );
			const response = await rest< ErrorBody >( LINKS, {
				method: 'POST',
				body: makeBody( { user: user.id, contact: contact.id } ),
			} );
			expect( response.status ).toBe( 400 );
			expect( response.body.message ).toMatch( message );
			expect( await linkCount( {} ) ).toBe( before );
			expect( await linkCount( { user_id: String( user.id ) } ) ).toBe(
				0
			);
		}
	);

	const badUpdates: Array< [ string, unknown, RegExp ] > = [
		[
			'another contact',
			{ contact_id: 1 },
			/cannot be written here: contact_id.*delete the link and create a new one/,
		],
		[ 'another user', { user_id: 1 }, /cannot be written here: user_id/ ],
		[
			'an unknown source',
			{ source: 'nobody' },
			/source is not one of user and contact/,
		],
		[
			'a word for sync_enabled',
			{ sync_enabled: 'sometimes' },
			/sync_enabled is not of type boolean/,
		],
		[
			'an unknown field',
			{ colour: 'red' },
			/cannot be written here: colour/,
		],
		[
			'a read-only field',
			{ linked_at: '2020-01-01T00:00:00Z' },
			/cannot be written here: linked_at/,
		],
		[ 'null for source', { source: null }, /cannot be null: source/ ],
	];

	it.each( badUpdates )(
		'PATCH with %s answers 400 and changes nothing',
		async ( _label, body, message ) => {
			const user = await createUser( 'subscriber' );
			const contact = await newContact();
			const created = await rest< Link >( LINKS, {
				method: 'POST',
				body: { user_id: user.id, contact_id: contact.id },
			} );
			const response = await rest< ErrorBody >(
				`${ LINKS }/${ user.id }`,
				{ method: 'PATCH', body }
			);
			expect( response.status ).toBe( 400 );
			expect( response.body.message ).toMatch( message );
			expect(
				( await rest< Link >( `${ LINKS }/${ user.id }` ) ).body
			).toEqual( created.body );
		}
	);

	it( 'refuses bad list filters with 400', async () => {
		for ( const [ query, message ] of [
			[ { source: 'both' }, /source is not one of/ ],
			[
				{ sync_enabled: 'perhaps' },
				/sync_enabled is not of type boolean/,
			],
			[ { user_id: 'me' }, /user_id is not of type integer/ ],
			[ { per_page: '501' }, /per_page must be between 1/ ],
		] as const ) {
			const response = await rest< ErrorBody >( LINKS, { query } );
			expect( response.status ).toBe( 400 );
			expect( response.body.message ).toMatch( message );
		}
	} );
} );

describe( 'links: the typed client (src/api/contacts.ts)', () => {
	it( 'creates, lists, reads, updates and deletes a link', async () => {
		const site = testSite();
		const transport = createFetchTransport( {
			siteUrl: site.url,
			user: site.adminUser,
			password: site.appPassword,
		} );
		const user = await createUser( 'subscriber' );
		const contact = await newContact();
		const created = await createLink( transport, {
			user_id: user.id,
			contact_id: contact.id,
		} );
		expect( created.origin ).toBe( 'manual' );
		const page = await listLinks( transport, { user_id: user.id } );
		expect( page.total ).toBe( 1 );
		expect( page.totalPages ).toBe( 1 );
		expect( page.items ).toEqual( [ created ] );
		expect( await getLink( transport, user.id ) ).toEqual( created );
		const updated = await updateLink( transport, user.id, {
			source: 'contact',
		} );
		expect( updated.source ).toBe( 'contact' );
		const deleted = await deleteLink( transport, user.id );
		expect( deleted.deleted ).toBe( true );
		await expect(
			createLink( transport, { user_id: user.id, contact_id: 999999 } )
		).rejects.toMatchObject( {
			status: 404,
			code: 'users_to_contacts_contact_not_found',
		} );
	} );
} );
