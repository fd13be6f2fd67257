/**
 * R8, issue 8 finding 4: /bulk/apply holds every invariant the other routes hold, and /contacts,
 * /me and /bulk/apply share one validation and sanitisation (refuse with the field named, never
 * cut). Each test reproduces one way the apply route used to break them.
 */
import type { ApplyResult, BulkOperation } from '../../src/api/sync';
import { createUser, rest, runPhp } from '../support/site';

const NS = '/users-to-contacts/v1';

interface Contact {
	id: number;
	email: string | null;
	emails: Array< { email: string; primary: boolean } >;
	first_name: string;
	last_name: string;
	phone: string;
	website: string;
	notes: string;
	locked: boolean;
	user: { id: number } | null;
}

interface ErrorBody {
	code: string;
	message: string;
}

let sequence = 0;
function unique( prefix: string ): string {
	sequence += 1;
	return `${ prefix }${ Date.now().toString( 36 ) }${ sequence }`;
}

async function apply( operations: BulkOperation[] | unknown[] ) {
	const response = await rest< ApplyResult & ErrorBody >(
		`${ NS }/bulk/apply`,
		{
			method: 'POST',
			body: { operations },
		}
	);
	if ( response.status !== 200 ) {
		throw new Error(
			`apply answered ${ response.status }: ${ JSON.stringify( response.body ) }`
		);
	}
	return response.body;
}

async function newUser(): Promise< { id: number; email: string } > {
	const person = await createUser( 'subscriber' );
	return { id: person.id, email: `${ person.login }@example.com` };
}

async function newContact( fields: Record< string, unknown > = {} ) {
	const response = await rest< Contact >( `${ NS }/contacts`, {
		method: 'POST',
		body: {
			first_name: 'Owner',
			email: `${ unique( 'rules' ) }@example.com`,
			...fields,
		},
	} );
	expect( response.status ).toBe( 201 );
	return response.body;
}

async function contact( id: number, deleted = false ) {
	const response = await rest< Contact >( `${ NS }/contacts/${ id }` );
	expect( response.status ).toBe( deleted ? 404 : 200 );
	return response.body;
}

async function linkedContact( userId: number ): Promise< number | null > {
	const response = await rest< { contact_id: number } >(
		`${ NS }/links/${ userId }`
	);
	return response.status === 200 ? response.body.contact_id : null;
}

async function link(
	userId: number,
	contactId: number,
	fields: Record< string, unknown > = {}
) {
	const response = await rest( `${ NS }/links`, {
		method: 'POST',
		body: { user_id: userId, contact_id: contactId, ...fields },
	} );
	expect( response.status ).toBe( 201 );
}

describe( '/bulk/apply holds the invariants of the other routes', () => {
	it( 'a batch that links a user to a contact and deletes that contact refuses the link: no user is left linked to a deleted contact', async () => {
		const user = await newUser();
		const target = await newContact();
		const result = await apply( [
			{ kind: 'link', user_id: user.id, contact_id: target.id },
			{ kind: 'delete_contact', contact_id: target.id },
		] );
		expect( result.results ).toEqual( [
			expect.objectContaining( {
				index: 0,
				status: 'refused',
				reason: 'contact_deleted',
			} ),
			expect.objectContaining( { index: 1, status: 'applied' } ),
		] );
		expect( await linkedContact( user.id ) ).toBeNull();
		await contact( target.id, true );
	} );

	// The site's table prefix is known only once it runs: each case builds its key from it.
	it.each( [
		[
			'PREFIX_CAPABILITIES',
			( p: string ) => `${ p.toUpperCase() }CAPABILITIES`,
		],
		[
			'Prefix_Capabilities',
			( p: string ) =>
				`${ p.charAt( 0 ).toUpperCase() }${ p.slice( 1 ) }Capabilities`,
		],
		[
			'prefix_capabilities with a leading space',
			( p: string ) => ` ${ p }capabilities`,
		],
		[
			'PREFIX_USER_LEVEL',
			( p: string ) => `${ p.toUpperCase() }USER_LEVEL`,
		],
		[ 'USER_PASS', () => 'USER_PASS' ],
		[ 'Session_Tokens', () => 'Session_Tokens' ],
	] )(
		'refuses the private user field %s in any letter case; the user keeps their roles',
		async ( _label, key ) => {
			const prefix = runPhp(
				'echo $GLOBALS["wpdb"]->get_blog_prefix();'
			);
			const user = await newUser();
			const result = await apply( [
				{
					kind: 'update_user',
					user_id: user.id,
					fields: { [ key( prefix ) ]: 'a:0:{}' },
				},
			] );
			expect( result.results[ 0 ] ).toMatchObject( {
				status: 'refused',
				reason: 'invalid',
			} );
			expect( result.results[ 0 ]?.message ).toMatch(
				/cannot be written through this route/
			);
			const stored = await rest< { roles: string[] } >(
				`/wp/v2/users/${ user.id }`,
				{ query: { context: 'edit' } }
			);
			expect( stored.body.roles ).toEqual( [ 'subscriber' ] );
		}
	);

	it( 'B8: a locked contact (its user is the source) is neither edited nor deleted through it, except by the sync for its own user', async () => {
		const user = await newUser();
		const locked = await newContact( { first_name: 'Kept' } );
		await link( user.id, locked.id, { source: 'user' } );
		expect( ( await contact( locked.id ) ).locked ).toBe( true );

		const edit = await apply( [
			{
				kind: 'update_contact',
				contact_id: locked.id,
				fields: { first_name: 'Mallory' },
			},
		] );
		const removal = await apply( [
			{ kind: 'delete_contact', contact_id: locked.id },
		] );
		for ( const refused of [ edit, removal ] ) {
			expect( refused.results[ 0 ] ).toMatchObject( {
				status: 'refused',
				reason: 'contact_locked',
			} );
		}
		const other = await newUser();
		const someoneElse = await apply( [
			{
				kind: 'update_contact',
				user_id: other.id,
				contact_id: locked.id,
				fields: { first_name: 'Mallory' },
			},
		] );
		expect( someoneElse.results[ 0 ] ).toMatchObject( {
			status: 'refused',
		} );
		expect( await contact( locked.id ) ).toMatchObject( {
			first_name: 'Kept',
			user: { id: user.id },
		} );

		// The sync's own user -> contact update, for the linked user: what the lock is for.
		const sync = await apply( [
			{
				kind: 'update_contact',
				user_id: user.id,
				contact_id: locked.id,
				fields: { first_name: 'Synced' },
			},
		] );
		expect( sync.results[ 0 ] ).toMatchObject( { status: 'applied' } );
		expect( ( await contact( locked.id ) ).first_name ).toBe( 'Synced' );
	} );

	it( "a refused link refuses the update sent with it: one user's details never reach another user's contact", async () => {
		const owner = await newUser();
		const theirs = await newContact( {
			first_name: 'Owner',
			phone: '111',
		} );
		// Linked to its owner, the contact as source: not locked, so only the link can say no.
		await link( owner.id, theirs.id, { source: 'contact' } );
		const intruder = await newUser();
		const result = await apply( [
			{ kind: 'link', user_id: intruder.id, contact_id: theirs.id },
			{
				kind: 'update_contact',
				user_id: intruder.id,
				contact_id: theirs.id,
				fields: { first_name: 'Intruder', phone: '999' },
			},
		] );
		expect( result.results ).toEqual( [
			expect.objectContaining( {
				status: 'already_linked',
				reason: 'contact_already_linked',
			} ),
			expect.objectContaining( { status: 'refused' } ),
		] );
		expect( await contact( theirs.id ) ).toMatchObject( {
			first_name: 'Owner',
			phone: '111',
		} );
	} );

	it( 'R5: two primary-email moves in one batch keep every former address', async () => {
		const first = `${ unique( 'move' ) }@example.com`;
		const second = `${ unique( 'move' ) }@example.com`;
		const third = `${ unique( 'move' ) }@example.com`;
		const moving = await newContact( { email: first } );
		await apply( [
			{
				kind: 'update_contact',
				contact_id: moving.id,
				primary_email: second,
			},
			{
				kind: 'update_contact',
				contact_id: moving.id,
				primary_email: third,
			},
		] );
		const after = await contact( moving.id );
		expect( after.email ).toBe( third );
		expect( after.emails.map( ( item ) => item.email ).sort() ).toEqual(
			[ first, second, third ].sort()
		);
		expect( after.emails.filter( ( item ) => item.primary ) ).toHaveLength(
			1
		);
	} );
} );

describe( 'one validation and sanitisation for /bulk/apply, /contacts and /me', () => {
	it( 'refuses a javascript: website per operation, as /contacts does, and lets the rest of the batch land', async () => {
		const [ bad, good ] = [ await newUser(), await newUser() ];
		const result = await apply( [
			{
				kind: 'create_and_link',
				user_id: bad.id,
				contact: { email: bad.email, website: 'javascript:alert(1)' },
			},
			{
				kind: 'create_and_link',
				user_id: good.id,
				contact: { email: good.email, website: 'https://example.com/' },
			},
		] );
		expect( result.results[ 0 ] ).toMatchObject( {
			status: 'refused',
			reason: 'invalid',
		} );
		expect( result.results[ 0 ]?.message ).toMatch(
			/website must be a web address starting with http/
		);
		expect( result.results[ 1 ] ).toMatchObject( { status: 'applied' } );
		expect( await linkedContact( bad.id ) ).toBeNull();
		const made = await contact( result.results[ 1 ]?.contact_id ?? 0 );
		expect( made.website ).toBe( 'https://example.com/' );
	} );

	it( 'cleans markup out of text fields as /contacts does', async () => {
		const user = await newUser();
		const result = await apply( [
			{
				kind: 'create_and_link',
				user_id: user.id,
				contact: {
					email: user.email,
					first_name: '<script>alert(1)</script>Ada',
					last_name: '<b>Lovelace</b>',
					notes: '<img src=x onerror=alert(1)>Line one\nLine <i>two</i>',
				},
			},
		] );
		expect( result.results[ 0 ] ).toMatchObject( { status: 'applied' } );
		const made = await contact( result.results[ 0 ]?.contact_id ?? 0 );
		expect( made ).toMatchObject( {
			first_name: 'Ada',
			last_name: 'Lovelace',
			notes: 'Line one\nLine two',
		} );
	} );

	it( 'refuses notes over 65,535 bytes instead of cutting them, in /bulk/apply as in /contacts', async () => {
		const notes = 'é'.repeat( 40000 ); // 40,000 characters, 80,000 bytes
		const target = await newContact( { notes: 'short' } );
		const result = await apply( [
			{
				kind: 'update_contact',
				contact_id: target.id,
				fields: { notes },
			},
		] );
		expect( result.results[ 0 ] ).toMatchObject( {
			status: 'refused',
			reason: 'invalid',
		} );
		expect( result.results[ 0 ]?.message ).toMatch( /notes/ );
		expect( ( await contact( target.id ) ).notes ).toBe( 'short' );

		const direct = await rest< ErrorBody >(
			`${ NS }/contacts/${ target.id }`,
			{
				method: 'PATCH',
				body: { notes },
			}
		);
		expect( direct.status ).toBe( 400 );
		expect( direct.body.message ).toMatch( /notes/ );
	} );

	it( '/me refuses a value too long once cleaned (400 naming the field) instead of cutting it, as /contacts does', async () => {
		const person = await createUser( 'subscriber' );
		const mine = await newContact( {
			email: `${ person.login }@example.com`,
			phone: '555-0100',
		} );
		await link( person.id, mine.id, { source: 'user' } );
		// 20 characters as sent, 80 once "<" is cleaned to "&lt;": more than the 64 a phone holds.
		const phone = '<'.repeat( 20 );
		const me = await rest< ErrorBody >( `${ NS }/me`, {
			method: 'PUT',
			auth: person.credentials,
			body: { phone },
		} );
		expect( me.status ).toBe( 400 );
		// My details names the field by its label.
		expect( me.body.message ).toBe(
			'Phone is too long once cleaned of markup: at most 64 characters.'
		);
		expect( ( await contact( mine.id ) ).phone ).toBe( '555-0100' );

		const other = await newContact( { phone: '555-0100' } );
		const direct = await rest< ErrorBody >(
			`${ NS }/contacts/${ other.id }`,
			{
				method: 'PATCH',
				body: { phone },
			}
		);
		expect( direct.status ).toBe( 400 );
		expect( direct.body.message ).toMatch( /phone/ );
	} );
} );
