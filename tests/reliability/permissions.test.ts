/**
 * Scenario 8, the permission matrix's fifth column (tests/integration/permissions.test.ts has
 * anonymous, subscriber, editor and administrator): an editor given `manage_contacts`, as a
 * site's CRM staff role is. Such a person may manage contacts, but must not change a WordPress
 * user through a contact (R7): the runner applies contact → user changes with its own
 * administrator credentials, so the person's rights must be checked, not the runner's.
 */
import { createUser, rest, runPhp } from '../support/site';
import type { Credentials } from '../support/site';
import { settleEvents, sql } from './support/database';
import { startWatch, stopWatch } from './support/cli';
import type { CliProcess } from './support/cli';
import { sleep } from './support/processes';
import { drained } from './support/watchThroughFault';

interface RouteIndex {
	routes: Record< string, { methods: string[] } >;
}

const CONTACTS = '/users-to-contacts/v1/contacts';

/** A concrete path for a route pattern: ids that do not exist are fine for a permission check. */
function concrete( route: string ): string {
	return route.replace( /\(\?P<[a-z_]+>[^)]*\)/g, '999999' );
}

async function linkedContact( userId: number ): Promise< number > {
	const deadline = Date.now() + 10000;
	for (;;) {
		const [ row ] = sql(
			`SELECT contact_id FROM wp_utc_links WHERE user_id = ${ Number( userId ) }`
		);
		if ( row ) {
			return Number( row[ 0 ] );
		}
		if ( Date.now() > deadline ) {
			throw new Error( `user ${ userId } was not linked within 10 s` );
		}
		await sleep( 50 );
	}
}

function userEmail( userId: number ): string | undefined {
	return sql(
		`SELECT user_email FROM wp_users WHERE ID = ${ Number( userId ) }`
	)[ 0 ]?.[ 0 ];
}

describe( 'an editor with manage_contacts (CRM staff)', () => {
	let staff: Credentials;
	let staffId: number;
	let watcher: CliProcess | undefined;

	beforeAll( async () => {
		settleEvents();
		const editor = await createUser( 'editor' );
		staff = editor.credentials;
		staffId = editor.id;
		runPhp(
			`( new WP_User( ${ Number( staffId ) } ) )->add_cap( 'manage_contacts' );`
		);
		watcher = await startWatch();
	} );

	afterAll( async () => {
		// (Undefined when watch could not start: that failure is the one to see.)
		if ( watcher ) {
			await stopWatch( watcher );
		}
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: { delete_user_with_contact: false },
		} );
	} );

	it( 'reaches every route of the plugin (no 401 or 403 anywhere)', async () => {
		const index = await rest< RouteIndex >( '/users-to-contacts/v1' );
		const wrong: string[] = [];
		for ( const [ route, { methods } ] of Object.entries(
			index.body.routes
		) ) {
			for ( const method of methods.filter(
				( name ) => ! [ 'OPTIONS', 'DELETE' ].includes( name )
			) ) {
				const response = await rest( concrete( route ), {
					method,
					auth: staff,
					body: method === 'GET' ? undefined : {},
				} );
				if ( [ 401, 403, 500 ].includes( response.status ) ) {
					wrong.push(
						`${ method } ${ route }: ${ response.status }`
					);
				}
			}
		}
		expect( wrong ).toEqual( [] );
	} );

	it( 'manages contacts: creates, edits and deletes one', async () => {
		const created = await rest< { id: number } >( CONTACTS, {
			method: 'POST',
			auth: staff,
			body: {
				type: 'individual',
				first_name: 'Staff',
				email: `staff${ Date.now() }@example.com`,
			},
		} );
		expect( created.status ).toBe( 201 );
		const edited = await rest( `${ CONTACTS }/${ created.body.id }`, {
			method: 'PATCH',
			auth: staff,
			body: { phone: '+1 555 0100' },
		} );
		expect( edited.status ).toBe( 200 );
		const deleted = await rest( `${ CONTACTS }/${ created.body.id }`, {
			method: 'DELETE',
			auth: staff,
		} );
		expect( deleted.status ).toBe( 200 );
	} );

	it( 'may not change a WordPress user directly (WordPress refuses: no edit_users)', async () => {
		const victim = await createUser( 'administrator' );
		const response = await rest( `/wp/v2/users/${ victim.id }`, {
			method: 'PUT',
			auth: staff,
			body: { email: `taken${ Date.now() }@example.com` },
		} );
		expect( response.status ).toBe( 403 );
	} );

	// R7 (issue 8, finding 2). The attempts run as passing steps (their answers are not asserted:
	// the route refuses the link's reversal, the runner what the contact carries); the outcome is.
	describe( 'changing a WordPress user through a contact (R7)', () => {
		let admin: { id: number; email: string | undefined };
		let authorId = 0;

		it( "the person reverses an administrator's link and gives the contact another email; the runner processes it", async () => {
			const victim = await createUser( 'administrator' );
			admin = { id: victim.id, email: userEmail( victim.id ) };
			const contactId = await linkedContact( victim.id );
			await rest( `/users-to-contacts/v1/links/${ victim.id }`, {
				method: 'PATCH',
				auth: staff,
				body: { source: 'contact' },
			} );
			await rest( `${ CONTACTS }/${ contactId }`, {
				method: 'PATCH',
				auth: staff,
				body: { email: `intruder${ Date.now() }@example.com` },
			} );
			await drained( 30000 );
		} );

		// R7: the person may not make the contact the source of an administrator's details, and
		// what a contact carries to a user is checked against the person who changed it.
		it( 'R7: the administrator keeps their email', () => {
			expect( userEmail( admin.id ) ).toBe( admin.email );
		} );

		it( 'with "Delete user when contact is deleted" on, the person deletes an author\'s contact; the runner processes it', async () => {
			const settings = await rest( '/users-to-contacts/v1/settings', {
				method: 'PATCH',
				body: { delete_user_with_contact: true },
			} );
			expect( settings.status ).toBe( 200 );
			const author = await createUser( 'author' );
			authorId = author.id;
			const contactId = await linkedContact( author.id );
			await rest( `/users-to-contacts/v1/links/${ author.id }`, {
				method: 'PATCH',
				auth: staff,
				body: { source: 'contact' },
			} );
			await rest( `${ CONTACTS }/${ contactId }`, {
				method: 'DELETE',
				auth: staff,
			} );
			await drained( 30000 );
		} );

		// R7: a deletion is checked against the rights of the person who deleted the contact.
		it( 'R7: the author still exists', () => {
			expect( userEmail( authorId ) ).toBeDefined();
		} );
	} );
} );
