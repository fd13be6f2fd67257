/**
 * The event outbox over real HTTP: each user hook writes exactly one event row, runners claim
 * events by lease without ever sharing one, and only a lease's holder may acknowledge.
 */
import { createUser, rest, settleEvents, testSite } from '../support/site';
import type { ClaimResult, Event, Heartbeat } from '../../src/api/sync';

const NS = '/users-to-contacts/v1';

interface WpError {
	code: string;
	message: string;
	data?: { status?: number; params?: Record< string, string > };
}

interface AckAnswer {
	processed: number[];
	failed: number[];
	not_held: number[];
}

const sleep = ( ms: number ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );

async function eventsOf( userId: number ): Promise< Event[] > {
	const response = await rest< Event[] >( `${ NS }/events`, {
		query: { user_id: String( userId ), per_page: '100' },
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

async function claim( limit: number, leaseSeconds = 60 ) {
	const response = await rest< ClaimResult >( `${ NS }/events/claim`, {
		method: 'POST',
		body: { limit, lease_seconds: leaseSeconds },
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

async function ack( body: Record< string, unknown > ) {
	return rest< AckAnswer | WpError >( `${ NS }/events/ack`, {
		method: 'POST',
		body,
	} );
}

/** Claims and acknowledges everything claimable, so a test starts from an empty queue. */
async function drain() {
	// Events earlier test files left failed and waiting out their retry delay cannot be claimed,
	// yet they count as failed: settle them too, so each test sees only its own.
	settleEvents();
	for (;;) {
		const claimed = await claim( 1000 );
		if ( claimed.events.length === 0 ) {
			return;
		}
		const answer = await ack( {
			claim_token: claimed.claim_token,
			processed: claimed.events.map( ( event ) => event.id ),
		} );
		expect( answer.status ).toBe( 200 );
	}
}

/** A user created over REST: writes one user_registered event. */
async function makeUser( prefix: string ) {
	const login = `${ prefix }_${ Date.now().toString( 36 ) }_${ Math.random()
		.toString( 36 )
		.slice( 2, 7 ) }`;
	const response = await rest< { id: number } >( '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email: `${ login }@example.com`,
			password: 'secret-password-123',
		},
	} );
	expect( response.status ).toBe( 201 );
	return { id: response.body.id, login, email: `${ login }@example.com` };
}

describe( 'the four user hooks write one event each', () => {
	it( 'POST /wp/v2/users writes one user_registered event with the email and login', async () => {
		const user = await makeUser( 'restreg' );
		const events = await eventsOf( user.id );
		expect( events ).toHaveLength( 1 );
		expect( events[ 0 ] ).toMatchObject( {
			type: 'user_registered',
			user_id: user.id,
			payload: { email: user.email, login: user.login },
			status: 'pending',
			attempts: 0,
		} );
		expect( events[ 0 ]?.created ).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
		);
	} );

	it( 'the wp-login.php registration form writes one user_registered event', async () => {
		const site = testSite();
		const login = `formreg_${ Date.now().toString( 36 ) }`;
		const email = `${ login }@Example.com`;
		const response = await fetch(
			`${ site.url }/wp-login.php?action=register`,
			{
				method: 'POST',
				redirect: 'manual',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: new URLSearchParams( {
					user_login: login,
					user_email: email,
					redirect_to: '',
					'wp-submit': 'Register',
				} ),
			}
		);
		expect( response.status ).toBe( 302 );
		expect( response.headers.get( 'location' ) ).toContain(
			'checkemail=registered'
		);
		const found = await rest< Array< { id: number } > >( '/wp/v2/users', {
			query: { search: login, context: 'edit' },
		} );
		expect( found.body ).toHaveLength( 1 );
		const events = await eventsOf( found.body[ 0 ]?.id ?? 0 );
		expect( events ).toHaveLength( 1 );
		expect( events[ 0 ] ).toMatchObject( {
			type: 'user_registered',
			payload: { login, email },
		} );
	} );

	it( 'a profile update writes one user_updated event with the old and the new email', async () => {
		const user = await makeUser( 'update' );
		const newEmail = `new_${ user.login }@example.org`;
		const updated = await rest( `/wp/v2/users/${ user.id }`, {
			method: 'POST',
			body: { email: newEmail },
		} );
		expect( updated.status ).toBe( 200 );
		const events = await eventsOf( user.id );
		expect( events.map( ( event ) => event.type ) ).toEqual( [
			'user_updated',
			'user_registered',
		] );
		expect( events[ 0 ]?.payload ).toEqual( {
			old_email: user.email,
			email: newEmail,
		} );
	} );

	it( 'logging in through the wp-login.php form writes one user_logged_in event', async () => {
		const site = testSite();
		const user = await createUser( 'subscriber' );
		const before = await eventsOf( user.id );
		const response = await fetch( `${ site.url }/wp-login.php`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
			},
			body: new URLSearchParams( {
				log: user.login,
				pwd: 'secret-password-123',
				'wp-submit': 'Log In',
				testcookie: '1',
				redirect_to: `${ site.url }/wp-admin/`,
			} ),
		} );
		expect( response.status ).toBe( 302 );
		expect( response.headers.get( 'set-cookie' ) ).toContain(
			'wordpress_logged_in_'
		);
		const after = await eventsOf( user.id );
		expect( after ).toHaveLength( before.length + 1 );
		expect( after[ 0 ] ).toMatchObject( {
			type: 'user_logged_in',
			payload: {
				login: user.login,
				email: `${ user.login }@example.com`,
			},
		} );
	} );

	it( 'a wrong password writes no event', async () => {
		const site = testSite();
		const user = await makeUser( 'wrongpw' );
		const response = await fetch( `${ site.url }/wp-login.php`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
			},
			body: new URLSearchParams( {
				log: user.login,
				pwd: 'not-the-password',
				'wp-submit': 'Log In',
				testcookie: '1',
			} ),
		} );
		expect( response.status ).toBe( 200 );
		expect( ( await eventsOf( user.id ) ).map( ( e ) => e.type ) ).toEqual(
			[ 'user_registered' ]
		);
	} );

	it( '"Lost your password?" writes no event (WordPress stores the reset key with wp_update_user)', async () => {
		const site = testSite();
		const user = await makeUser( 'lostpw' );
		const response = await fetch(
			`${ site.url }/wp-login.php?action=lostpassword`,
			{
				method: 'POST',
				redirect: 'manual',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: new URLSearchParams( {
					user_login: user.login,
					'wp-submit': 'Get New Password',
				} ),
			}
		);
		expect( response.status ).toBe( 302 );
		expect( response.headers.get( 'location' ) ).toContain(
			'checkemail=confirm'
		);
		expect( ( await eventsOf( user.id ) ).map( ( e ) => e.type ) ).toEqual(
			[ 'user_registered' ]
		);
	} );

	it( 'a name change without an email change is still a user_updated event', async () => {
		const user = await makeUser( 'rename' );
		await rest( `/wp/v2/users/${ user.id }`, {
			method: 'POST',
			body: { first_name: 'Ada' },
		} );
		const events = await eventsOf( user.id );
		expect( events.map( ( event ) => event.type ) ).toEqual( [
			'user_updated',
			'user_registered',
		] );
		expect( events[ 0 ]?.payload ).toEqual( {
			old_email: user.email,
			email: user.email,
		} );
	} );

	it( 'deleting a user writes one user_deleted event that keeps who it was', async () => {
		const user = await makeUser( 'delete' );
		const deleted = await rest( `/wp/v2/users/${ user.id }`, {
			method: 'DELETE',
			query: { force: 'true', reassign: '1' },
		} );
		expect( deleted.status ).toBe( 200 );
		const events = await eventsOf( user.id );
		expect( events.map( ( event ) => event.type ) ).toEqual( [
			'user_deleted',
			'user_registered',
		] );
		expect( events[ 0 ]?.payload ).toEqual( {
			email: user.email,
			login: user.login,
			reassign: 1,
		} );
	} );
} );

describe( 'claiming events by lease', () => {
	beforeEach( drain );

	it( 'two concurrent claims covering every pending event never return the same event', async () => {
		for ( let i = 0; i < 4; i++ ) {
			await makeUser( 'claim' );
		}
		const [ first, second ] = await Promise.all( [
			claim( 1000 ),
			claim( 1000 ),
		] );
		const firstIds = first.events.map( ( event ) => event.id );
		const secondIds = second.events.map( ( event ) => event.id );
		expect( firstIds.filter( ( id ) => secondIds.includes( id ) ) ).toEqual(
			[]
		);
		expect( firstIds.length + secondIds.length ).toBe( 4 );
		expect( first.claim_token ).not.toBe( second.claim_token );
		for ( const event of [ ...first.events, ...second.events ] ) {
			expect( event ).toMatchObject( {
				attempts: 1,
				claimed: true,
				status: 'pending',
			} );
		}
		for ( const result of [ first, second ] ) {
			await ack( {
				claim_token: result.claim_token,
				processed: result.events.map( ( event ) => event.id ),
			} );
		}
	} );

	it( 'several runners claiming small batches at once share the events out, none twice', async () => {
		const users = [];
		for ( let i = 0; i < 12; i++ ) {
			users.push( await makeUser( 'share' ) );
		}
		const claims = await Promise.all(
			[ 0, 1, 2, 3 ].map( () => claim( 3 ) )
		);
		const ids = claims.flatMap( ( result ) =>
			result.events.map( ( event ) => event.id )
		);
		expect( new Set( ids ).size ).toBe( ids.length );
		expect( ids ).toHaveLength( 12 );
		expect(
			new Set(
				claims.flatMap( ( result ) =>
					result.events.map( ( event ) => event.user_id )
				)
			)
		).toEqual( new Set( users.map( ( user ) => user.id ) ) );
		for ( const result of claims ) {
			const answer = await ack( {
				claim_token: result.claim_token,
				processed: result.events.map( ( event ) => event.id ),
			} );
			expect( answer.body ).toMatchObject( { not_held: [] } );
		}
	} );

	it( 'a lease expires and the event becomes claimable again; the old token is then refused', async () => {
		await makeUser( 'lease' );
		const first = await claim( 10, 5 );
		expect( first.events ).toHaveLength( 1 );
		const event = first.events[ 0 ] as Event;
		expect( ( await claim( 10 ) ).events ).toHaveLength( 0 );
		await sleep( 6000 );
		const second = await claim( 10, 60 );
		expect( second.events.map( ( e ) => e.id ) ).toEqual( [ event.id ] );
		expect( second.events[ 0 ]?.attempts ).toBe( 2 );
		const stale = await ack( {
			claim_token: first.claim_token,
			processed: [ event.id ],
		} );
		expect( stale.status ).toBe( 409 );
		expect( ( stale.body as WpError ).code ).toBe(
			'users_to_contacts_claim_not_held'
		);
		const fresh = await ack( {
			claim_token: second.claim_token,
			processed: [ event.id ],
		} );
		expect( fresh.status ).toBe( 200 );
		expect( fresh.body ).toEqual( {
			processed: [ event.id ],
			failed: [],
			not_held: [],
		} );
	} );

	it( 'an acknowledgement with the wrong token is refused and changes nothing', async () => {
		const user = await makeUser( 'wrongtoken' );
		const claimed = await claim( 10 );
		const event = claimed.events[ 0 ] as Event;
		const refused = await ack( {
			claim_token: '0123456789abcdef0123456789abcdef',
			processed: [ event.id ],
		} );
		expect( refused.status ).toBe( 409 );
		expect( ( refused.body as WpError ).message ).toMatch(
			/does not hold these events/
		);
		const [ stored ] = await eventsOf( user.id );
		expect( stored ).toMatchObject( {
			status: 'pending',
			claimed: true,
			processed_at: null,
		} );
		const rightful = await ack( {
			claim_token: claimed.claim_token,
			processed: [ event.id ],
		} );
		expect( rightful.status ).toBe( 200 );
	} );

	it( 'processed events are done; failed ones keep their error and are retried after a delay', async () => {
		const done = await makeUser( 'acked' );
		const broken = await makeUser( 'failing' );
		const claimed = await claim( 10 );
		const idOf = ( userId: number ) =>
			claimed.events.find( ( event ) => event.user_id === userId )?.id ??
			0;
		const answer = await ack( {
			claim_token: claimed.claim_token,
			processed: [ idOf( done.id ) ],
			failed: [ { id: idOf( broken.id ), error: 'Contact store busy' } ],
		} );
		expect( answer.status ).toBe( 200 );
		const acknowledgedAt = Date.now();
		// Retried after 2^1 seconds, not before: claimed again at once (the reads below take
		// longer than that on a slow site such as Playground on a busy machine).
		expect( ( await claim( 10 ) ).events ).toHaveLength( 0 );
		const [ processed ] = await eventsOf( done.id );
		expect( processed ).toMatchObject( {
			status: 'processed',
			claimed: false,
			error: null,
		} );
		expect( processed?.processed_at ).toMatch( /Z$/ );
		const [ failed ] = await eventsOf( broken.id );
		expect( failed ).toMatchObject( {
			status: 'failed',
			error: 'Contact store busy',
			attempts: 1,
			will_retry: true,
			claimed: false,
		} );
		expect( failed?.available_at ).toMatch( /Z$/ );

		const counts = await rest< Record< string, number > >(
			`${ NS }/events/counts`
		);
		expect( counts.body ).toMatchObject( { pending: 0, failed: 1 } );

		await sleep( Math.max( 0, acknowledgedAt + 3000 - Date.now() ) );
		const retry = await claim( 10 );
		expect( retry.events.map( ( event ) => event.id ) ).toEqual( [
			idOf( broken.id ),
		] );
		expect( retry.events[ 0 ]?.attempts ).toBe( 2 );
		await ack( {
			claim_token: retry.claim_token,
			processed: [ idOf( broken.id ) ],
		} );
		const [ recovered ] = await eventsOf( broken.id );
		expect( recovered ).toMatchObject( {
			status: 'processed',
			error: null,
		} );
	} );

	it( 'acknowledging a mix reports the ids the token does not hold', async () => {
		await makeUser( 'mixed' );
		const claimed = await claim( 10 );
		const held = claimed.events[ 0 ] as Event;
		const answer = await ack( {
			claim_token: claimed.claim_token,
			processed: [ held.id, 999999999 ],
		} );
		expect( answer.status ).toBe( 200 );
		expect( answer.body ).toEqual( {
			processed: [ held.id ],
			failed: [],
			not_held: [ 999999999 ],
		} );
	} );
} );

describe( 'listing events', () => {
	it( 'filters by status and type and pages with X-WP-Total', async () => {
		await drain();
		await makeUser( 'list' );
		await makeUser( 'list' );
		const pending = await rest< Event[] >( `${ NS }/events`, {
			query: { status: 'pending', per_page: '1' },
		} );
		expect( pending.status ).toBe( 200 );
		expect( pending.headers.get( 'x-wp-total' ) ).toBe( '2' );
		expect( pending.headers.get( 'x-wp-totalpages' ) ).toBe( '2' );
		expect( pending.body ).toHaveLength( 1 );
		const page2 = await rest< Event[] >( `${ NS }/events`, {
			query: { status: 'pending', per_page: '1', page: '2' },
		} );
		expect( page2.body[ 0 ]?.id ).toBeLessThan(
			pending.body[ 0 ]?.id ?? 0
		);
		const processed = await rest< Event[] >( `${ NS }/events`, {
			query: { status: 'processed', type: 'user_registered' },
		} );
		expect( processed.body.length ).toBeGreaterThan( 0 );
		for ( const event of processed.body ) {
			expect( event.status ).toBe( 'processed' );
			expect( event.type ).toBe( 'user_registered' );
		}
	} );
} );

describe( 'runner heartbeats', () => {
	it( 'stores the last heartbeat per runner and lists it as alive', async () => {
		const runner = `test-sidecar-${ Date.now() }`;
		const beat = await rest< Heartbeat >( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner, kind: 'sidecar' },
		} );
		expect( beat.status ).toBe( 200 );
		expect( beat.body ).toMatchObject( {
			runner,
			kind: 'sidecar',
			alive: true,
		} );
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner: `${ runner }-browser`, kind: 'browser' },
		} );
		const list = await rest< Heartbeat[] >( `${ NS }/events/heartbeat` );
		expect( list.status ).toBe( 200 );
		const mine = list.body.filter( ( entry ) =>
			entry.runner.startsWith( runner )
		);
		expect( mine.map( ( entry ) => entry.kind ).sort() ).toEqual( [
			'browser',
			'sidecar',
		] );
		for ( const entry of mine ) {
			expect( entry.alive ).toBe( true );
			expect( entry.seconds_ago ).toBeLessThan( 10 );
			expect( entry.last_seen ).toMatch( /Z$/ );
		}
	} );
} );

describe( 'bad input', () => {
	const token = '0123456789abcdef0123456789abcdef';
	const badBodies: Array< [ string, Record< string, unknown >, RegExp ] > = [
		[ 'claim', { limit: 0 }, /limit/ ],
		[ 'claim', { limit: 1001 }, /limit/ ],
		[ 'claim', { limit: 'many' }, /limit/ ],
		[ 'claim', { lease_seconds: 4 }, /lease_seconds/ ],
		[ 'claim', { lease_seconds: 601 }, /lease_seconds/ ],
		[ 'claim', { limit: 5, owner: 'me' }, /Unknown field: owner/ ],
		[ 'ack', { processed: [ 1 ] }, /claim_token/ ],
		[ 'ack', { claim_token: "x' OR 1=1 --" }, /claim_token/ ],
		[ 'ack', { claim_token: token, processed: [ 'one' ] }, /processed/ ],
		[ 'ack', { claim_token: token, processed: { a: 1 } }, /processed/ ],
		[ 'ack', { claim_token: token, failed: [ { id: 1 } ] }, /error/ ],
		[
			'ack',
			{ claim_token: token, failed: [ { id: 1, error: '' } ] },
			/error/,
		],
		[
			'ack',
			{
				claim_token: token,
				failed: [ { id: 1, error: 'x', extra: true } ],
			},
			/extra/,
		],
		[
			'ack',
			{
				claim_token: token,
				processed: [ 7 ],
				failed: [ { id: 7, error: 'x' } ],
			},
			/both processed and failed/,
		],
		[
			'ack',
			{
				claim_token: token,
				failed: [ { id: 1, error: 'x'.repeat( 2001 ) } ],
			},
			/error/,
		],
		[ 'heartbeat', { kind: 'sidecar' }, /runner/ ],
		[ 'heartbeat', { runner: 'a b', kind: 'sidecar' }, /runner/ ],
		[ 'heartbeat', { runner: '<b>x</b>', kind: 'sidecar' }, /runner/ ],
		[
			'heartbeat',
			{ runner: 'r'.repeat( 65 ), kind: 'sidecar' },
			/runner/,
		],
		[ 'heartbeat', { runner: 'r1', kind: 'robot' }, /kind/ ],
		[ 'heartbeat', { runner: 'r1', kind: 'sidecar', pid: 4 }, /pid/ ],
	];
	it.each(
		badBodies.map( ( [ route, body, message ] ) => [
			route,
			JSON.stringify( body ).slice( 0, 100 ),
			body,
			message,
		] )
	)(
		'POST /events/%s answers 400 to %s',
		async ( route, _, body, message ) => {
			const response = await rest< WpError >(
				`${ NS }/events/${ route }`,
				{
					method: 'POST',
					body,
				}
			);
			expect( response.status ).toBe( 400 );
			// WordPress puts the detail of a schema error in data.params.
			expect(
				response.body.message +
					JSON.stringify( response.body.data ?? {} )
			).toMatch( message );
		}
	);

	it( 'answers 400 to unreadable query filters', async () => {
		const queries: Array< Record< string, string > > = [
			{ status: 'lost' },
			{ type: 'user_exploded' },
			{ per_page: '101' },
			{ page: '0' },
			{ user_id: 'abc' },
		];
		for ( const query of queries ) {
			const response = await rest( `${ NS }/events`, { query } );
			expect( response.status ).toBe( 400 );
		}
	} );
} );
