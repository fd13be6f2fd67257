/**
 * What the All Contacts screen asks of /users-to-contacts/v1/contacts: search across every
 * email in any letter case, the views' counts, whole days of the site's time zone as date
 * bounds, and the contacts a run created (B6), with each contact's user and lock (B8, B13).
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import { getContactCounts, listContacts } from '../../src/api/contacts';
import type { Contact, ContactCounts } from '../../src/api/contacts';
import { runCli } from '../support/sidecar';
import { createUser, rest, runPhp, testSite } from '../support/site';

const CONTACTS = '/users-to-contacts/v1/contacts';
const COUNTS = '/users-to-contacts/v1/contacts/counts';
const LINKS = '/users-to-contacts/v1/links';

const RUN = Date.now().toString( 36 );
let counter = 0;
function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
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

async function listIds( query: Record< string, string > ): Promise< number[] > {
	const response = await rest< Contact[] >( CONTACTS, {
		query: { per_page: '100', ...query },
	} );
	expect( response.status ).toBe( 200 );
	return response.body.map( ( contact ) => contact.id );
}

async function counts(): Promise< ContactCounts > {
	const response = await rest< ContactCounts >( COUNTS );
	expect( response.status ).toBe( 200 );
	return response.body;
}

function transport() {
	const site = testSite();
	return createFetchTransport( {
		siteUrl: site.url,
		user: site.adminUser,
		password: site.appPassword,
	} );
}

describe( 'contacts list: search', () => {
	it( 'finds a contact by a secondary email or a name written in other letter case', async () => {
		const token = unique( 'find' );
		const contact = await create( {
			first_name: `Grace${ token }`,
			last_name: 'Hopper',
			emails: [
				{ email: `primary.${ token }@example.com`, primary: true },
				{ email: `Second.${ token }@Example.org`, primary: false },
			],
		} );
		const other = await create( { first_name: `Other${ token }` } );

		expect(
			await listIds( {
				search: `SECOND.${ token.toUpperCase() }@EXAMPLE.ORG`,
			} )
		).toEqual( [ contact.id ] );
		// Part of an address, and a name in other letter case.
		expect(
			await listIds( { search: `second.${ token }@example` } )
		).toEqual( [ contact.id ] );
		expect(
			await listIds( { search: `grace${ token.toUpperCase() }` } )
		).toEqual( [ contact.id ] );
		expect( await listIds( { search: token } ) ).toEqual( [
			contact.id,
			other.id,
		] );
		// Surrounding spaces are not part of the search.
		expect(
			await listIds( { search: `  second.${ token }@example.org  ` } )
		).toEqual( [ contact.id ] );
	} );

	it( 'treats LIKE wildcards in the search as plain characters', async () => {
		const token = unique( 'wild' );
		const percent = await create( { first_name: `100%${ token }` } );
		await create( { first_name: `100x${ token }` } );
		expect( await listIds( { search: `100%${ token }` } ) ).toEqual( [
			percent.id,
		] );
		expect( await listIds( { search: `10_x${ token }` } ) ).toEqual( [] );
	} );
} );

describe( 'contacts list: the views', () => {
	it( 'counts all, linked and not linked contacts, and follows creates, links and deletes', async () => {
		const before = await counts();
		expect( before.all ).toBe( before.linked + before.not_linked );

		const linked = await create( { first_name: unique( 'linked' ) } );
		const alone = await create( { first_name: unique( 'alone' ) } );
		const user = await createUser( 'subscriber' );
		const link = await rest( LINKS, {
			method: 'POST',
			body: { user_id: user.id, contact_id: linked.id },
		} );
		expect( link.status ).toBe( 201 );
		expect( await counts() ).toEqual( {
			all: before.all + 2,
			linked: before.linked + 1,
			not_linked: before.not_linked + 1,
		} );

		// The typed client reads the same numbers.
		expect( await getContactCounts( transport() ) ).toEqual(
			await counts()
		);

		// A deleted contact is counted nowhere.
		expect(
			(
				await rest( `${ CONTACTS }/${ alone.id }`, {
					method: 'DELETE',
				} )
			).status
		).toBe( 200 );
		expect( await counts() ).toEqual( {
			all: before.all + 1,
			linked: before.linked + 1,
			not_linked: before.not_linked,
		} );

		// They agree with the list's totals for each view.
		const totals = await Promise.all(
			[ {}, { linked: 'true' }, { linked: 'false' } ].map(
				async ( query ) =>
					Number(
						(
							await rest( CONTACTS, {
								query: { per_page: '1', ...query },
							} )
						).headers.get( 'x-wp-total' )
					)
			)
		);
		const now = await counts();
		expect( totals ).toEqual( [ now.all, now.linked, now.not_linked ] );
	} );

	it( 'describes its answer in its schema', async () => {
		const options = await rest< {
			schema: { properties: Record< string, { type: string } > };
		} >( COUNTS, { method: 'OPTIONS' } );
		expect( options.status ).toBe( 200 );
		expect( Object.keys( options.body.schema.properties ) ).toEqual( [
			'all',
			'linked',
			'not_linked',
		] );
	} );

	it( 'is for those who manage contacts only', async () => {
		expect( ( await rest( COUNTS, { auth: null } ) ).status ).toBe( 401 );
		const subscriber = await createUser( 'subscriber' );
		const refused = await rest< { code: string } >( COUNTS, {
			auth: subscriber.credentials,
		} );
		expect( refused.status ).toBe( 403 );
	} );
} );

describe( 'contacts list: date bounds', () => {
	const timezone = 'Pacific/Auckland';
	let previous = '';

	beforeAll( async () => {
		const settings = await rest< { timezone: string } >(
			'/wp/v2/settings'
		);
		previous = settings.body.timezone;
		const changed = await rest( '/wp/v2/settings', {
			method: 'POST',
			body: { timezone },
		} );
		if ( changed.status !== 200 ) {
			throw new Error(
				`Could not set the time zone: ${ changed.status }`
			);
		}
	} );

	afterAll( async () => {
		await rest( '/wp/v2/settings', {
			method: 'POST',
			body: { timezone: previous },
		} );
	} );

	it( "takes a day (YYYY-MM-DD) as the whole day in the site's time zone", async () => {
		const token = unique( 'day' );
		const contact = await create( { first_name: token } );
		// 20:00 UTC on 15 June is 08:00 on 16 June in Auckland (UTC+12 in winter); a day long
		// past, so no other contact of the site falls in it.
		runPhp(
			`global $wpdb; $wpdb->update( $wpdb->prefix . 'utc_contacts', array( 'created' => '2001-06-15 20:00:00', 'modified' => '2001-06-15 20:00:00' ), array( 'id' => ${ contact.id } ) );`
		);
		const found = ( query: Record< string, string > ) =>
			listIds( { search: token, ...query } );

		expect(
			await found( {
				created_after: '2001-06-16',
				created_before: '2001-06-16',
			} )
		).toEqual( [ contact.id ] );
		expect( await found( { created_before: '2001-06-15' } ) ).toEqual( [] );
		expect( await found( { created_after: '2001-06-17' } ) ).toEqual( [] );
		expect(
			await found( {
				modified_after: '2001-06-16',
				modified_before: '2001-06-16',
			} )
		).toEqual( [ contact.id ] );
		expect( await found( { modified_after: '2001-06-17' } ) ).toEqual( [] );
		// An exact time is still read as one (UTC here).
		expect(
			await found( {
				created_after: '2001-06-15T20:00:00Z',
				created_before: '2001-06-15T20:00:00Z',
			} )
		).toEqual( [ contact.id ] );
		expect(
			await found( { created_after: '2001-06-15T20:00:01Z' } )
		).toEqual( [] );
		// Other suites count every contact in a range: this one goes.
		await rest( `${ CONTACTS }/${ contact.id }`, { method: 'DELETE' } );
	} );

	it.each( [ '2031-02-30', '16/06/2031', 'yesterday', '2031-6-1' ] )(
		'refuses %s as a date bound, naming the parameter',
		async ( value ) => {
			const response = await rest< {
				code: string;
				message: string;
			} >( CONTACTS, { query: { created_after: value } } );
			expect( response.status ).toBe( 400 );
			expect( response.body.code ).toBe( 'rest_invalid_param' );
			expect( response.body.message ).toContain(
				'created_after must be an ISO 8601 date and time, such as 2026-11-22T04:26:34Z, or a day, such as 2026-11-22.'
			);
		}
	);
} );

describe( 'contacts list: a run and linked users', () => {
	it( 'lists exactly the contacts a synchronization created (B6), each with its user and lock (B8, B13)', async () => {
		const first = await createUser( 'subscriber' );
		const second = await createUser( 'subscriber' );
		const sync = runCli( [ 'sync', '--json' ] );
		expect( sync.code ).toBe( 0 );
		const { run } = JSON.parse( sync.out ) as {
			run: { id: number; counts: { created: number } };
		};
		expect( run.counts.created ).toBeGreaterThanOrEqual( 2 );

		const page = await listContacts( transport(), {
			run: run.id,
			per_page: 500,
			orderby: 'created',
			order: 'desc',
		} );
		expect( page.total ).toBe( run.counts.created );
		expect(
			page.items.every( ( contact ) => contact.created_by_run === run.id )
		).toBe( true );
		for ( const user of [ first, second ] ) {
			const contact = page.items.find(
				( item ) => item.user?.id === user.id
			);
			expect( contact?.user?.login ).toBe( user.login );
			// The user is the source and sync is on: read-only in Contacts.
			expect( contact?.locked ).toBe( true );
		}

		// A contact made by hand is not the run's.
		const byHand = await create( { first_name: unique( 'hand' ) } );
		expect( await listIds( { run: String( run.id ) } ) ).not.toContain(
			byHand.id
		);
	} );
} );
