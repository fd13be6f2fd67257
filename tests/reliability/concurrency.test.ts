/**
 * Scenarios 4 and 5 on one web node: two `sync` runners plus `watch` over the same users, and
 * 50 registrations at once through wp-login.php with `watch` running.
 */
import { removeScenario } from './support/database';
import { expectExactEndState, expectSiteIntegrity } from './support/endState';
import { registrationBurst, runnersRace } from './support/concurrency';
import type { RaceFigures } from './support/concurrency';
import { siteState } from './support/processes';
import { report, scale, uniquePrefix } from './support/scale';
import { trustAllEmails } from './support/settings';

describe( 'concurrency on one web node', () => {
	const racePrefix = uniquePrefix( 'race' );
	const burstPrefix = uniquePrefix( 'burst' );
	const users = scale( 2000, 20000 );
	let race: RaceFigures | undefined;
	beforeAll( trustAllEmails );
	afterAll( () => {
		removeScenario( racePrefix );
		removeScenario( burstPrefix );
	} );

	it( 'two sync runners plus watch over the same users link every user exactly once (R3)', async () => {
		const { url } = siteState();
		race = await runnersRace( {
			prefix: racePrefix,
			users,
			syncUrls: [ url, url ],
			watchUrls: [ url ],
		} );
		expectExactEndState( racePrefix, users );
		expectSiteIntegrity();
		report( 'two syncs + watch', {
			users: race.users,
			events: race.events,
			exits: race.syncs.map( ( sync ) => sync.code ).join( '/' ),
			ms: race.ms,
		} );
	} );

	// Known gap (issue 8, finding 5): two `sync` processes started together share one run, and
	// the later one exits 1 ("Run N is completed: it takes no more batches") although all the
	// work was done. Remove `.failing` once both report success.
	test.failing( 'both sync runners of that race exit 0', () => {
		expect( race?.syncs.map( ( sync ) => sync.code ) ).toEqual( [ 0, 0 ] );
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
