/**
 * Nothing the outbox should hold is lost under load (the bench once found 1 of 1,200
 * registrations unlinked 30 s after the load ended). Two ways it happened:
 * - the registration's event INSERT was the victim of a deadlock with a runner's claim (both
 *   update the events' indexes): the request went on, and the event was never written;
 * - a claim whose answer never reached the runner (a connection reset under load, a proxy timing
 *   out) was sent again by the runner's transport as a new claim, so the events the first one
 *   took waited out their whole lease (a minute) with no runner knowing of them.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import { withRetries } from '../../src/api/retry';
import type { ClaimResult } from '../../src/api/sync';
import { createRestSyncPort } from '../../src/api/syncPort';
import type { Transport, TransportRequest } from '../../src/api/transport';
import { processEvents } from '../../src/engine/events';
import { registerThroughForm } from '../support/people';
import { rest, runPhp, testSite, settleEvents } from '../support/site';

const NS = '/users-to-contacts/v1';

async function claim( body: Record< string, unknown > ) {
	const response = await rest< ClaimResult >( `${ NS }/events/claim`, {
		method: 'POST',
		body,
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

function person( prefix: string ) {
	const login = `${ prefix }${ Date.now().toString( 36 ) }${ Math.random()
		.toString( 36 )
		.slice( 2, 6 ) }`;
	return { login, email: `${ login }@example.com` };
}

describe( 'a claim whose answer was lost', () => {
	beforeEach( settleEvents );

	it( 'sent again with its token, answers the events it took and claims no others', async () => {
		const first = person( 'lostclaima' );
		const second = person( 'lostclaimb' );
		await registerThroughForm( first.login, first.email );
		await registerThroughForm( second.login, second.email );
		const token = 'ab'.repeat( 16 );

		const taken = await claim( {
			limit: 1,
			lease_seconds: 60,
			claim_token: token,
		} );
		expect( taken.claim_token ).toBe( token );
		expect( taken.events ).toHaveLength( 1 );
		const again = await claim( {
			limit: 1,
			lease_seconds: 60,
			claim_token: token,
		} );
		expect( again.events.map( ( event ) => event.id ) ).toEqual(
			taken.events.map( ( event ) => event.id )
		);

		// The other registration is still there for anyone else.
		const other = await claim( { limit: 10, lease_seconds: 60 } );
		expect( other.events.map( ( event ) => event.payload.login ) ).toEqual(
			[
				taken.events[ 0 ]?.payload.login === first.login
					? second.login
					: first.login,
			]
		);
	} );

	it( 'is retried by the runner and its registration linked in the same pass, not a lease later', async () => {
		const site = testSite();
		const { login, email } = person( 'lostanswer' );
		const userId = await registerThroughForm( login, email );
		const direct = createFetchTransport( {
			siteUrl: site.url,
			user: site.adminUser,
			password: site.appPassword,
		} );
		let lost = 0;
		// The site handles the first claim, but its answer never arrives.
		const losing: Transport = {
			async request< T >( request: TransportRequest ) {
				const response = await direct.request< T >( request );
				if ( request.path.endsWith( '/events/claim' ) && lost === 0 ) {
					lost += 1;
					throw new TypeError( 'fetch failed' );
				}
				return response;
			},
		};
		const port = createRestSyncPort(
			withRetries( losing, { maxWaitMs: 10000, delay: () => 10 } )
		);

		const result = await processEvents( port );

		expect( lost ).toBe( 1 );
		expect( result.claimed ).toBeGreaterThanOrEqual( 1 );
		const link = await rest< { contact_id: number } >(
			`${ NS }/links/${ userId }`
		);
		expect( link.status ).toBe( 200 );
		expect( link.body.contact_id ).toBeGreaterThan( 0 );
	} );

	it( 'refuses a token that is not 32 hex characters, and claims nothing', async () => {
		const { login, email } = person( 'badtoken' );
		await registerThroughForm( login, email );
		const response = await rest< { code: string } >(
			`${ NS }/events/claim`,
			{
				method: 'POST',
				body: { limit: 10, claim_token: 'not-a-token' },
			}
		);
		expect( response.status ).toBe( 400 );
		expect( response.body.code ).toBe( 'rest_invalid_param' );
		const after = await claim( { limit: 10 } );
		expect(
			after.events.map( ( event ) => event.payload.login )
		).toContain( login );
	} );
} );

describe( 'an event INSERT chosen as a deadlock victim', () => {
	afterEach( () => {
		runPhp(
			'global $wpdb; $wpdb->query( "DROP TRIGGER IF EXISTS utc_test_deadlock" );'
		);
	} );

	it( 'is written on the next try: the new user keeps their event', () => {
		// A trigger makes the next event INSERT of this connection fail as a deadlock does.
		const output = runPhp( `
			global $wpdb;
			$table = $wpdb->prefix . 'utc_events';
			$wpdb->query( "CREATE TRIGGER utc_test_deadlock BEFORE INSERT ON {$table} FOR EACH ROW BEGIN IF @utc_deadlocks > 0 THEN SET @utc_deadlocks = @utc_deadlocks - 1; SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock found when trying to get lock; try restarting transaction'; END IF; END" );
			$wpdb->query( 'SET @utc_deadlocks = 1' );
			$login = 'deadlock' . strtolower( wp_generate_password( 8, false ) );
			$id = wp_insert_user( array( 'user_login' => $login, 'user_email' => $login . '@example.com', 'user_pass' => wp_generate_password() ) );
			echo wp_json_encode( array(
				'left'   => (int) $wpdb->get_var( 'SELECT @utc_deadlocks' ),
				'events' => $wpdb->get_col( $wpdb->prepare( "SELECT type FROM {$table} WHERE user_id = %d", $id ) ),
			) );
		` );
		const result = JSON.parse( output.slice( output.indexOf( '{' ) ) ) as {
			left: number;
			events: string[];
		};
		expect( result.left ).toBe( 0 ); // The deadlock did happen.
		expect( result.events ).toEqual( [ 'user_registered' ] );
	} );
} );
