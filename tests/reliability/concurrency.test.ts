/**
 * Scenarios 4 and 5 on one web node: two `sync` runners plus `watch` over the same users, and
 * 50 registrations at once through wp-login.php with `watch` running.
 */
import { insertUsers, removeScenario, sqlNumber } from './support/database';
import { expectExactEndState, expectSiteIntegrity } from './support/endState';
import {
	expectRunnersSucceeded,
	registrationBurst,
	runnersRace,
} from './support/concurrency';
import { startCli } from './support/cli';
import type { CliExit } from './support/cli';
import { siteState, sleep } from './support/processes';
import { report, scale, uniquePrefix } from './support/scale';
import { trustAllEmails } from './support/settings';

describe( 'concurrency on one web node', () => {
	const racePrefix = uniquePrefix( 'race' );
	const burstPrefix = uniquePrefix( 'burst' );
	const users = scale( 2000, 20000 );
	beforeAll( trustAllEmails );
	afterAll( () => {
		removeScenario( racePrefix );
		removeScenario( burstPrefix );
	} );

	it( 'two sync runners plus watch over the same users link every user exactly once (R3)', async () => {
		const { url } = siteState();
		const race = await runnersRace( {
			prefix: racePrefix,
			users,
			syncUrls: [ url, url ],
			watchUrls: [ url ],
		} );
		expectExactEndState( racePrefix, users );
		expectSiteIntegrity();
		expectRunnersSucceeded( race.syncs );
		report( 'two syncs + watch', {
			users: race.users,
			events: race.events,
			exits: race.syncs.map( ( sync ) => sync.code ).join( '/' ),
			ms: race.ms,
		} );
	} );

	describe( 'two sync processes sharing one run (issue 8, finding 5)', () => {
		const prefix = uniquePrefix( 'shared' );
		let paused: CliExit | undefined;
		afterAll( () => removeScenario( prefix ) );

		// Made certain rather than left to timing: the first is paused (SIGSTOP) mid-run, the
		// second resumes the same run and completes it, then the first carries on.
		it( 'the second completes the shared run while the first is paused', async () => {
			insertUsers( prefix, 1000 );
			const first = startCli( [
				'sync',
				'--json',
				'--page-size',
				'100',
			] );
			let ended = false;
			void first.exited.then( () => ( ended = true ) );
			while (
				! ended &&
				sqlNumber(
					"SELECT COALESCE( MAX( checked ), 0 ) FROM wp_utc_runs WHERE kind = 'sync_users' AND status = 'running'"
				) < 200
			) {
				await sleep( 10 );
			}
			expect( ended ).toBe( false ); // Still mid-run when paused.
			first.child.kill( 'SIGSTOP' );
			const second = await startCli( [ 'sync', '--json' ] ).exited;
			first.child.kill( 'SIGCONT' );
			paused = await first.exited;
			expect( second.err ).toMatch( /Resuming run \d+/ );
			expect( second.code ).toBe( 0 );
			expectExactEndState( prefix, 1000 );
			expectSiteIntegrity();
			report( 'two syncs sharing a run', {
				second: second.code,
				first: paused.code,
				firstSaid: JSON.stringify(
					paused.err.trim().split( '\n' ).pop()
				),
			} );
		} );

		// Finding 5: the first then finds the run completed by the other; all the work is done.
		it( 'the first, finding the run completed by the other, exits 0', () => {
			expect( paused?.code ).toBe( 0 );
			expect( paused?.err ).toMatch(
				/was completed by another sync working on it/
			);
		} );
	} );

	it( '50 registrations at once through wp-login.php are all linked exactly once within 10 s', async () => {
		const { url } = siteState();
		const burst = await registrationBurst( {
			prefix: burstPrefix,
			count: 50,
			urls: [ url ],
			watchUrls: [ url ],
			withinMs: 10000,
		} );
		expect( burst.linkedAfterMs ).toBeLessThanOrEqual( 10000 );
		expectExactEndState( burstPrefix, 50 );
		expectSiteIntegrity();
		report( '50 registrations + watch', { ...burst } );
	} );
} );
