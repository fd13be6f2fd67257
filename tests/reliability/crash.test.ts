/**
 * Scenario 1, crash: `sync` is killed with SIGKILL at random points of a run (no chance to
 * pause or say goodbye; its request in flight may still land), then started again until it
 * completes. The run resumes where it stopped and the end state is exact (R3).
 */
import { insertUsers, removeScenario, sqlNumber } from './support/database';
import {
	expectExactEndState,
	expectSiteIntegrity,
	runCounts,
} from './support/endState';
import { startCli } from './support/cli';
import { sleep } from './support/processes';
import { report, scale, uniquePrefix } from './support/scale';
import { trustAllEmails } from './support/settings';

const USERS = scale( 2000, 20000 );
/** Of those, users with an invalid email (skipped, reported, never linked: R1). */
const INVALID = USERS / 100;
const KILLS = scale( 2, 5 );
const PAGE_SIZE = scale( 100, 500 );

/** How many users the run in progress has checked (0 before it starts). */
function checkedSoFar(): number {
	return (
		sqlNumber(
			"SELECT checked FROM wp_utc_runs WHERE kind = 'sync_users' AND status IN ('running', 'paused') ORDER BY id DESC LIMIT 1"
		) || 0
	);
}

/** Kill points: one random number of checked users in each of KILLS equal stretches of the run. */
function killPoints( total: number ): number[] {
	const from = total * 0.1;
	const stretch = ( total * 0.8 ) / KILLS;
	return Array.from( { length: KILLS }, ( _unused, index ) =>
		Math.round( from + stretch * ( index + Math.random() ) )
	);
}

describe( 'crash: sync killed with SIGKILL mid-run', () => {
	const prefix = uniquePrefix( 'crash' );
	beforeAll( trustAllEmails );
	afterAll( () => removeScenario( prefix ) );

	it( `resumes after ${ KILLS } kills and leaves every user linked exactly once`, async () => {
		const matching = Math.round( USERS * 0.3 );
		insertUsers( prefix, USERS, matching, INVALID );
		const siteUsers = sqlNumber( 'SELECT COUNT(*) FROM wp_users' );
		const points = killPoints( siteUsers );
		const began = Date.now();
		const kills: Array< { at: number; checked: number } > = [];
		const runIds = new Set< string >();

		for ( const point of points ) {
			const sync = startCli( [
				'sync',
				'--json',
				'--page-size',
				String( PAGE_SIZE ),
			] );
			let exited = false;
			void sync.exited.then( () => ( exited = true ) );
			while ( ! exited && checkedSoFar() < point ) {
				await sleep( 20 );
			}
			// A little later still, so the kill lands anywhere in a page, not only between pages.
			await sleep( Math.random() * 60 );
			expect( exited ).toBe( false ); // The run must not have finished before its kill.
			sync.child.kill( 'SIGKILL' );
			const ended = await sync.exited;
			expect( ended.signal ).toBe( 'SIGKILL' );
			kills.push( { at: point, checked: checkedSoFar() } );
			runIds.add(
				/Resuming run (\d+)/.exec( ended.err )?.[ 1 ] ?? 'first'
			);
		}

		const last = await startCli( [
			'sync',
			'--json',
			'--page-size',
			String( PAGE_SIZE ),
		] ).exited;
		expect( last.err ).toMatch( /Resuming run (\d+)/ );
		expect( last.code ).toBe( 0 );
		const { run } = JSON.parse( last.out ) as {
			run: { id: number; status: string };
		};
		runIds.delete( 'first' );
		runIds.add( String( run.id ) );
		// Every restart resumed the one run the first process started.
		expect( [ ...runIds ] ).toEqual( [ String( run.id ) ] );

		expectExactEndState( prefix, USERS - INVALID, INVALID );
		expectSiteIntegrity();
		const counts = runCounts( run.id );
		expect( counts ).toMatchObject( {
			status: 'completed',
			checked: siteUsers,
		} );
		expect( counts.matched + counts.created + counts.skipped ).toBe(
			siteUsers
		);
		expect( counts.skipped ).toBeGreaterThanOrEqual( INVALID );
		report( 'crash', {
			users: USERS,
			siteUsers,
			kills: kills.map( ( kill ) => kill.checked ).join( '/' ),
			created: counts.created,
			matched: counts.matched,
			skipped: counts.skipped,
			seconds: ( ( Date.now() - began ) / 1000 ).toFixed( 1 ),
		} );
	} );
} );
