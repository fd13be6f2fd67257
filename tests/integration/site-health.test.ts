/**
 * Tools › Site Health: the runner test and the Info section (includes/Admin/SiteHealth.php), as
 * WordPress calls them through its filters.
 */
import { createUser, rest, runPhp } from '../support/site';

const NS = '/users-to-contacts/v1';

interface TestResult {
	status: 'good' | 'recommended' | 'critical';
	label: string;
	description: string;
	actions: string;
	test: string;
}

/** The direct test, found and run as Site Health does. */
function runnerTest(): TestResult {
	return JSON.parse(
		runPhp( `
			$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
			echo wp_json_encode( call_user_func( $tests['direct']['users_to_contacts_runner']['test'] ) );
		` )
	) as TestResult;
}

/** Every runner still counted as alive says goodbye. */
async function stopAllRunners() {
	const runners = await rest<
		Array< { runner: string; kind: string; alive: boolean } >
	>( `${ NS }/events/heartbeat` );
	for ( const runner of runners.body.filter( ( entry ) => entry.alive ) ) {
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner: runner.runner, kind: runner.kind, stopping: true },
		} );
	}
}

afterAll( stopAllRunners );

describe( 'Site Health', () => {
	it( 'recommends processing the waiting events when no synchronization process runs, and says how many', async () => {
		await stopAllRunners();
		// A registration while nothing processes events: it waits.
		await createUser( 'subscriber' );
		const pending = (
			await rest< { pending: number } >( `${ NS }/events/counts` )
		).body.pending;
		expect( pending ).toBeGreaterThan( 0 );

		const result = runnerTest();
		expect( result.test ).toBe( 'users_to_contacts_runner' );
		expect( result.status ).toBe( 'recommended' );
		expect( result.label ).toBe(
			pending === 1
				? '1 change is waiting to reach contacts'
				: `${ pending } changes are waiting to reach contacts`
		);
		expect( result.description ).toContain(
			'No synchronization process is running'
		);
		// What to do: a link to the screen that processes them, and the command.
		expect( result.actions ).toContain(
			'admin.php?page=users-to-contacts-sync'
		);
		expect( result.actions ).toContain( 'users-to-contacts watch' );
	} );

	it( 'is good while a synchronization process was heard from recently', async () => {
		const runner = `site-health-${ Date.now() }`;
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner, kind: 'sidecar' },
		} );
		const result = runnerTest();
		const { failed } = (
			await rest< { failed: number } >( `${ NS }/events/counts` )
		).body;
		// Changes that failed are still worth a look, even with the process running.
		expect( result.status ).toBe( failed > 0 ? 'recommended' : 'good' );
		expect( result.label ).toBe(
			'Registrations and profile changes reach contacts in real time'
		);
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner, kind: 'sidecar', stopping: true },
		} );
	} );

	it( 'adds the plugin’s versions and counts to the Info tab', async () => {
		const info = JSON.parse(
			runPhp( `
				echo wp_json_encode( apply_filters( 'debug_information', array() )['users-to-contacts'] );
			` )
		) as {
			label: string;
			fields: Record<
				string,
				{ label: string; value: string; debug?: unknown }
			>;
		};
		expect( info.label ).toBe( 'Users to Contacts' );
		expect( Object.keys( info.fields ) ).toEqual(
			expect.arrayContaining( [
				'version',
				'schema_version',
				'php_version',
				'contacts',
				'links',
				'pending_events',
				'failed_events',
			] )
		);
		const status = await rest< { plugin_version: string } >(
			`${ NS }/status`
		);
		expect( info.fields.version?.value ).toBe( status.body.plugin_version );
		const links = await rest( `${ NS }/links`, {
			query: { per_page: '1' },
		} );
		expect( info.fields.links?.debug ).toBe(
			Number( links.headers.get( 'x-wp-total' ) )
		);
		const counts = await rest< { pending: number; failed: number } >(
			`${ NS }/events/counts`
		);
		expect( info.fields.pending_events?.debug ).toBe( counts.body.pending );
		expect( info.fields.failed_events?.debug ).toBe( counts.body.failed );
	} );
} );
