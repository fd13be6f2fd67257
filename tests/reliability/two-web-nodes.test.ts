/**
 * Scenario 10, two web nodes: the concurrency scenarios again with two `php -S` web servers on
 * one MariaDB and three `watch` sidecars (two on the first node, one on the second), as a site
 * that has outgrown one web server runs.
 */
import { removeScenario } from './support/database';
import { expectExactEndState, expectSiteIntegrity } from './support/endState';
import {
	expectRunnersSucceeded,
	registrationBurst,
	runnersRace,
} from './support/concurrency';
import { siteState, startWebNode } from './support/processes';
import type { WebNode } from './support/processes';
import { report, scale, uniquePrefix } from './support/scale';
import { trustAllEmails } from './support/settings';

describe( 'two web nodes, three watch sidecars', () => {
	const racePrefix = uniquePrefix( 'nodesrace' );
	const burstPrefix = uniquePrefix( 'nodesburst' );
	let second: WebNode;
	let nodes: string[];
	let watchUrls: string[];

	beforeAll( async () => {
		await trustAllEmails();
		second = await startWebNode();
		nodes = [ siteState().url, second.url ];
		watchUrls = [ nodes[ 0 ], nodes[ 0 ], nodes[ 1 ] ] as string[];
	} );

	afterAll( async () => {
		await second?.stop();
		removeScenario( racePrefix );
		removeScenario( burstPrefix );
	} );

	it( 'one sync per node plus three watch sidecars link every user exactly once (R3)', async () => {
		const users = scale( 1000, 20000 );
		const race = await runnersRace( {
			prefix: racePrefix,
			users,
			syncUrls: nodes,
			watchUrls,
		} );
		expectExactEndState( racePrefix, users );
		expectSiteIntegrity();
		expectRunnersSucceeded( race.syncs );
		report( 'two nodes: two syncs + three watch', {
			users: race.users,
			events: race.events,
			exits: race.syncs.map( ( sync ) => sync.code ).join( '/' ),
			ms: race.ms,
		} );
	} );

	it( '50 registrations at once spread over both nodes are all linked exactly once within 10 s', async () => {
		const burst = await registrationBurst( {
			prefix: burstPrefix,
			count: 50,
			urls: nodes,
			watchUrls,
			withinMs: 10000,
		} );
		expect( burst.linkedAfterMs ).toBeLessThanOrEqual( 10000 );
		expectExactEndState( burstPrefix, 50 );
		expectSiteIntegrity();
		report( 'two nodes: 50 registrations + three watch', { ...burst } );
	} );
} );
