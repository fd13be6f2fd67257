#!/usr/bin/env node
/**
 * A/B for tuning: the sync runners back to back on one seeded site, each from the seeded state
 * and checked like the bench (bench/sync.mjs is the bench itself). Per run: wall time, users/s,
 * PHP requests, and for the CLI its peak memory and Node's own CPU time; with --timing, each
 * route's PHP time split into bootstrap, validation, callback and output, with request and
 * answer sizes (bench/models/utc-timing.php), and how much of the run some PHP request ran.
 *
 * Usage: node bench/ab.mjs [--users 20000] [--rounds 2] [--variants cli,browser,civicrm] [--timing]
 *   cli      the CLI's sync         browser  the Synchronize screen (headless Chromium)
 *   civicrm  the CiviCRM model on up to 20,000 users (a sample spread over them all)
 * Edit the code between runs of one variant list, or compare rounds of one build: the machine's
 * load moves times by half, so compare within a run.
 */
import {
	copyFileSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopSite } from '../scripts/lib/site.mjs';
import { seed, restore } from './lib/seed.mjs';
import { buildExpectation, check, sampleEvery } from './lib/check.mjs';
import {
	CLI,
	clearRequestLog,
	readRequestLog,
	rest,
	runNode,
	saveSettings,
	startBenchSite,
} from './lib/site.mjs';
import { runBrowserSync } from './lib/browser.mjs';
import { flag, option } from './lib/args.mjs';

const USERS = Number( option( 'users', 20000 ) );
const ROUNDS = Number( option( 'rounds', 2 ) );
const VARIANTS = String( option( 'variants', 'cli,browser,civicrm' ) ).split(
	','
);
const TIMING = flag( 'timing' );

/** Per route: requests, summed milliseconds of each phase, kilobytes in and out. */
function timingByRoute( lines ) {
	const byRoute = {};
	for ( const entry of lines ) {
		const sum = ( byRoute[ entry.route ] ??= {
			n: 0,
			boot: 0,
			validate: 0,
			callback: 0,
			output: 0,
			total: 0,
			inKb: 0,
			outKb: 0,
		} );
		sum.n++;
		for ( const key of [
			'boot',
			'validate',
			'callback',
			'output',
			'total',
		] ) {
			sum[ key ] += entry[ key ];
		}
		sum.inKb += Math.round( entry.in / 1024 );
		sum.outKb += Math.round( entry.out / 1024 );
	}
	return byRoute;
}

/** The run's span, and how much of it some PHP request was running. */
function phpBusy( lines ) {
	const spans = [ ...lines ].sort( ( a, b ) => a.start - b.start );
	let busy = 0;
	let reach = 0;
	for ( const span of spans ) {
		const from = Math.max( span.start, reach );
		if ( span.end > from ) {
			busy += span.end - from;
		}
		reach = Math.max( reach, span.end );
	}
	return {
		spanS: spans.length
			? Number( ( reach - spans[ 0 ].start ).toFixed( 2 ) )
			: 0,
		phpBusyS: Number( busy.toFixed( 2 ) ),
	};
}

async function main() {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-ab-' ) );
	const cpuLog = path.join( dir, 'node-cpu.log' );
	const cpuHook = path.join( dir, 'node-cpu.cjs' );
	// Loaded into the CLI (NODE_OPTIONS --require): its CPU time, written as it exits.
	writeFileSync(
		cpuHook,
		`process.on( 'exit', () => { const cpu = process.cpuUsage(); require( 'fs' ).appendFileSync( ${ JSON.stringify(
			cpuLog
		) }, ( cpu.user + cpu.system ) / 1e6 + '\\n' ); } );\n`
	);
	try {
		const state = await startBenchSite( dir );
		const timingLog = path.join(
			state.wpDir,
			'wp-content',
			'utc-timing.log'
		);
		if ( TIMING ) {
			copyFileSync(
				path.join(
					path.dirname( CLI ),
					'..',
					'bench',
					'models',
					'utc-timing.php'
				),
				path.join(
					state.wpDir,
					'wp-content',
					'mu-plugins',
					'utc-timing.php'
				)
			);
		}
		seed( state, USERS );
		buildExpectation( state );
		await saveSettings( state, {
			trust_all_emails: true,
			sync_mode: 'email_only',
			field_map: [],
		} );
		for ( let round = 1; round <= ROUNDS; round++ ) {
			for ( const variant of VARIANTS ) {
				restore( state );
				clearRequestLog( state );
				writeFileSync( timingLog, '' );
				let row;
				if ( variant === 'cli' ) {
					process.env.NODE_OPTIONS = `--require ${ cpuHook }`;
					const run = await runNode( state, CLI, [
						'sync',
						'--json',
					] );
					delete process.env.NODE_OPTIONS;
					const verdict = check( state, {
						counts: run.output.run.counts,
					} );
					row = {
						seconds: run.seconds,
						nodeCpuS: Number(
							readFileSync( cpuLog, 'utf8' )
								.trim()
								.split( '\n' )
								.pop()
						),
						nodePeakMb: Math.round( run.nodePeakMb ),
						check: verdict.ok
							? 'ok'
							: verdict.problems.join( '; ' ),
					};
				} else if ( variant === 'browser' ) {
					const run = await runBrowserSync( state, {
						timeoutMs: Math.max( 600000, USERS * 3 ),
					} );
					const [ latest ] = await rest(
						state,
						'/users-to-contacts/v1/runs?per_page=1&kind=sync_users'
					);
					const verdict = check( state, { counts: latest.counts } );
					row = {
						seconds: run.seconds,
						heapPeakMb: Math.round( run.heapPeakMb ),
						check: verdict.ok
							? 'ok'
							: verdict.problems.join( '; ' ),
					};
				} else if ( variant === 'civicrm' ) {
					const every = sampleEvery( USERS, 20000 );
					const began = performance.now();
					const out = await rest(
						state,
						'/utc-bench/v1/civicrm-model',
						{
							method: 'POST',
							body: { every },
						}
					);
					const seconds = ( performance.now() - began ) / 1000;
					row = {
						seconds,
						usersPerS: Math.round( out.counts.checked / seconds ),
					};
				} else {
					throw new Error( `Unknown variant ${ variant }.` );
				}
				const requests = readRequestLog( state );
				console.log(
					JSON.stringify( {
						round,
						variant,
						users: USERS,
						...row,
						usersPerS:
							row.usersPerS ?? Math.round( USERS / row.seconds ),
						requests: requests.requests,
						phpPeakMb: Math.round( requests.phpPeakMb ),
						load: Number( os.loadavg()[ 0 ].toFixed( 1 ) ),
					} )
				);
				if ( TIMING ) {
					const lines = readFileSync( timingLog, 'utf8' )
						.split( '\n' )
						.filter( Boolean )
						.map( ( line ) => JSON.parse( line ) );
					console.log( '  ' + JSON.stringify( phpBusy( lines ) ) );
					for ( const [ route, sum ] of Object.entries(
						timingByRoute( lines )
					) ) {
						console.log(
							`  ${ route } ${ JSON.stringify( sum ) }`
						);
					}
				}
			}
		}
	} finally {
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

main().catch( ( error ) => {
	console.error( error.stack ?? error.message );
	process.exitCode = 1;
} );
