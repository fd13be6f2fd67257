/**
 * The engine's bulk routes over real HTTP: keyset pages of users, contacts by email, and the
 * batch apply (all or nothing, idempotent, exactly once under concurrency).
 */
import { rest } from '../support/site';
import type {
	ApplyResult,
	BulkContact,
	BulkOperation,
	BulkUser,
	BulkUsersPage,
	ContactsByEmails,
	Event,
	Run,
} from '../../src/api/sync';

const NS = '/users-to-contacts/v1';

interface WpError {
	code: string;
	message: string;
	data?: {
		status?: number;
		index?: number;
		params?: Record< string, string >;
	};
}

let sequence = 0;

async function makeUser( prefix = 'bulk', role = 'subscriber' ) {
	sequence += 1;
	const login = `${ prefix }_${ Date.now().toString( 36 ) }_${ sequence }`;
	const response = await rest< { id: number } >( '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email: `${ login }@example.com`,
			password: 'secret-password-123',
			roles: [ role ],
		},
	} );
	expect( response.status ).toBe( 201 );
	return { id: response.body.id, login, email: `${ login }@example.com` };
}

async function apply( body: {
	operations: BulkOperation[] | unknown[];
	run_id?: number;
	cursor?: number;
} ) {
	return rest< ApplyResult & WpError >( `${ NS }/bulk/apply`, {
		method: 'POST',
		body,
	} );
}

async function applyOk( body: {
	operations: BulkOperation[];
	run_id?: number;
	cursor?: number;
} ): Promise< ApplyResult > {
	const response = await apply( body );
	if ( response.status !== 200 ) {
		throw new Error(
			`apply answered ${ response.status }: ${ JSON.stringify(
				response.body
			) }`
		);
	}
	return response.body;
}

async function bulkUser( id: number ): Promise< BulkUser | undefined > {
	const page = await rest< BulkUsersPage >( `${ NS }/bulk/users`, {
		query: { after: String( id - 1 ), limit: '1' },
	} );
	expect( page.status ).toBe( 200 );
	return page.body.users.find( ( user ) => user.id === id );
}

async function matches( emails: string[] ) {
	const response = await rest< ContactsByEmails >(
		`${ NS }/bulk/contacts-by-emails`,
		{ method: 'POST', body: { emails } }
	);
	expect( response.status ).toBe( 200 );
	return response.body.matches;
}

/** A contact made through create_and_link, then unlinked: a free contact with this email. */
async function freeContact( email: string, fields = {} ) {
	const owner = await makeUser( 'owner' );
	const created = await applyOk( {
		operations: [
			{
				kind: 'create_and_link',
				user_id: owner.id,
				contact: { email, first_name: 'Free', ...fields },
			},
		],
	} );
	await applyOk( { operations: [ { kind: 'unlink', user_id: owner.id } ] } );
	return created.results[ 0 ]?.contact_id ?? 0;
}

async function startRun( kind: 'sync_users' | 'resync_all', dryRun = false ) {
	const response = await rest< Run >( `${ NS }/runs`, {
		method: 'POST',
		body: { kind, dry_run: dryRun },
	} );
	expect( response.status ).toBe( 201 );
	return response.body;
}

async function finishRun( id: number, status = 'completed' ) {
	const response = await rest< Run >( `${ NS }/runs/${ id }`, {
		method: 'PATCH',
		body: { status },
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

beforeAll( async () => {
	// A run left in progress by an earlier file would refuse startRun() here.
	const open = await rest< Run[] >( `${ NS }/runs`, {
		query: { per_page: '100' },
	} );
	for ( const run of open.body ) {
		if ( run.status === 'running' || run.status === 'paused' ) {
			await finishRun( run.id, 'cancelled' );
		}
	}
} );

describe( 'GET /bulk/users', () => {
	it( 'keyset pages cover every user exactly once, with the total on the first page', async () => {
		for ( let i = 0; i < 5; i++ ) {
			await makeUser( 'page' );
		}
		const all: number[] = [];
		for ( let page = 1; ; page++ ) {
			const response = await rest< Array< { id: number } > >(
				'/wp/v2/users',
				{
					query: {
						per_page: '100',
						page: String( page ),
						context: 'edit',
					},
				}
			);
			all.push( ...response.body.map( ( user ) => user.id ) );
			if ( response.body.length < 100 ) {
				break;
			}
		}
		// Small pages, but not so small that the users other suites left need 1,000 requests.
		const limit = Math.max( 3, Math.ceil( all.length / 200 ) );
		const seen: number[] = [];
		let after = 0;
		const totals: Array< number | undefined > = [];
		for ( let guard = 0; guard < 1000; guard++ ) {
			const response = await rest< BulkUsersPage >(
				`${ NS }/bulk/users`,
				{ query: { after: String( after ), limit: String( limit ) } }
			);
			expect( response.status ).toBe( 200 );
			totals.push( response.body.total );
			seen.push( ...response.body.users.map( ( user ) => user.id ) );
			if ( response.body.next_after === null ) {
				break;
			}
			expect( response.body.users ).toHaveLength( limit );
			after = response.body.next_after;
		}
		expect( new Set( seen ).size ).toBe( seen.length );
		expect( [ ...seen ].sort( ( a, b ) => a - b ) ).toEqual( seen );
		expect( seen.sort( ( a, b ) => a - b ) ).toEqual(
			all.sort( ( a, b ) => a - b )
		);
		// Only the first page counts the users.
		expect( totals[ 0 ] ).toBe( all.length );
		expect(
			totals.slice( 1 ).every( ( total ) => total === undefined )
		).toBe( true );
	} );

	it( 'gives each user email, roles, names, the requested fields and the link', async () => {
		const user = await makeUser( 'fields', 'editor' );
		await rest( `/wp/v2/users/${ user.id }`, {
			method: 'POST',
			body: {
				first_name: 'Grace',
				last_name: 'Hopper',
				url: 'https://example.org/grace',
				description: 'Admiral',
			},
		} );
		const contact = await freeContact(
			`contact_${ user.login }@example.com`
		);
		await applyOk( {
			operations: [
				{
					kind: 'link',
					user_id: user.id,
					contact_id: contact,
					origin: 'matched',
				},
			],
		} );
		const page = await rest< BulkUsersPage >( `${ NS }/bulk/users`, {
			query: {
				after: String( user.id - 1 ),
				limit: '1',
				fields: 'user_url, description,no_such_meta,user_registered',
			},
		} );
		expect( page.status ).toBe( 200 );
		expect( page.body.users[ 0 ] ).toEqual( {
			id: user.id,
			login: user.login,
			email: user.email,
			roles: [ 'editor' ],
			// R6: the administrator created the user with this address.
			email_verified: true,
			display_name: user.login,
			first_name: 'Grace',
			last_name: 'Hopper',
			fields: {
				user_url: 'https://example.org/grace',
				description: 'Admiral',
				no_such_meta: null,
				user_registered: expect.stringMatching(
					/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/
				),
			},
			link: {
				contact_id: contact,
				sync_enabled: true,
				source: 'user',
				origin: 'matched',
			},
			// B7: only an unlinked user's switch lives on the user.
			sync_off: false,
		} );
	} );

	it( 'include gives exactly the users asked for, in id order, and no next page', async () => {
		const first = await makeUser( 'include' );
		const second = await makeUser( 'include' );
		const page = await rest< BulkUsersPage >( `${ NS }/bulk/users`, {
			query: {
				include: `${ second.id },${ first.id },999999999`,
				after: String( second.id ),
			},
		} );
		expect( page.status ).toBe( 200 );
		expect( page.body.users.map( ( user ) => user.id ) ).toEqual( [
			first.id,
			second.id,
		] );
		expect( page.body.next_after ).toBeNull();
		expect( page.body.total ).toBeUndefined();
	} );

	it.each( [
		[ { limit: '0' } ],
		[ { limit: '5001' } ],
		[ { after: '-1' } ],
		[ { after: 'first' } ],
		[ { fields: 'user_pass' } ],
		[ { fields: 'first_name,session_tokens' } ],
		[ { fields: 'wp_capabilities' } ],
		[ { fields: '_application_passwords' } ],
		[ { fields: 'user_activation_key' } ],
		[ { include: '1,two' } ],
		[ { include: '0' } ],
	] )( 'answers 400 to %j', async ( query ) => {
		const response = await rest< WpError >( `${ NS }/bulk/users`, {
			query,
		} );
		expect( response.status ).toBe( 400 );
		expect( response.body.message ).toBeTruthy();
	} );
} );

describe( 'POST /bulk/contacts-by-emails', () => {
	it( 'finds the non-deleted contacts holding each email, case-insensitively, with their linked user', async () => {
		const stamp = Date.now().toString( 36 );
		const shared = `Shared.${ stamp }@Example.com`;
		const user = await makeUser( 'holder' );
		const linked = await applyOk( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: user.id,
					contact: { email: shared },
				},
			],
		} );
		const linkedContact = linked.results[ 0 ]?.contact_id ?? 0;
		const other = await freeContact( `other.${ stamp }@example.com` );
		await applyOk( {
			operations: [
				{
					kind: 'update_contact',
					contact_id: other,
					add_emails: [ shared.toUpperCase() ],
				},
			],
		} );
		const gone = await freeContact( `gone.${ stamp }@example.com` );
		await applyOk( {
			operations: [
				{
					kind: 'update_contact',
					contact_id: gone,
					add_emails: [ shared ],
				},
				{ kind: 'delete_contact', contact_id: gone },
			],
		} );

		const found = await matches( [
			`  ${ shared.toUpperCase() } `,
			`nobody.${ stamp }@example.com`,
		] );
		expect( found ).toEqual( {
			[ shared.toLowerCase() ]: [
				{
					contact_id: linkedContact,
					type: 'individual',
					primary: true,
					linked_user_id: user.id,
				},
				{
					contact_id: other,
					type: 'individual',
					primary: false,
					linked_user_id: null,
				},
			],
			[ `nobody.${ stamp }@example.com` ]: [],
		} );
	} );

	it.each( [
		[ 'no emails', {}, /emails/ ],
		[ 'an empty list', { emails: [] }, /emails/ ],
		[ 'a number', { emails: [ 5 ] }, /emails/ ],
		[ 'a blank email', { emails: [ '   ' ] }, /emails\[0\] is empty/ ],
		[
			'an email of 262 characters',
			{ emails: [ `${ 'a'.repeat( 250 ) }@example.com` ] },
			/emails/,
		],
		[
			'5001 emails',
			{
				emails: Array.from(
					{ length: 5001 },
					( _, i ) => `${ i }@x.org`
				),
			},
			/emails/,
		],
		[
			'an unknown field',
			{ emails: [ 'a@example.com' ], limit: 5 },
			/Unknown field: limit/,
		],
	] )( 'answers 400 to %s', async ( _, body, message ) => {
		const response = await rest< WpError >(
			`${ NS }/bulk/contacts-by-emails`,
			{ method: 'POST', body }
		);
		expect( response.status ).toBe( 400 );
		expect(
			response.body.message + JSON.stringify( response.body.data ?? {} )
		).toMatch( message );
	} );

	it( 'takes SQL and HTML in an email as plain text', async () => {
		const found = await matches( [
			"x' OR '1'='1",
			'<script>alert(1)</script>@example.com',
		] );
		expect( found ).toEqual( {
			"x' or '1'='1": [],
			'<script>alert(1)</script>@example.com': [],
		} );
	} );
} );

describe( 'POST /bulk/contacts', () => {
	it( 'gives each live contact asked for with its fields and emails, the primary first', async () => {
		const stamp = Date.now().toString( 36 );
		const contact = await freeContact( `one.${ stamp }@example.com`, {
			last_name: 'Franklin',
			phone: '+44 1',
		} );
		await applyOk( {
			operations: [
				{
					kind: 'update_contact',
					contact_id: contact,
					add_emails: [ `two.${ stamp }@example.com` ],
					primary_email: `Three.${ stamp }@example.com`,
				},
			],
		} );
		const gone = await freeContact( `gone.${ stamp }@example.com` );
		await applyOk( {
			operations: [ { kind: 'delete_contact', contact_id: gone } ],
		} );
		const response = await rest< { contacts: BulkContact[] } >(
			`${ NS }/bulk/contacts`,
			{ method: 'POST', body: { ids: [ gone, contact, 999999999 ] } }
		);
		expect( response.status ).toBe( 200 );
		expect( response.body.contacts ).toHaveLength( 1 );
		const [ found ] = response.body.contacts;
		expect( found?.id ).toBe( contact );
		expect( found?.email ).toBe( `three.${ stamp }@example.com` );
		expect( found?.emails[ 0 ] ).toBe( `three.${ stamp }@example.com` );
		expect( [ ...( found?.emails ?? [] ) ].sort() ).toEqual(
			[
				`one.${ stamp }@example.com`,
				`three.${ stamp }@example.com`,
				`two.${ stamp }@example.com`,
			].sort()
		);
		expect( found?.fields ).toMatchObject( {
			type: 'individual',
			first_name: 'Free',
			last_name: 'Franklin',
			phone: '+44 1',
			birth_date: null,
		} );
	} );

	it.each( [
		[ 'no ids', {}, /ids/ ],
		[ 'an empty list', { ids: [] }, /ids/ ],
		[ 'a word', { ids: [ 'seven' ] }, /ids/ ],
		[ 'zero', { ids: [ 0 ] }, /ids/ ],
		[ 'an unknown field', { ids: [ 1 ], deleted: true }, /deleted/ ],
	] )( 'answers 400 to %s', async ( _, body, message ) => {
		const response = await rest< WpError >( `${ NS }/bulk/contacts`, {
			method: 'POST',
			body,
		} );
		expect( response.status ).toBe( 400 );
		expect(
			response.body.message + JSON.stringify( response.body.data ?? {} )
		).toMatch( message );
	} );
} );

describe( 'POST /bulk/apply', () => {
	it( 'is all or nothing for a malformed request: one malformed operation answers 400 naming it and changes nothing', async () => {
		const first = await makeUser( 'atomic' );
		const second = await makeUser( 'atomic' );
		const response = await apply( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: first.id,
					contact: { email: first.email },
				},
				{ kind: 'link', user_id: second.id, contact_id: 1, fields: {} },
			],
		} );
		expect( response.status ).toBe( 400 );
		expect( response.body.code ).toBe(
			'users_to_contacts_invalid_operation'
		);
		expect( response.body.data?.index ).toBe( 1 );
		expect( response.body.message ).toMatch(
			/Operation 1 \(link\) does not take fields/
		);
		expect( ( await bulkUser( first.id ) )?.link ).toBeNull();
		expect( await matches( [ first.email ] ) ).toEqual( {
			[ first.email ]: [],
		} );
	} );

	it( 'R8: an operation that cannot apply (a contact that does not exist) is refused alone, with its reason; the rest lands', async () => {
		const first = await makeUser( 'alone' );
		const second = await makeUser( 'alone' );
		const response = await applyOk( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: first.id,
					contact: { email: first.email },
				},
				{ kind: 'link', user_id: second.id, contact_id: 999999999 },
			],
		} );
		expect( response.results[ 1 ] ).toEqual( {
			index: 1,
			status: 'refused',
			reason: 'no_such_contact',
			message: 'There is no contact 999999999.',
		} );
		expect( response.results[ 0 ]?.status ).toBe( 'applied' );
		expect( ( await bulkUser( first.id ) )?.link ).not.toBeNull();
		expect( ( await bulkUser( second.id ) )?.link ).toBeNull();
	} );

	it( 'a replayed batch changes nothing: same results as already applied, same counts, no second contact', async () => {
		const run = await startRun( 'sync_users' );
		try {
			const matched = await makeUser( 'replay' );
			const created = await makeUser( 'replay' );
			const skipped = await makeUser( 'replay' );
			const contact = await freeContact( matched.email );
			const batch: BulkOperation[] = [
				{
					kind: 'link',
					user_id: matched.id,
					contact_id: contact,
					origin: 'matched',
				},
				{
					kind: 'create_and_link',
					user_id: created.id,
					contact: {
						type: 'individual',
						email: created.email,
						first_name: 'Created',
						last_name: 'Person',
					},
				},
				{ kind: 'skip', user_id: skipped.id, reason: 'empty_email' },
			];
			const once = await applyOk( {
				run_id: run.id,
				cursor: skipped.id,
				operations: batch,
			} );
			expect( once.results.map( ( r ) => r.status ) ).toEqual( [
				'applied',
				'applied',
				'applied',
			] );
			expect( once.counts ).toEqual( {
				checked: 3,
				matched: 1,
				created: 1,
				skipped: 1,
				updated: 0,
			} );
			const createdContact = once.results[ 1 ]?.contact_id;
			expect( createdContact ).toEqual( expect.any( Number ) );

			const twice = await applyOk( {
				run_id: run.id,
				cursor: skipped.id,
				operations: batch,
			} );
			expect( twice.results ).toEqual( [
				{ index: 0, status: 'already_applied', contact_id: contact },
				{
					index: 1,
					status: 'already_applied',
					contact_id: createdContact,
				},
				{ index: 2, status: 'applied' },
			] );
			expect( twice.counts ).toEqual( once.counts );
			expect( await matches( [ created.email ] ) ).toEqual( {
				[ created.email ]: [
					{
						contact_id: createdContact,
						type: 'individual',
						primary: true,
						linked_user_id: created.id,
					},
				],
			} );
			const items = await rest< unknown[] >(
				`${ NS }/runs/${ run.id }/items`
			);
			expect( items.headers.get( 'x-wp-total' ) ).toBe( '3' );
			const stored = await rest< Run >( `${ NS }/runs/${ run.id }` );
			expect( stored.body.cursor ).toBe( skipped.id );
		} finally {
			await finishRun( run.id );
		}
	} );

	it( 'two concurrent create_and_link for the same user end with one contact and one link', async () => {
		const user = await makeUser( 'race' );
		const operation: BulkOperation = {
			kind: 'create_and_link',
			user_id: user.id,
			contact: { email: user.email, first_name: 'Race' },
		};
		const answers = await Promise.all( [
			applyOk( { operations: [ operation ] } ),
			applyOk( { operations: [ operation ] } ),
		] );
		const statuses = answers
			.map( ( answer ) => answer.results[ 0 ]?.status )
			.sort();
		expect( statuses ).toEqual( [ 'already_linked', 'applied' ] );
		const found = ( await matches( [ user.email ] ) )[ user.email ] ?? [];
		expect( found ).toHaveLength( 1 );
		expect( found[ 0 ]?.linked_user_id ).toBe( user.id );
		expect( ( await bulkUser( user.id ) )?.link?.contact_id ).toBe(
			found[ 0 ]?.contact_id
		);
		for ( const answer of answers ) {
			expect( answer.results[ 0 ]?.contact_id ).toBe(
				found[ 0 ]?.contact_id
			);
		}
	} );

	it( 'many runners creating overlapping batches at once still make one contact per user, counted once', async () => {
		const run = await startRun( 'sync_users' );
		try {
			const users = [];
			for ( let i = 0; i < 12; i++ ) {
				users.push( await makeUser( 'crowd' ) );
			}
			const operations: BulkOperation[] = users.map( ( user ) => ( {
				kind: 'create_and_link',
				user_id: user.id,
				contact: { email: user.email },
			} ) );
			const reversed = [ ...operations ].reverse();
			const answers = await Promise.all( [
				applyOk( { run_id: run.id, operations } ),
				applyOk( { run_id: run.id, operations: reversed } ),
				applyOk( {
					run_id: run.id,
					operations: operations.slice( 4 ),
				} ),
				applyOk( { operations: reversed.slice( 2 ) } ),
			] );
			const applied = answers.flatMap( ( answer ) =>
				answer.results.filter(
					( result ) => result.status === 'applied'
				)
			);
			expect( applied ).toHaveLength( users.length );
			const found = await matches( users.map( ( user ) => user.email ) );
			for ( const user of users ) {
				expect( found[ user.email ] ).toHaveLength( 1 );
				expect( found[ user.email ]?.[ 0 ]?.linked_user_id ).toBe(
					user.id
				);
			}
			const stored = await rest< Run >( `${ NS }/runs/${ run.id }` );
			expect( stored.body.counts.checked ).toBe( users.length );
			expect(
				stored.body.counts.created + stored.body.counts.skipped
			).toBe( users.length );
		} finally {
			await finishRun( run.id );
		}
	} );

	it( 'update_contact writes fields and emails; the old primary stays; a replay is already_applied', async () => {
		const stamp = Date.now().toString( 36 );
		const contact = await freeContact( `first.${ stamp }@example.com` );
		const operation: BulkOperation = {
			kind: 'update_contact',
			contact_id: contact,
			fields: {
				last_name: 'Lovelace',
				phone: '+44 20 7946 0000',
				birth_date: '1815-12-10',
			},
			add_emails: [ `extra.${ stamp }@example.com` ],
			primary_email: `New.${ stamp }@Example.com`,
		};
		const once = await applyOk( { operations: [ operation ] } );
		expect( once.results[ 0 ] ).toEqual( {
			index: 0,
			status: 'applied',
			contact_id: contact,
		} );
		const found = await matches( [
			`first.${ stamp }@example.com`,
			`extra.${ stamp }@example.com`,
			`new.${ stamp }@example.com`,
		] );
		expect( found[ `first.${ stamp }@example.com` ]?.[ 0 ] ).toMatchObject(
			{
				contact_id: contact,
				primary: false,
			}
		);
		expect( found[ `extra.${ stamp }@example.com` ]?.[ 0 ] ).toMatchObject(
			{
				contact_id: contact,
				primary: false,
			}
		);
		expect( found[ `new.${ stamp }@example.com` ]?.[ 0 ] ).toMatchObject( {
			contact_id: contact,
			primary: true,
		} );
		const twice = await applyOk( { operations: [ operation ] } );
		expect( twice.results[ 0 ]?.status ).toBe( 'already_applied' );
	} );

	it( 'update_user writes core fields and meta without recording a user_updated event', async () => {
		const user = await makeUser( 'writeuser' );
		const result = await applyOk( {
			operations: [
				{
					kind: 'update_user',
					user_id: user.id,
					fields: {
						first_name: 'Katherine',
						user_url: 'https://example.org/k',
						favourite_colour: 'teal',
					},
				},
			],
		} );
		expect( result.results[ 0 ]?.status ).toBe( 'applied' );
		const stored = await rest< {
			first_name: string;
			url: string;
		} >( `/wp/v2/users/${ user.id }`, { query: { context: 'edit' } } );
		expect( stored.body.first_name ).toBe( 'Katherine' );
		expect( stored.body.url ).toBe( 'https://example.org/k' );
		const page = await rest< BulkUsersPage >( `${ NS }/bulk/users`, {
			query: {
				after: String( user.id - 1 ),
				limit: '1',
				fields: 'favourite_colour',
			},
		} );
		expect( page.body.users[ 0 ]?.fields ).toEqual( {
			favourite_colour: 'teal',
		} );
		const events = await rest< Event[] >( `${ NS }/events`, {
			query: { user_id: String( user.id ) },
		} );
		expect( events.body.map( ( event ) => event.type ) ).toEqual( [
			'user_registered',
		] );
		const again = await applyOk( {
			operations: [
				{
					kind: 'update_user',
					user_id: user.id,
					fields: { first_name: 'Katherine' },
				},
			],
		} );
		expect( again.results[ 0 ]?.status ).toBe( 'already_applied' );
	} );

	it( "update_user with an email another user has is refused alone, with WordPress's reason; the rest of the batch lands", async () => {
		const user = await makeUser( 'dupemail' );
		const other = await makeUser( 'dupemail' );
		const response = await apply( {
			operations: [
				{
					kind: 'update_user',
					user_id: user.id,
					fields: { first_name: 'Changed' },
				},
				{
					kind: 'update_user',
					user_id: other.id,
					fields: { user_email: user.email },
				},
			],
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.results[ 1 ] ).toMatchObject( {
			status: 'refused',
			reason: 'invalid',
		} );
		expect( response.body.results[ 1 ]?.message ).toMatch(
			/WordPress refused the change to user \d+/
		);
		const stored = await rest< { first_name: string; email: string } >(
			`/wp/v2/users/${ user.id }`,
			{ query: { context: 'edit' } }
		);
		expect( stored.body.first_name ).toBe( 'Changed' );
		const unchanged = await rest< { email: string } >(
			`/wp/v2/users/${ other.id }`,
			{ query: { context: 'edit' } }
		);
		expect( unchanged.body.email ).toBe( other.email );
	} );

	it( 'delete_user never deletes an administrator; deletes others once, with their link and no event', async () => {
		const admin = await makeUser( 'otheradmin', 'administrator' );
		const doomed = await makeUser( 'doomed' );
		await applyOk( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: doomed.id,
					contact: { email: doomed.email },
				},
			],
		} );
		const batch: BulkOperation[] = [
			{ kind: 'delete_user', user_id: 1 },
			{ kind: 'delete_user', user_id: admin.id },
			{ kind: 'delete_user', user_id: doomed.id, reassign: 1 },
		];
		const result = await applyOk( { operations: batch } );
		expect( result.results.map( ( r ) => [ r.status, r.reason ] ) ).toEqual(
			[
				[ 'refused', 'administrator' ],
				[ 'refused', 'administrator' ],
				[ 'applied', undefined ],
			]
		);
		expect( ( await rest( `/wp/v2/users/${ admin.id }` ) ).status ).toBe(
			200
		);
		expect( ( await rest( `/wp/v2/users/${ doomed.id }` ) ).status ).toBe(
			404
		);
		const found = await matches( [ doomed.email ] );
		expect( found[ doomed.email ]?.[ 0 ]?.linked_user_id ).toBeNull();
		const events = await rest< Event[] >( `${ NS }/events`, {
			query: { user_id: String( doomed.id ) },
		} );
		expect( events.body.map( ( event ) => event.type ) ).toEqual( [
			'user_registered',
		] );
		const replay = await applyOk( { operations: batch } );
		expect( replay.results[ 2 ]?.status ).toBe( 'already_applied' );
	} );

	it( 'unlink, touch_link and delete_contact, each idempotent', async () => {
		const user = await makeUser( 'unlink' );
		const created = await applyOk( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: user.id,
					contact: { email: user.email },
				},
			],
		} );
		const contact = created.results[ 0 ]?.contact_id ?? 0;
		const touched = await applyOk( {
			operations: [ { kind: 'touch_link', user_id: user.id } ],
		} );
		expect( touched.results[ 0 ] ).toEqual( {
			index: 0,
			status: 'applied',
			contact_id: contact,
		} );
		const unlink: BulkOperation[] = [
			{ kind: 'unlink', user_id: user.id },
		];
		expect(
			( await applyOk( { operations: unlink } ) ).results[ 0 ]
		).toEqual( { index: 0, status: 'applied', contact_id: contact } );
		expect(
			( await applyOk( { operations: unlink } ) ).results[ 0 ]?.status
		).toBe( 'already_applied' );
		expect( ( await bulkUser( user.id ) )?.link ).toBeNull();
		expect(
			( await matches( [ user.email ] ) )[ user.email ]?.[ 0 ]
		).toMatchObject( { contact_id: contact, linked_user_id: null } );
		const notLinked = await applyOk( {
			operations: [ { kind: 'touch_link', user_id: user.id } ],
		} );
		expect( notLinked.results[ 0 ] ).toEqual( {
			index: 0,
			status: 'refused',
			reason: 'not_linked',
		} );
		const remove: BulkOperation[] = [
			{ kind: 'delete_contact', contact_id: contact },
		];
		expect(
			( await applyOk( { operations: remove } ) ).results[ 0 ]?.status
		).toBe( 'applied' );
		expect(
			( await applyOk( { operations: remove } ) ).results[ 0 ]?.status
		).toBe( 'already_applied' );
		expect( await matches( [ user.email ] ) ).toEqual( {
			[ user.email ]: [],
		} );
		const relink = await applyOk( {
			operations: [
				{ kind: 'link', user_id: user.id, contact_id: contact },
			],
		} );
		expect( relink.results[ 0 ] ).toMatchObject( {
			status: 'refused',
			reason: 'contact_deleted',
		} );
		expect( relink.results[ 0 ]?.message ).toMatch(
			/Contact \d+ was deleted/
		);
	} );

	it( 'link reports a user or contact that is linked already instead of overwriting it', async () => {
		const first = await makeUser( 'taken' );
		const second = await makeUser( 'taken' );
		const contact = await freeContact(
			`taken.${ Date.now() }@example.com`
		);
		const result = await applyOk( {
			operations: [
				{ kind: 'link', user_id: first.id, contact_id: contact },
				{ kind: 'link', user_id: second.id, contact_id: contact },
			],
		} );
		expect( result.results ).toEqual( [
			{ index: 0, status: 'applied', contact_id: contact },
			{
				index: 1,
				status: 'already_linked',
				contact_id: contact,
				reason: 'contact_already_linked',
			},
		] );
		expect( ( await bulkUser( second.id ) )?.link ).toBeNull();
	} );

	it( 'a dry run records items and counts but changes nothing', async () => {
		const run = await startRun( 'sync_users', true );
		try {
			const user = await makeUser( 'dry' );
			const result = await applyOk( {
				run_id: run.id,
				operations: [
					{
						kind: 'create_and_link',
						user_id: user.id,
						contact: { email: user.email },
					},
				],
			} );
			expect( result.results[ 0 ] ).toEqual( {
				index: 0,
				status: 'applied',
			} );
			expect( result.counts ).toMatchObject( { checked: 1, created: 1 } );
			expect( await matches( [ user.email ] ) ).toEqual( {
				[ user.email ]: [],
			} );
			expect( ( await bulkUser( user.id ) )?.link ).toBeNull();
		} finally {
			const finished = await finishRun( run.id );
			expect( finished.summary ).toBe(
				'Synchronize Users to Contacts completed. Checked 1 user records. Found 0 matching contact records. Created 1 new contact records. This was a dry run: nothing was changed.'
			);
		}
	} );

	it( 'refuses batches for a finished or missing run', async () => {
		const run = await startRun( 'resync_all' );
		await finishRun( run.id, 'cancelled' );
		const user = await makeUser( 'late' );
		const late = await apply( {
			run_id: run.id,
			operations: [ { kind: 'skip', user_id: user.id, reason: 'late' } ],
		} );
		expect( late.status ).toBe( 409 );
		expect( late.body.code ).toBe( 'users_to_contacts_run_finished' );
		const missing = await apply( {
			run_id: 999999,
			operations: [ { kind: 'skip', user_id: user.id, reason: 'x' } ],
		} );
		expect( missing.status ).toBe( 400 );
		expect( missing.body.code ).toBe( 'users_to_contacts_run_not_found' );
	} );

	it.each( [
		[ 'no operations', {}, /operations/ ],
		[ 'empty operations', { operations: [] }, /operations/ ],
		[ 'an unknown kind', { operations: [ { kind: 'merge' } ] }, /kind/ ],
		[
			'a missing field',
			{ operations: [ { kind: 'link', user_id: 1 } ] },
			/Operation 0 \(link\) needs contact_id/,
		],
		[
			'a field the kind does not take',
			{ operations: [ { kind: 'unlink', user_id: 1, contact_id: 2 } ] },
			/Operation 0 \(unlink\) does not take contact_id/,
		],
		[
			'an unknown field',
			{ operations: [ { kind: 'unlink', user_id: 1, force: true } ] },
			/force/,
		],
		[
			'a wrong type',
			{ operations: [ { kind: 'unlink', user_id: 'one' } ] },
			/user_id/,
		],
		[
			'a contact without email',
			{
				operations: [
					{
						kind: 'create_and_link',
						user_id: 1,
						contact: { first_name: 'Ann' },
					},
				],
			},
			/contact.email/,
		],
		[
			'an invalid contact type',
			{
				operations: [
					{
						kind: 'create_and_link',
						user_id: 1,
						contact: { email: 'a@example.com', type: 'robot' },
					},
				],
			},
			/type/,
		],
		[
			'an update that changes nothing',
			{ operations: [ { kind: 'update_contact', contact_id: 1 } ] },
			/changes nothing/,
		],
		[
			'a skip without reason',
			{ operations: [ { kind: 'skip', user_id: 1 } ] },
			/needs reason/,
		],
		[
			'an unknown top-level field',
			{
				operations: [ { kind: 'skip', user_id: 1, reason: 'x' } ],
				dry: 1,
			},
			/Unknown field: dry/,
		],
		[
			'a cursor without run',
			{
				operations: [ { kind: 'skip', user_id: 1, reason: 'x' } ],
				cursor: 5,
			},
			/cursor needs a run_id/,
		],
		[
			'SQL in a reason of 256 characters',
			{
				operations: [
					{
						kind: 'skip',
						user_id: 1,
						reason: `'; DROP TABLE wp_users; --${ 'x'.repeat( 230 ) }`,
					},
				],
			},
			/reason/,
		],
		[
			'more than 5000 operations',
			{
				operations: Array.from( { length: 5001 }, () => ( {
					kind: 'skip',
					user_id: 1,
					reason: 'x',
				} ) ),
			},
			/operations/,
		],
	] )( 'answers 400 to %s', async ( _, body, message ) => {
		const response = await rest< WpError >( `${ NS }/bulk/apply`, {
			method: 'POST',
			body,
		} );
		expect( response.status ).toBe( 400 );
		expect(
			response.body.message + JSON.stringify( response.body.data ?? {} )
		).toMatch( message );
	} );

	// Well-formed, but not applicable as sent: refused alone (R8), the batch answers 200.
	it.each( [
		[
			'an invalid email',
			{
				operations: [
					{
						kind: 'create_and_link',
						user_id: 1,
						contact: { email: 'not-an-email' },
					},
				],
			},
			/"not-an-email" is not a valid email address \(contact\.email\)/,
		],
		[
			'an overlong name',
			{
				operations: [
					{
						kind: 'update_contact',
						contact_id: 1,
						fields: { first_name: 'x'.repeat( 101 ) },
					},
				],
			},
			/fields\.first_name must be at most 100 characters/,
		],
		[
			'an unknown contact field',
			{
				operations: [
					{
						kind: 'update_contact',
						contact_id: 1,
						fields: { shoe_size: '42' },
					},
				],
			},
			/fields\.shoe_size is not a contact field/,
		],
		[
			'an impossible birth date',
			{
				operations: [
					{
						kind: 'update_contact',
						contact_id: 1,
						fields: { birth_date: '2001-02-30' },
					},
				],
			},
			/fields\.birth_date must be a date/,
		],
		[
			'a private user field',
			{
				operations: [
					{
						kind: 'update_user',
						user_id: 1,
						fields: {
							wp_capabilities: 'a:1:{s:13:"administrator";b:1;}',
						},
					},
				],
			},
			/fields\.wp_capabilities cannot be written/,
		],
		[
			'a user password',
			{
				operations: [
					{
						kind: 'update_user',
						user_id: 1,
						fields: { user_pass: 'x' },
					},
				],
			},
			/fields\.user_pass cannot be written/,
		],
		[
			'an invalid user email',
			{
				operations: [
					{
						kind: 'update_user',
						user_id: 1,
						fields: { user_email: 'nope' },
					},
				],
			},
			/"nope" is not a valid email address \(fields\.user_email\)/,
		],
		[
			'a user that does not exist',
			{
				operations: [
					{
						kind: 'update_user',
						user_id: 999999999,
						fields: { first_name: 'x' },
					},
				],
			},
			/There is no user 999999999/,
		],
	] )(
		'refuses %s alone: 200, that operation refused with the reason',
		async ( _, body, message ) => {
			const response = await rest< ApplyResult >( `${ NS }/bulk/apply`, {
				method: 'POST',
				body,
			} );
			expect( response.status ).toBe( 200 );
			expect( response.body.results[ 0 ] ).toMatchObject( {
				status: 'refused',
			} );
			expect( response.body.results[ 0 ]?.message ).toMatch( message );
		}
	);

	it( 'cleans markup out of contact fields as /contacts does (R8), and keeps SQL as the text that was sent', async () => {
		const user = await makeUser( 'html' );
		const names = {
			first_name: '<img src=x onerror=alert(1)>Ann',
			last_name: "O'Brien; DROP TABLE x",
		};
		const result = await applyOk( {
			operations: [
				{
					kind: 'create_and_link',
					user_id: user.id,
					contact: { email: user.email, ...names },
				},
			],
		} );
		expect( result.results[ 0 ]?.status ).toBe( 'applied' );
		const stored = await rest< { contacts: BulkContact[] } >(
			`${ NS }/bulk/contacts`,
			{
				method: 'POST',
				body: { ids: [ result.results[ 0 ]?.contact_id ] },
			}
		);
		expect( stored.body.contacts[ 0 ]?.fields ).toMatchObject( {
			first_name: 'Ann',
			last_name: names.last_name,
		} );
	} );
} );
