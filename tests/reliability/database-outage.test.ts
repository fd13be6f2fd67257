/**
 * Scenario 2, database outage: MariaDB stops for a while (4 s light, 10 s full) under `watch`
 * and under `sync`. Both are expected to wait, retry with backoff, say so, and finish with
 * nothing lost or duplicated.
 */
import {
	insertUsers,
	removeScenario,
	settleEvents,
	sqlNumber,
} from './support/database';
import {
	expectExactEndState,
	expectSiteIntegrity,
	runCounts,
} from './support/endState';
import { startCli } from './support/cli';
import { sleep, startDatabase, stopDatabase } from './support/processes';
import { FULL, report, scale, uniquePrefix } from './support/scale';
import { watchThroughFault } from './support/watchThroughFault';

const OUTAGE_MS = scale( 4000, 10000 );

/** Stops MariaDB for OUTAGE_MS; starts it again even when the wait is cut short. */
async function outage(): Promise< void > {
	try {
		await stopDatabase();
		await sleep( OUTAGE_MS );
	} finally {
		await startDatabase();
	}
}

describe( 'database outage', () => {
	const watchPrefix = uniquePrefix( 'dbwatch' );
	const syncPrefix = uniquePrefix( 'dbsync' );
	beforeEach( () => settleEvents() );
	afterAll( () => {
		removeScenario( watchPrefix );
		removeScenario( syncPrefix );
	} );

	it( `watch retries while MariaDB is down, then processes every event once (${
		FULL ? 'outage mid-batch' : 'outage between backlogs'
	})`, async () => {
		const figures = await watchThroughFault( {
			prefix: watchPrefix,
			users: scale( 1000, 10000 ),
			midBatch: FULL,
			fault: outage,
		} );
		report( 'outage/watch', { ...figures, outageMs: OUTAGE_MS } );
	} );

	describe( 'sync', () => {
		const users = scale( 1500, 20000 );
		const prefix = syncPrefix;
		let runId = 0;

		// Known gap (issue 8, scenario 2): `sync` gives up at the first failed request instead of
		// waiting for the database. Today it exits 1 with "<h1>Error establishing a database
		// connection</h1> (wp_die)" and leaves the run "running" for the next `sync` to resume.
		// Remove `.failing` once sync retries with backoff.
		test.failing(
			'sync waits while MariaDB is down and completes its run',
			async () => {
				insertUsers( prefix, users );
				const siteUsers = sqlNumber( 'SELECT COUNT(*) FROM wp_users' );
				const sync = startCli( [
					'sync',
					'--json',
					'--page-size',
					'100',
				] );
				let exited = false;
				let exitedAt = 0;
				void sync.exited.then( () => {
					exited = true;
					exitedAt = Date.now();
				} );
				while (
					! exited &&
					sqlNumber(
						"SELECT COALESCE( MAX( checked ), 0 ) FROM wp_utc_runs WHERE status = 'running'"
					) <
						siteUsers * 0.3
				) {
					await sleep( 20 );
				}
				runId = sqlNumber(
					"SELECT MAX( id ) FROM wp_utc_runs WHERE status = 'running'"
				);
				const began = Date.now();
				await outage();
				const ended = await sync.exited;
				report( 'outage/sync', {
					users,
					outageMs: OUTAGE_MS,
					exit: ended.code,
					exitedAfterMs: exitedAt - began,
					// Either the CLI's own message, or an unhandled rejection's stack trace when the
					// request that failed was the prefetched next page.
					uncaught: /^Node\.js v/m.test( ended.err ),
					said: JSON.stringify(
						ended.err
							.split( '\n' )
							.find( ( line ) =>
								/database connection/.test( line )
							) ?? ended.err.slice( -200 )
					),
				} );
				expect( ended.code ).toBe( 0 );
			}
		);

		it( 'nothing is lost or duplicated: the next sync resumes the run and completes it exactly', async () => {
			expect( runId ).toBeGreaterThan( 0 );
			const resumed = await startCli( [ 'sync', '--json' ] ).exited;
			expect( resumed.code ).toBe( 0 );
			expectExactEndState( prefix, users );
			expectSiteIntegrity();
			expect( runCounts( runId ).status ).toBe( 'completed' );
		} );
	} );
} );
