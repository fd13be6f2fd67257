/**
 * What the Synchronize screen and the background processing in wp-admin ask of the site:
 * GET /runner-status (how many events wait, whether a sidecar runs), and a preview (a dry run)
 * that never stands in the way of a real run.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import {
	listRuns,
	startOrResumeRun,
	startRun,
	updateRun,
} from '../../src/api/runs';
import { getRunnerStatus } from '../../src/api/runnerStatus';
import { ApiError } from '../../src/api/transport';
import { createUser, rest, testSite } from '../support/site';

const NS = '/users-to-contacts/v1';

function transport() {
	const site = testSite();
	return createFetchTransport( {
		siteUrl: site.url,
		user: site.adminUser,
		password: site.appPassword,
	} );
}

/** Cancels whatever sync_users run other tests left in progress. */
async function noRunInProgress() {
	for ( const status of [ 'running', 'paused' ] as const ) {
		const page = await listRuns( transport(), {
			kind: 'sync_users',
			status,
		} );
		for ( const run of page.items ) {
			await updateRun( transport(), run.id, { status: 'cancelled' } );
		}
	}
}

describe( 'GET /runner-status', () => {
	it( 'counts the events that wait, and says whether a sidecar was heard from', async () => {
		const goodbye = async () => {
			const runners = await rest<
				Array< { runner: string; kind: string; alive: boolean } >
			>( `${ NS }/events/heartbeat` );
			for ( const runner of runners.body.filter(
				( entry ) => entry.alive
			) ) {
				await rest( `${ NS }/events/heartbeat`, {
					method: 'POST',
					body: {
						runner: runner.runner,
						kind: runner.kind,
						stopping: true,
					},
				} );
			}
		};
		await goodbye();
		const before = await getRunnerStatus( transport() );
		expect( Object.keys( before ).sort() ).toEqual( [
			'failed',
			'pending',
			'sidecar_alive',
			'sidecar_seconds_ago',
		] );
		expect( before.sidecar_alive ).toBe( false );

		// A registration waits until a runner processes it.
		await createUser( 'subscriber' );
		const after = await getRunnerStatus( transport() );
		expect( after.pending ).toBe( before.pending + 1 );

		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner: 'sync-screen-test', kind: 'sidecar' },
		} );
		const heard = await getRunnerStatus( transport() );
		expect( heard.sidecar_alive ).toBe( true );
		expect( heard.sidecar_seconds_ago ).toBeLessThanOrEqual( 2 );
		// A browser runner is no sidecar.
		await goodbye();
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner: 'sync-screen-browser', kind: 'browser' },
		} );
		const gone = await getRunnerStatus( transport() );
		expect( gone.sidecar_alive ).toBe( false );
		expect( gone.sidecar_seconds_ago ).not.toBeNull();
	} );
} );

describe( 'a preview (dry run) and a real run', () => {
	beforeEach( noRunInProgress );
	afterAll( noRunInProgress );

	it( 'a preview left in progress is cancelled, not resumed as the real run', async () => {
		const preview = await startRun( transport(), 'sync_users', true );
		const { run, resumed } = await startOrResumeRun(
			transport(),
			'sync_users'
		);
		expect( resumed ).toBe( false );
		expect( run.id ).not.toBe( preview.id );
		expect( run.dry_run ).toBe( false );
		const left = await rest< { status: string } >(
			`${ NS }/runs/${ preview.id }`
		);
		expect( left.body.status ).toBe( 'cancelled' );
	} );

	it( 'a preview does not start, nor join, while a real run is in progress', async () => {
		const real = await startRun( transport(), 'sync_users' );
		await updateRun( transport(), real.id, { status: 'paused' } );
		const refused = await startOrResumeRun(
			transport(),
			'sync_users',
			true
		).catch( ( error: unknown ) => error );
		expect( refused ).toBeInstanceOf( ApiError );
		expect( ( refused as ApiError ).code ).toBe(
			'users_to_contacts_run_in_progress'
		);
		const still = await rest< { status: string } >(
			`${ NS }/runs/${ real.id }`
		);
		expect( still.body.status ).toBe( 'paused' );
	} );

	it( 'a preview left in progress gives way to a new preview', async () => {
		const first = await startRun( transport(), 'sync_users', true );
		const { run } = await startOrResumeRun(
			transport(),
			'sync_users',
			true
		);
		expect( run.id ).not.toBe( first.id );
		expect( run.dry_run ).toBe( true );
	} );
} );
