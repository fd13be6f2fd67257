/**
 * Runs of the batch tools over real HTTP: start (once per kind at a time), progress and counts
 * from the batches the engine applies, pause / resume / finish, the per-user items, and the
 * exact summary sentence.
 */
import { rest } from '../support/site';
import type { ApplyResult, Run, RunItem } from '../../src/api/sync';

const NS = '/users-to-contacts/v1';

interface WpError {
	code: string;
	message: string;
	data?: {
		status?: number;
		run_id?: number;
		params?: Record< string, string >;
	};
}

let sequence = 0;

async function makeUser() {
	sequence += 1;
	const login = `run_${ Date.now().toString( 36 ) }_${ sequence }`;
	const response = await rest< { id: number } >( '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email: `${ login }@example.com`,
			password: 'secret-password-123',
		},
	} );
	expect( response.status ).toBe( 201 );
	return { id: response.body.id, email: `${ login }@example.com` };
}

async function start( body: Record< string, unknown > ) {
	return rest< Run & WpError >( `${ NS }/runs`, { method: 'POST', body } );
}

async function patch( id: number, body: Record< string, unknown > ) {
	return rest< Run & WpError >( `${ NS }/runs/${ id }`, {
		method: 'PATCH',
		body,
	} );
}

async function cancelOpenRuns() {
	const open = await rest< Run[] >( `${ NS }/runs`, {
		query: { per_page: '100' },
	} );
	for ( const run of open.body ) {
		if ( run.status === 'running' || run.status === 'paused' ) {
			await patch( run.id, { status: 'cancelled' } );
		}
	}
}

async function userCount(): Promise< number > {
	const response = await rest( '/wp/v2/users', {
		query: { per_page: '1', context: 'edit' },
	} );
	return Number( response.headers.get( 'x-wp-total' ) );
}

beforeEach( cancelOpenRuns );
afterAll( cancelOpenRuns );

describe( 'a Synchronize Users to Contacts run', () => {
	it( 'starts, refuses a second start, counts each user once and ends with the exact sentence', async () => {
		// The users the engine's batch will handle: one matched, two created, one skipped.
		const matched = await makeUser();
		const created = [ await makeUser(), await makeUser() ];
		const skipped = await makeUser();
		const owner = await makeUser();
		const users = await userCount();
		const response = await start( { kind: 'sync_users' } );
		expect( response.status ).toBe( 201 );
		const run = response.body;
		expect( response.headers.get( 'location' ) ).toContain(
			`/runs/${ run.id }`
		);
		expect( run ).toEqual( {
			id: expect.any( Number ),
			kind: 'sync_users',
			status: 'running',
			dry_run: false,
			cursor: 0,
			total: users,
			counts: {
				checked: 0,
				matched: 0,
				created: 0,
				skipped: 0,
				updated: 0,
			},
			progress: 0,
			summary: `Synchronize Users to Contacts is running. Checked 0 of ${ users } user records so far. Found 0 matching contact records. Created 0 new contact records.`,
			started: expect.stringMatching(
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
			),
			finished: null,
			started_by: 1,
		} );

		const second = await start( { kind: 'sync_users' } );
		expect( second.status ).toBe( 409 );
		expect( second.body.code ).toBe( 'users_to_contacts_run_in_progress' );
		expect( second.body.data?.run_id ).toBe( run.id );
		expect( second.body.message ).toContain( `Run ${ run.id }` );

		const seeded = await rest< ApplyResult >( `${ NS }/bulk/apply`, {
			method: 'POST',
			body: {
				operations: [
					{
						kind: 'create_and_link',
						user_id: owner.id,
						contact: { email: matched.email },
					},
				],
			},
		} );
		const contact = seeded.body.results[ 0 ]?.contact_id;
		await rest( `${ NS }/bulk/apply`, {
			method: 'POST',
			body: { operations: [ { kind: 'unlink', user_id: owner.id } ] },
		} );
		const batch = await rest< ApplyResult >( `${ NS }/bulk/apply`, {
			method: 'POST',
			body: {
				run_id: run.id,
				cursor: skipped.id,
				operations: [
					{ kind: 'link', user_id: matched.id, contact_id: contact },
					...created.map( ( user ) => ( {
						kind: 'create_and_link',
						user_id: user.id,
						contact: { email: user.email },
					} ) ),
					{
						kind: 'skip',
						user_id: skipped.id,
						reason: 'invalid_email',
					},
				],
			},
		} );
		expect( batch.status ).toBe( 200 );

		const progress = await rest< Run >( `${ NS }/runs/${ run.id }` );
		expect( progress.status ).toBe( 200 );
		expect( progress.body ).toMatchObject( {
			status: 'running',
			cursor: skipped.id,
			counts: {
				checked: 4,
				matched: 1,
				created: 2,
				skipped: 1,
				updated: 0,
			},
			progress: Math.round( ( 4 / users ) * 10000 ) / 10000,
			summary: `Synchronize Users to Contacts is running. Checked 4 of ${ users } user records so far. Found 1 matching contact records. Created 2 new contact records.`,
		} );

		const paused = await patch( run.id, { status: 'paused' } );
		expect( paused.status ).toBe( 200 );
		expect( paused.body.status ).toBe( 'paused' );
		expect( paused.body.summary ).toMatch(
			/^Synchronize Users to Contacts is paused\. Checked 4 of/
		);
		expect( paused.body.finished ).toBeNull();
		expect(
			( await patch( run.id, { status: 'running' } ) ).body.status
		).toBe( 'running' );
		const moved = await patch( run.id, { cursor: skipped.id + 1 } );
		expect( moved.body.cursor ).toBe( skipped.id + 1 );

		const done = await patch( run.id, { status: 'completed' } );
		expect( done.status ).toBe( 200 );
		expect( done.body ).toMatchObject( {
			status: 'completed',
			progress: 1,
			finished: expect.stringMatching( /Z$/ ),
		} );
		expect( done.body.summary ).toBe(
			'Synchronize Users to Contacts completed. Checked 4 user records. Found 1 matching contact records. Created 2 new contact records.'
		);
		const { counts } = done.body;
		expect( counts.checked ).toBe(
			counts.matched + counts.created + counts.skipped
		);

		// Its items: one per user, each with its outcome, the skipped one with its reason.
		const items = await rest< RunItem[] >(
			`${ NS }/runs/${ run.id }/items`
		);
		expect( items.headers.get( 'x-wp-total' ) ).toBe( '4' );
		expect(
			items.body.map( ( item ) => [ item.user_id, item.outcome ] )
		).toEqual(
			expect.arrayContaining( [
				[ matched.id, 'matched' ],
				[ created[ 0 ]?.id, 'created' ],
				[ created[ 1 ]?.id, 'created' ],
				[ skipped.id, 'skipped' ],
			] )
		);
		const onlySkipped = await rest< RunItem[] >(
			`${ NS }/runs/${ run.id }/items`,
			{ query: { outcome: 'skipped' } }
		);
		expect( onlySkipped.body ).toEqual( [
			{
				id: expect.any( Number ),
				user_id: skipped.id,
				contact_id: null,
				outcome: 'skipped',
				reason: 'invalid_email',
				created: expect.stringMatching( /Z$/ ),
			},
		] );
		const pageTwo = await rest< RunItem[] >(
			`${ NS }/runs/${ run.id }/items`,
			{ query: { per_page: '3', page: '2' } }
		);
		expect( pageTwo.body ).toHaveLength( 1 );
		expect( pageTwo.headers.get( 'x-wp-totalpages' ) ).toBe( '2' );

		// A finished run stays finished.
		const again = await patch( run.id, { status: 'running' } );
		expect( again.status ).toBe( 409 );
		expect( again.body.code ).toBe( 'users_to_contacts_run_finished' );
		expect( ( await patch( run.id, { cursor: 1 } ) ).body.code ).toBe(
			'users_to_contacts_run_finished'
		);
		// ... and another can start now.
		const next = await start( { kind: 'sync_users' } );
		expect( next.status ).toBe( 201 );
		await patch( next.body.id, { status: 'cancelled' } );
	} );

	it( 'a paused run still blocks a new start of its kind, but not of the other kind', async () => {
		const run = ( await start( { kind: 'sync_users' } ) ).body;
		await patch( run.id, { status: 'paused' } );
		const blocked = await start( { kind: 'sync_users' } );
		expect( blocked.status ).toBe( 409 );
		expect( blocked.body.message ).toMatch( /paused/ );
		const other = await start( { kind: 'resync_all' } );
		expect( other.status ).toBe( 201 );
		expect( other.body.summary ).toMatch(
			/^Update all synchronized users is running\./
		);
		const cancelled = await patch( run.id, { status: 'cancelled' } );
		expect( cancelled.body.summary ).toMatch(
			/^Synchronize Users to Contacts was cancelled\./
		);
		const failed = await patch( other.body.id, { status: 'failed' } );
		expect( failed.body.summary ).toMatch(
			/^Update all synchronized users failed\./
		);
	} );

	it( 'of several simultaneous starts exactly one wins', async () => {
		const answers = await Promise.all(
			[ 1, 2, 3, 4 ].map( () => start( { kind: 'resync_all' } ) )
		);
		const statuses = answers.map( ( answer ) => answer.status ).sort();
		expect( statuses ).toEqual( [ 201, 409, 409, 409 ] );
		const winner = answers.find( ( answer ) => answer.status === 201 );
		const named = answers
			.filter( ( answer ) => answer.status === 409 )
			.map( ( answer ) => answer.body.data?.run_id );
		expect( named ).toEqual( [
			winner?.body.id,
			winner?.body.id,
			winner?.body.id,
		] );
		await patch( winner?.body.id ?? 0, { status: 'cancelled' } );
	} );
} );

describe( 'listing runs', () => {
	it( 'lists newest first with X-WP-Total, filtered by kind and status', async () => {
		const runsOfKind = async () =>
			Number(
				(
					await rest( `${ NS }/runs`, {
						query: { kind: 'resync_all', per_page: '1' },
					} )
				).headers.get( 'x-wp-total' )
			);
		const before = await runsOfKind();
		const first = ( await start( { kind: 'resync_all', dry_run: true } ) )
			.body;
		await patch( first.id, { status: 'completed' } );
		const second = ( await start( { kind: 'resync_all' } ) ).body;
		const list = await rest< Run[] >( `${ NS }/runs`, {
			query: { kind: 'resync_all', per_page: '2' },
		} );
		expect( list.status ).toBe( 200 );
		expect( list.body.map( ( run ) => run.id ) ).toEqual( [
			second.id,
			first.id,
		] );
		expect( Number( list.headers.get( 'x-wp-total' ) ) ).toBe( before + 2 );
		expect( list.body[ 1 ]?.dry_run ).toBe( true );
		const running = await rest< Run[] >( `${ NS }/runs`, {
			query: { status: 'running' },
		} );
		expect( running.body.map( ( run ) => run.id ) ).toEqual( [
			second.id,
		] );
		await patch( second.id, { status: 'cancelled' } );
	} );

	it( 'answers 404 for a run that does not exist', async () => {
		for ( const [ method, path ] of [
			[ 'GET', '/runs/999999' ],
			[ 'PATCH', '/runs/999999' ],
			[ 'GET', '/runs/999999/items' ],
		] as const ) {
			const response = await rest< WpError >( `${ NS }${ path }`, {
				method,
				body: method === 'PATCH' ? { status: 'paused' } : undefined,
			} );
			expect( response.status ).toBe( 404 );
			expect( response.body.code ).toBe(
				'users_to_contacts_run_not_found'
			);
		}
	} );
} );

describe( 'bad input', () => {
	it.each( [
		[ 'no kind', {}, /kind/ ],
		[ 'an unknown kind', { kind: 'sync_everything' }, /kind/ ],
		[ 'a kind of the wrong type', { kind: 5 }, /kind/ ],
		[
			'a dry_run that is no boolean',
			{ kind: 'sync_users', dry_run: 'maybe' },
			/dry_run/,
		],
		[
			'a read-only field',
			{ kind: 'sync_users', counts: { checked: 5 } },
			/counts/,
		],
		[
			'a status at start',
			{ kind: 'sync_users', status: 'completed' },
			/status/,
		],
		[ 'HTML as kind', { kind: '<b>sync_users</b>' }, /kind/ ],
	] )( 'POST /runs with %s answers 400', async ( _, body, message ) => {
		const response = await start( body );
		expect( response.status ).toBe( 400 );
		expect(
			response.body.message + JSON.stringify( response.body.data ?? {} )
		).toMatch( message );
	} );

	it.each( [
		[ 'an unknown status', { status: 'exploded' }, /status/ ],
		[ 'a negative cursor', { cursor: -1 }, /cursor/ ],
		[
			'a cursor that is no number',
			{ cursor: '1; DROP TABLE wp_users' },
			/cursor/,
		],
		[ 'a new kind', { kind: 'resync_all' }, /kind/ ],
		[ 'an unknown field', { progress: 1 }, /progress/ ],
	] )(
		'PATCH /runs/{id} with %s answers 400 and changes nothing',
		async ( _, body, message ) => {
			const run = ( await start( { kind: 'sync_users' } ) ).body;
			try {
				const response = await patch( run.id, body );
				expect( response.status ).toBe( 400 );
				expect(
					response.body.message +
						JSON.stringify( response.body.data ?? {} )
				).toMatch( message );
				const stored = await rest< Run >( `${ NS }/runs/${ run.id }` );
				expect( stored.body ).toEqual( run );
			} finally {
				await patch( run.id, { status: 'cancelled' } );
			}
		}
	);

	it( 'answers 400 to unreadable list filters', async () => {
		const queries: Array< Record< string, string > > = [
			{ kind: 'other' },
			{ status: 'done' },
			{ per_page: '101' },
		];
		for ( const query of queries ) {
			expect( ( await rest( `${ NS }/runs`, { query } ) ).status ).toBe(
				400
			);
		}
		expect(
			(
				await rest( `${ NS }/runs/1/items`, {
					query: { outcome: 'lost' },
				} )
			).status
		).toBe( 400 );
	} );
} );
