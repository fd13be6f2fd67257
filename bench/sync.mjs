#!/usr/bin/env node
/**
 * Benchmark: "Synchronize Users to Contacts" on realistic data, every method side by side in
 * one run on its own throwaway site, each followed by the same correctness check (a fast wrong
 * answer fails the bench: exit 1). Sizes 10,000 and 100,000 users by default.
 *
 *   SQL floor        set-based statements in MariaDB with the same outcome (lower bound)
 *   CLI              `users-to-contacts sync` through REST (and a second run: no changes)
 *   browser          the Synchronize screen in wp-admin, headless Chromium
 *   mapped           a first sync with a 5-field map; "Update all synchronized users" after a
 *                    map change
 *   baselines        MODELS of today's tools (bench/models/utc-bench.php): CiviCRM's one-request
 *                    loop, CRM importers' 100 users per request, and one request per user
 *   real time        registrations with the plugin on and off; `watch` lag (bench/latency.mjs)
 *
 * Usage: npm run bench [-- --users 1000000] [--sizes 10000,100000] [--no-browser]
 *        [--no-realtime] [--civicrm-max 20000] [--importer-max 20000] [--per-user-sample 300]
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import { PROJECT_ROOT, stopSite } from '../scripts/lib/site.mjs';
import { numbers } from './lib/db.mjs';
import { seed, restore } from './lib/seed.mjs';
import {
	buildExpectation,
	check,
	fieldMismatches,
	sampleEvery,
	scopes,
} from './lib/check.mjs';
import { sqlFloor } from './lib/floor.mjs';
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
import { printTable } from './lib/table.mjs';
import { measureRealTime } from './latency.mjs';
import { ARGS, flag, option } from './lib/args.mjs';

const SIZES = option( 'users', null )
	? [ Number( option( 'users' ) ) ]
	: String( option( 'sizes', '10000,100000' ) ).split( ',' ).map( Number );
const CIVICRM_MAX = Number( option( 'civicrm-max', 20000 ) );
const IMPORTER_MAX = Number( option( 'importer-max', 20000 ) );
const PER_USER_SAMPLE = Number( option( 'per-user-sample', 300 ) );
const ENGINE_RUN = path.join( PROJECT_ROOT, 'bench', 'lib', 'engine-run.cjs' );
const FIRST_MAP = [
	[ 'first_name', 'first_name' ],
	[ 'last_name', 'last_name' ],
	[ 'billing_phone', 'phone' ],
	[ 'billing_city', 'city' ],
	[ 'billing_postcode', 'postal_code' ],
];
const CHANGED_MAP = [
	...FIRST_MAP.slice( 0, 4 ),
	[ 'billing_country', 'country' ],
];
const asFieldMap = ( pairs ) =>
	pairs.map( ( [ userField, contactField ] ) => ( {
		user_field: userField,
		contact_field: contactField,
	} ) );

const log = ( line ) => console.log( line );

/** Runs one method from the seeded state; checks it; returns its row. */
async function measure( state, row, work ) {
	restore( state );
	clearRequestLog( state );
	const result = await work();
	const requests = readRequestLog( state );
	const verdict = result.verdict ?? check( state, result.checkWith ?? {} );
	const measured = {
		...row,
		...result,
		requests: requests.requests,
		phpPeakMb: requests.phpPeakMb,
		phpPeakUri: requests.phpPeakUri,
		check: verdict.ok ? 'ok' : 'FAILED',
		problems: [ ...verdict.problems, ...( result.problems ?? [] ) ],
	};
	if ( measured.problems.length > 0 ) {
		measured.check = 'FAILED';
	}
	delete measured.checkWith;
	delete measured.verdict;
	log(
		`  ${ measured.label }: ${ measured.seconds.toFixed( 2 ) } s${
			measured.measuredUsers < measured.users
				? ` (measured on ${ measured.measuredUsers.toLocaleString( 'en-US' ) } users, ${ measured.measuredSeconds.toFixed( 2 ) } s)`
				: ''
		}, ${ measured.requests } PHP requests, check ${ measured.check }${
			measured.problems.length
				? `: ${ measured.problems.join( '; ' ) }`
				: ''
		}`
	);
	return measured;
}

async function benchSize( users, options ) {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-bench-' ) );
	const rows = [];
	try {
		const state = await startBenchSite( dir );
		log(
			`\n${ users.toLocaleString( 'en-US' ) } users: seeding ${ Math.round(
				users * 0.6
			).toLocaleString( 'en-US' ) } contacts…`
		);
		const seedBegan = performance.now();
		seed( state, users );
		const expected = buildExpectation( state );
		log(
			`  seeded in ${ ( ( performance.now() - seedBegan ) / 1000 ).toFixed( 1 ) } s: expected ${ JSON.stringify(
				expected
			) }`
		);
		// The seeded users have no proof of their email (R6); the tools compared here match on
		// the address alone, which the "trust all emails" setting does (CiviCRM's behaviour).
		const emailOnly = {
			trust_all_emails: true,
			sync_mode: 'email_only',
			field_map: [],
		};
		await saveSettings( state, emailOnly );
		const total = expected.checked;

		rows.push(
			await measure(
				state,
				{ key: 'floor', label: 'SQL floor (set-based, in MariaDB)' },
				async () => ( { seconds: sqlFloor( state ) } )
			)
		);

		rows.push(
			await measure(
				state,
				{ key: 'cli', label: 'ours: CLI sync' },
				async () => {
					const run = await runNode( state, CLI, [
						'sync',
						'--json',
					] );
					return {
						seconds: run.seconds,
						nodePeakMb: run.nodePeakMb,
						summary: run.output.run.summary,
						checkWith: { counts: run.output.run.counts },
					};
				}
			)
		);
		// The same data synced again: nothing to do (R3). Measured from the synced state.
		{
			clearRequestLog( state );
			const again = await runNode( state, CLI, [ 'sync', '--json' ] );
			const verdict = check( state );
			const { counts } = again.output.run;
			const problems = [ ...verdict.problems ];
			if ( counts.created !== 0 ) {
				problems.push( `the second run created ${ counts.created }` );
			}
			const requests = readRequestLog( state );
			rows.push( {
				key: 'cli2',
				label: 'ours: CLI sync again (no changes)',
				seconds: again.seconds,
				nodePeakMb: again.nodePeakMb,
				requests: requests.requests,
				phpPeakMb: requests.phpPeakMb,
				phpPeakUri: requests.phpPeakUri,
				check: problems.length ? 'FAILED' : 'ok',
				problems,
			} );
			log(
				`  ${ rows.at( -1 ).label }: ${ again.seconds.toFixed( 2 ) } s, check ${ rows.at( -1 ).check }`
			);
		}

		if ( options.browser ) {
			rows.push(
				await measure(
					state,
					{
						key: 'browser',
						label: 'ours: Synchronize screen (browser)',
					},
					async () => {
						const run = await runBrowserSync( state, {
							timeoutMs: Math.max( 600000, users * 3 ),
						} );
						const [ latest ] = await rest(
							state,
							'/users-to-contacts/v1/runs?per_page=1&kind=sync_users'
						);
						return {
							seconds: run.seconds,
							heapPeakMb: run.heapPeakMb,
							summary: run.summary,
							checkWith: { counts: latest.counts },
						};
					}
				)
			);
		}

		rows.push(
			await measure(
				state,
				{ key: 'mapped', label: 'ours: CLI sync, mapped (5 fields)' },
				async () => {
					await saveSettings( state, {
						...emailOnly,
						sync_mode: 'mapped',
						field_map: asFieldMap( FIRST_MAP ),
					} );
					const run = await runNode( state, CLI, [
						'sync',
						'--json',
					] );
					const verdict = check( state, {
						counts: run.output.run.counts,
					} );
					const fields = fieldMismatches(
						state,
						FIRST_MAP,
						'created'
					);
					return {
						seconds: run.seconds,
						nodePeakMb: run.nodePeakMb,
						verdict,
						problems: fields.mismatches
							? [
									`${ fields.mismatches } of ${ fields.compared } new contacts miss a mapped field`,
								]
							: [],
					};
				}
			)
		);
		// "Update all synchronized users" after a map change, from the mapped sync's result.
		{
			await saveSettings( state, {
				...emailOnly,
				sync_mode: 'mapped',
				field_map: asFieldMap( CHANGED_MAP ),
			} );
			clearRequestLog( state );
			const run = await runNode( state, ENGINE_RUN, [ 'resync' ] );
			const requests = readRequestLog( state );
			const fields = fieldMismatches( state, CHANGED_MAP, 'linked' );
			const problems = [];
			if ( fields.mismatches ) {
				problems.push(
					`${ fields.mismatches } of ${ fields.compared } linked contacts differ from their user after the update`
				);
			}
			const [ links ] = numbers(
				state,
				'SELECT COUNT(*) FROM wp_utc_links'
			);
			if ( run.output.counts.checked !== links ) {
				problems.push(
					`the update checked ${ run.output.counts.checked } of ${ links } linked users`
				);
			}
			rows.push( {
				key: 'resync',
				label: 'ours: Update all synchronized users (map changed)',
				users: links,
				measuredUsers: links,
				seconds: run.seconds,
				nodePeakMb: run.nodePeakMb,
				requests: requests.requests,
				phpPeakMb: requests.phpPeakMb,
				phpPeakUri: requests.phpPeakUri,
				check: problems.length ? 'FAILED' : 'ok',
				problems,
			} );
			log(
				`  ${ rows.at( -1 ).label }: ${ run.seconds.toFixed( 2 ) } s over ${ links } linked users, check ${ rows.at( -1 ).check }${ problems.length ? `: ${ problems.join( '; ' ) }` : '' }`
			);
			await saveSettings( state, emailOnly );
		}

		// Baselines: MODELS of today's tools, measured on a sample spread over all the users
		// (blocks of 100 ids: the data varies along the ids), extrapolated.
		const civicrmEvery = sampleEvery( total, CIVICRM_MAX );
		rows.push(
			await measure(
				state,
				{
					key: 'civicrm',
					label: 'model: CiviCRM Synchronize (1 request)',
				},
				async () => {
					const began = performance.now();
					const out = await rest(
						state,
						'/utc-bench/v1/civicrm-model',
						{
							method: 'POST',
							body: { every: civicrmEvery },
						}
					);
					const seconds = ( performance.now() - began ) / 1000;
					return {
						measuredUsers: out.counts.checked,
						measuredSeconds: seconds,
						seconds: ( seconds / out.counts.checked ) * total,
						checkWith: {
							scope: scopes.everyBlock( civicrmEvery ),
							counts: out.counts,
						},
					};
				}
			)
		);
		const importerEvery = sampleEvery( total, IMPORTER_MAX );
		rows.push(
			await measure(
				state,
				{
					key: 'importer',
					label: 'model: CRM importer (100 users/request)',
				},
				async () => {
					const counts = {
						checked: 0,
						matched: 0,
						created: 0,
						skipped: 0,
					};
					const pages = [];
					const began = performance.now();
					for (
						let offset = 0;
						offset < total;
						offset += 100 * importerEvery
					) {
						const out = await rest(
							state,
							'/utc-bench/v1/importer-model',
							{
								method: 'POST',
								body: { offset },
							}
						);
						for ( const key of Object.keys( counts ) ) {
							counts[ key ] += out.counts[ key ];
						}
						if ( out.first_id ) {
							pages.push( [ out.first_id, out.last_id ] );
						}
					}
					const seconds = ( performance.now() - began ) / 1000;
					return {
						measuredUsers: counts.checked,
						measuredSeconds: seconds,
						seconds: ( seconds / counts.checked ) * total,
						checkWith: { scope: scopes.ranges( pages ), counts },
					};
				}
			)
		);
		const sample = Math.min( PER_USER_SAMPLE, total );
		rows.push(
			await measure(
				state,
				{ key: 'peruser', label: 'baseline: one request per user' },
				async () => {
					const run = await runNode( state, ENGINE_RUN, [
						'per-user',
						String( sample ),
					] );
					return {
						measuredUsers: run.output.done,
						measuredSeconds: run.seconds,
						seconds: ( run.seconds / run.output.done ) * total,
						checkWith: {
							scope: scopes.upTo( run.output.cursor ),
							counts: run.output.counts,
						},
					};
				}
			)
		);
		for ( const row of rows ) {
			row.users ??= total;
			row.measuredUsers ??= row.users;
			row.measuredSeconds ??= row.seconds;
		}
		const [ dbMb ] = numbers(
			state,
			"SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = 'wordpress'"
		);
		return { users, total, expected, rows, databaseMb: dbMb };
	} finally {
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

function machine() {
	const version = ( command, argv ) =>
		spawnSync( command, argv, { encoding: 'utf8' } )
			.stdout?.split( '\n' )[ 0 ]
			.trim();
	return {
		cpus: os.cpus().length,
		cpu: os.cpus()[ 0 ]?.model,
		memoryGb: Math.round( os.totalmem() / 1073741824 ),
		loadAverage: os
			.loadavg()
			.map( ( load ) => Number( load.toFixed( 2 ) ) ),
		node: process.version,
		php: version( 'php', [ '-r', 'echo PHP_VERSION;' ] ),
		mariadb: version( 'mariadb', [ '--version' ] ),
		chromium: version( '/usr/bin/chromium', [ '--version' ] ),
	};
}

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const options = { browser: ! flag( 'no-browser' ) };
	const started = new Date().toISOString();
	const sizes = [];
	for ( const users of SIZES ) {
		sizes.push( await benchSize( users, options ) );
	}
	let realtime = null;
	if ( ! flag( 'no-realtime' ) ) {
		log(
			'\nReal time: registrations with the plugin on and off, then watch at 20/s for 60 s…'
		);
		realtime = await measureRealTime( { rate: 20, seconds: 60, log } );
	}
	const results = {
		command: `npm run bench${ ARGS.length ? ` -- ${ ARGS.join( ' ' ) }` : '' }`,
		started,
		finished: new Date().toISOString(),
		machine: machine(),
		sizes,
		realtime,
	};
	console.log( '' );
	printTable( results, log );
	const dir = path.join( PROJECT_ROOT, 'bench', 'results' );
	mkdirSync( dir, { recursive: true } );
	writeFileSync(
		path.join( dir, 'latest.json' ),
		JSON.stringify( results, null, '\t' ) + '\n'
	);
	log( '\nWrote bench/results/latest.json' );
	const failed = sizes.flatMap( ( size ) =>
		size.rows.filter( ( row ) => row.check !== 'ok' )
	);
	if ( realtime && realtime.check !== 'ok' ) {
		failed.push( {
			label: 'watch',
			problems: [
				`${ realtime.watch.registrations - realtime.watch.linked } registered users were not linked within 30 s`,
			],
		} );
	}
	if ( failed.length > 0 ) {
		console.error(
			`\nCorrectness check FAILED: ${ failed
				.map(
					( row ) => `${ row.label }: ${ row.problems.join( '; ' ) }`
				)
				.join( '\n' ) }`
		);
		process.exitCode = 1;
	}
}

main().catch( ( error ) => {
	console.error( error.stack ?? error.message );
	process.exitCode = 1;
} );
