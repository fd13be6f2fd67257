/**
 * Two `sync` processes started together: the second joins the run the first started, they
 * finish it together, and both say so (exit 0) with the same exact counts (R3).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { rest, runPhp, testSite } from '../support/site';
import { runCliAsync } from '../support/sidecar';

interface RunJson {
	run: {
		id: number;
		status: string;
		total: number;
		counts: {
			checked: number;
			matched: number;
			created: number;
			skipped: number;
		};
		summary: string;
	};
}

const USERS = 600;

const BIN = path.resolve(
	__dirname,
	'..',
	'..',
	'bin',
	'users-to-contacts.js'
);

/** Creates `count` users in one PHP process and settles every pending event. */
function insertUsers( prefix: string, count: number ): number[] {
	return JSON.parse(
		runPhp(
			`$ids = array();
			for ( $i = 0; $i < ${ count }; $i++ ) {
				$id = wp_insert_user( array( 'user_login' => '${ prefix }' . $i, 'user_email' => '${ prefix }' . $i . '@example.com', 'user_pass' => 'pw-' . $i, 'role' => 'subscriber' ) );
				if ( is_wp_error( $id ) ) { fwrite( STDERR, $id->get_error_message() ); exit( 1 ); }
				$ids[] = $id;
			}
			global $wpdb;
			$wpdb->query( "UPDATE {$wpdb->prefix}utc_events SET processed_at = UTC_TIMESTAMP() WHERE processed_at IS NULL" );
			echo wp_json_encode( $ids );`
		)
	) as number[];
}

/** `sync` as a child process the test can pause (SIGSTOP) and let go on (SIGCONT). */
function startSync( args: string[] ) {
	const site = testSite();
	const child = spawn( process.execPath, [ BIN, 'sync', ...args ], {
		env: {
			PATH: process.env.PATH ?? '',
			USERS_TO_CONTACTS_URL: site.url,
			USERS_TO_CONTACTS_USER: site.adminUser,
			USERS_TO_CONTACTS_APP_PASSWORD: site.appPassword,
		},
	} );
	let out = '';
	let err = '';
	child.stdout.on( 'data', ( chunk: Buffer ) => ( out += chunk.toString() ) );
	child.stderr.on( 'data', ( chunk: Buffer ) => ( err += chunk.toString() ) );
	const exited = new Promise< {
		code: number | null;
		out: string;
		err: string;
	} >( ( resolve ) =>
		child.on( 'close', ( code ) => resolve( { code, out, err } ) )
	);
	return { child, exited };
}

/** The sync_users run in progress, if any. */
async function runningRun(): Promise< RunJson[ 'run' ] | undefined > {
	const runs = await rest< Array< RunJson[ 'run' ] > >(
		'/users-to-contacts/v1/runs',
		{ query: { kind: 'sync_users', status: 'running' } }
	);
	return runs.body[ 0 ];
}

async function total(
	route: string,
	query: Record< string, string > = {}
): Promise< number > {
	const response = await rest( route, {
		query: { per_page: '1', ...query },
	} );
	return Number( response.headers.get( 'x-wp-total' ) );
}

describe( 'two sync processes started together', () => {
	it( 'share one run: both exit 0 with the same exact counts, and no user is handled twice in effect', async () => {
		const prefix = `twosync${ Date.now().toString( 36 ) }_`;
		const ids = insertUsers( prefix, USERS );
		const siteUsers = await total( '/wp/v2/users', { context: 'edit' } );

		const [ first, second ] = await Promise.all( [
			runCliAsync( [ 'sync', '--json', '--page-size', '25' ] ),
			runCliAsync( [ 'sync', '--json', '--page-size', '25' ] ),
		] );
		// Each exit code, with what the process said when it is not 0.
		expect(
			[ first, second ].map( ( exit ) =>
				exit.code === 0 ? 0 : `${ exit.code }: ${ exit.err }`
			)
		).toEqual( [ 0, 0 ] );
		const results = [ first, second ].map(
			( exit ) => JSON.parse( exit.out ) as RunJson
		);
		const runId = results[ 0 ]?.run.id as number;
		// One of them started the run; the other joined it and said so.
		expect( results.map( ( result ) => result.run.id ) ).toEqual( [
			runId,
			runId,
		] );
		expect( first.err + second.err ).toMatch(
			new RegExp(
				`Resuming run ${ runId } after user \\d+; it is running`
			)
		);

		const run = await rest< RunJson[ 'run' ] >(
			`/users-to-contacts/v1/runs/${ runId }`
		);
		expect( run.body.status ).toBe( 'completed' );
		const { counts } = run.body;
		expect( counts.checked ).toBe( siteUsers );
		expect( counts.matched + counts.created + counts.skipped ).toBe(
			siteUsers
		);
		// Both report the finished run, with its exact counts and sentence.
		for ( const result of results ) {
			expect( result.run.status ).toBe( 'completed' );
			expect( result.run.counts ).toEqual( counts );
			expect( result.run.summary ).toBe( run.body.summary );
		}
		// One item per user, and one contact created per user the run created one for.
		expect(
			await total( `/users-to-contacts/v1/runs/${ runId }/items` )
		).toBe( siteUsers );
		expect(
			await total( '/users-to-contacts/v1/contacts', {
				run: String( runId ),
			} )
		).toBe( counts.created );
		expect( counts.created ).toBeGreaterThanOrEqual( USERS );

		// Each new user holds exactly one contact, linked to them.
		const emails = ids.map(
			( _id, index ) => `${ prefix }${ index }@example.com`
		);
		const found = await rest< {
			matches: Record<
				string,
				Array< { contact_id: number; linked_user_id: number | null } >
			>;
		} >( '/users-to-contacts/v1/bulk/contacts-by-emails', {
			method: 'POST',
			body: { emails },
		} );
		const problems = emails.filter( ( email, index ) => {
			const holders = found.body.matches[ email ] ?? [];
			return (
				holders.length !== 1 ||
				holders[ 0 ]?.linked_user_id !== ids[ index ]
			);
		} );
		expect( problems ).toEqual( [] );
	}, 120000 );

	it( 'the one that finds the run completed by the other, after a pause mid-run, exits 0 with the summary', async () => {
		const prefix = `pausedsync${ Date.now().toString( 36 ) }_`;
		insertUsers( prefix, 300 );
		const first = startSync( [ '--json', '--page-size', '20' ] );
		let ended = false;
		void first.exited.then( () => ( ended = true ) );
		let run = await runningRun();
		while ( ! ended && ( run?.counts.checked ?? 0 ) < 100 ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
			run = await runningRun();
		}
		expect( ended ).toBe( false );
		// The first stops mid-run (as a slow or busy runner would); the second finishes the run.
		first.child.kill( 'SIGSTOP' );
		const second = await runCliAsync( [ 'sync', '--json' ] );
		first.child.kill( 'SIGCONT' );
		const paused = await first.exited;
		expect( second.code ).toBe( 0 );
		expect( second.err ).toContain(
			`Resuming run ${ run?.id } after user`
		);
		expect( paused.err ).toContain(
			`Run ${ run?.id } was completed by another sync working on it; every user was handled.`
		);
		expect( paused.code ).toBe( 0 );
		const reports = [ second, paused ].map(
			( exit ) => ( JSON.parse( exit.out ) as RunJson ).run
		);
		expect( reports[ 0 ] ).toEqual( reports[ 1 ] );
		expect( reports[ 0 ] ).toMatchObject( {
			id: run?.id,
			status: 'completed',
		} );
		const counts = reports[ 0 ]?.counts as RunJson[ 'run' ][ 'counts' ];
		expect( counts.checked ).toBe( reports[ 0 ]?.total );
		expect( counts.matched + counts.created + counts.skipped ).toBe(
			counts.checked
		);
	}, 120000 );
} );
