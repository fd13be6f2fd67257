#!/usr/bin/env node
/**
 * `npm test`: type-check and lint, jest unit tests, integration tests against a throwaway
 * WordPress + MariaDB, and Playwright end-to-end tests in Chromium. Ends with one line:
 * `N passed, N failed`.
 *
 * `--only unit|integration|e2e|static|reliability|playground` runs one stage. The playground
 * stage runs part of the integration suite against wp-env's Playground runtime (SQLite). Extra arguments after `--` go
 * to the runner of that stage (e.g. `npm run test:e2e -- -g "Contacts"`). The reliability stage
 * (faults against its own throwaway site, tests/reliability) runs light sizes unless `--full`.
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from './lib/system.mjs';
import { ensureBuild, ensureNodeModules } from './lib/project.mjs';
import {
	createAppPassword,
	groupAlive,
	playgroundPid,
	runWpEnv,
	seedVersionCache,
	ensureCoreCopy,
} from './lib/playground.mjs';
import {
	PROJECT_ROOT,
	findFreePort,
	readState,
	startSite,
	stopSite,
} from './lib/site.mjs';

const argv = process.argv.slice( 2 );
const onlyIndex = argv.indexOf( '--only' );
const only = onlyIndex >= 0 ? argv[ onlyIndex + 1 ] : null;
// The reliability suite's heavy sizes (also RELIABILITY_FULL=1).
const FULL = argv.includes( '--full' ) || process.env.RELIABILITY_FULL === '1';
// What goes to the stage's runner: everything after `--`, or, since npm eats the first `--`
// (`npm run test:integration -- bulk`), every argument that is not this script's own.
const passThrough = (
	argv.includes( '--' )
		? argv.slice( argv.indexOf( '--' ) + 1 )
		: argv.filter(
				( arg, index ) =>
					arg !== '--only' &&
					( onlyIndex < 0 || index !== onlyIndex + 1 )
			)
).filter( ( arg ) => arg !== '--full' );
const RESULTS_DIR = path.join( PROJECT_ROOT, '.local', 'test-results' );
const BIN = path.join( PROJECT_ROOT, 'node_modules', '.bin' );

const results = [];

function wants( stage ) {
	return ! only || only === stage;
}

function runStep( name, command, args, env = {} ) {
	console.log( `\n=== ${ name } ===` );
	const began = Date.now();
	const result = spawnSync( command, args, {
		cwd: PROJECT_ROOT,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	} );
	const seconds = ( Date.now() - began ) / 1000;
	return { status: result.status ?? 1, seconds };
}

/**
 * A check with no test count of its own (type-check, lint) counts as one test.
 */
function runCheck( name, command, args ) {
	const { status, seconds } = runStep( name, command, args );
	results.push( {
		name,
		passed: status === 0 ? 1 : 0,
		failed: status === 0 ? 0 : 1,
		skipped: 0,
		seconds,
	} );
}

/**
 * @param {string}   name
 * @param {string}   config
 * @param {Object}   env
 * @param {string[]} args       Arguments for jest.
 * @param {boolean}  nameFilter The run picks tests by name (-t): the others are left out,
 *                              not skipped, so they are not counted.
 */
function runJest( name, config, env, args = passThrough, nameFilter = false ) {
	const output = path.join( RESULTS_DIR, `${ name }-${ process.pid }.json` );
	rmSync( output, { force: true } );
	const { status, seconds } = runStep(
		name,
		path.join( BIN, 'jest' ),
		[ '--config', config, '--json', `--outputFile=${ output }`, ...args ],
		env
	);
	if ( ! existsSync( output ) ) {
		results.push( {
			name,
			passed: 0,
			failed: 1,
			skipped: 0,
			seconds,
			note: 'jest wrote no results',
		} );
		return;
	}
	const report = JSON.parse( readFileSync( output, 'utf8' ) );
	// One file per run (several runs may share the folder), removed once read.
	rmSync( output, { force: true } );
	// A suite that fails to load has no failed test; count it so it cannot go unnoticed.
	const brokenSuites = report.numRuntimeErrorTestSuites ?? 0;
	const failed =
		report.numFailedTests +
		brokenSuites +
		( status !== 0 && report.numFailedTests === 0 && brokenSuites === 0
			? 1
			: 0 );
	results.push( {
		name,
		passed: report.numPassedTests,
		failed,
		skipped: nameFilter ? 0 : report.numPendingTests + report.numTodoTests,
		seconds,
	} );
}

function runPlaywright( env ) {
	const output = path.join( RESULTS_DIR, `e2e-${ process.pid }.json` );
	rmSync( output, { force: true } );
	const { status, seconds } = runStep(
		'e2e',
		path.join( BIN, 'playwright' ),
		[
			'test',
			'--config',
			'tests/e2e/playwright.config.ts',
			...passThrough,
		],
		{ ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: output }
	);
	if ( ! existsSync( output ) ) {
		results.push( {
			name: 'e2e',
			passed: 0,
			failed: 1,
			skipped: 0,
			seconds,
			note: 'playwright wrote no results',
		} );
		return;
	}
	const { stats } = JSON.parse( readFileSync( output, 'utf8' ) );
	rmSync( output, { force: true } );
	const failed =
		stats.unexpected +
		stats.flaky +
		( status !== 0 && stats.unexpected === 0 ? 1 : 0 );
	results.push( {
		name: 'e2e',
		passed: stats.expected,
		failed,
		skipped: stats.skipped,
		seconds,
	} );
}

/**
 * Starts a throwaway site on a free port, runs `body` with the environment that points tests
 * at it, then stops the site and deletes it: runs never share state.
 */
async function withThrowawaySite( body ) {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-test-' ) );
	let stopping = false;
	const cleanUp = async () => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		// Extra web nodes a test started (tests/reliability) are stopped with the site.
		for ( const pid of readState( dir )?.webNodePids ?? [] ) {
			try {
				process.kill( -pid, 'SIGKILL' );
			} catch {}
		}
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	};
	const onSignal = () => cleanUp().then( () => process.exit( 130 ) );
	process.once( 'SIGINT', onSignal );
	process.once( 'SIGTERM', onSignal );
	try {
		console.log( '\n=== starting a throwaway WordPress ===' );
		const began = Date.now();
		await startSite( {
			dir,
			port: await findFreePort(),
			log: ( line ) => console.log( line ),
		} );
		console.log(
			`Ready in ${ ( ( Date.now() - began ) / 1000 ).toFixed( 1 ) } s.`
		);
		await body( {
			USERS_TO_CONTACTS_TEST_SITE: path.join( dir, 'state.json' ),
		} );
	} finally {
		process.removeListener( 'SIGINT', onSignal );
		process.removeListener( 'SIGTERM', onSignal );
		await cleanUp();
	}
}

const TEST_RUN_PHP = `<?php
// Written by scripts/test.mjs into a throwaway Playground site only: runPhp() for the tests.

// Playground logs a request without its cookie in as admin, which fires wp_login and so
// writes an admin login event that the event tests would count. The tests' requests carry
// an application password: they are never that browser.
if ( isset( $_SERVER['HTTP_AUTHORIZATION'] ) ) {
	$_COOKIE['playground_auto_login_already_happened'] = '1';
}
add_action( 'rest_api_init', static function () {
	register_rest_route( 'users-to-contacts-tests/v1', '/php', array(
		'methods'             => 'POST',
		'permission_callback' => static fn () => current_user_can( 'manage_options' ),
		'callback'            => static function ( WP_REST_Request $request ) {
			ob_start();
			eval( (string) $request->get_param( 'code' ) );
			return array( 'output' => ob_get_clean() );
		},
	) );
} );
`;

/**
 * Starts wp-env's Playground runtime (WordPress on SQLite) on a free port, with its own wp-env
 * home and its own copy of Debian's WordPress (its database lives there), runs `body` pointed
 * at it, then stops it and deletes both.
 */
async function withPlaygroundSite( body ) {
	const home = mkdtempSync( path.join( os.tmpdir(), 'utc-playground-' ) );
	const core = path.join( home, 'wordpress' );
	const port = await findFreePort();
	const env = {
		WP_ENV_HOME: home,
		WP_ENV_PORT: String( port ),
		WP_ENV_CORE: core,
	};
	try {
		console.log(
			"\n=== starting WordPress in wp-env's Playground runtime ==="
		);
		const began = Date.now();
		seedVersionCache( home );
		ensureCoreCopy( core );
		// runPhp() of tests/support/site.ts, for this throwaway site only (its PHP runs inside
		// the server): an administrators-only route that runs the test's code.
		writeFileSync(
			path.join( core, 'wp-content', 'mu-plugins', 'test-run-php.php' ),
			TEST_RUN_PHP
		);
		const started = await runWpEnv(
			[ 'start', '--runtime=playground' ],
			env,
			'pipe'
		);
		if ( started.code !== 0 ) {
			throw new Error( `wp-env did not start:\n${ started.output }` );
		}
		const url = `http://localhost:${ port }`;
		const state = {
			url,
			phpRoute: '/users-to-contacts-tests/v1/php',
			adminUser: 'admin',
			adminPassword: 'password',
			appPassword: await createAppPassword( url, 'tests' ),
		};
		const stateFile = path.join( home, 'state.json' );
		writeFileSync( stateFile, JSON.stringify( state ) );
		console.log(
			`Ready in ${ ( ( Date.now() - began ) / 1000 ).toFixed( 1 ) } s.`
		);
		await body( { USERS_TO_CONTACTS_TEST_SITE: stateFile } );
	} finally {
		const pid = playgroundPid( home );
		await runWpEnv( [ 'stop' ], env, 'pipe' );
		if ( groupAlive( pid ) ) {
			process.kill( -pid, 'SIGKILL' );
		}
		rmSync( home, { recursive: true, force: true } );
	}
}

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	mkdirSync( RESULTS_DIR, { recursive: true } );

	if ( wants( 'static' ) ) {
		runCheck( 'typecheck', 'npm', [ 'run', '--silent', 'typecheck' ] );
		runCheck( 'lint', 'npm', [ 'run', '--silent', 'lint' ] );
		// The translation template must hold the code's current strings.
		runCheck( 'pot', 'node', [ 'scripts/make-pot.mjs', '--check' ] );
		runCheck( 'php -l', 'node', [ 'scripts/php-syntax.mjs' ] );
		// phpcs reads phpcs.xml.dist: the files to check and the sniffs.
		runCheck( 'phpcs', 'phpcs', [ '-q' ] );
	}
	if ( wants( 'unit' ) ) {
		runJest( 'unit', 'tests/unit/jest.config.js', {} );
	}
	if ( wants( 'integration' ) || wants( 'e2e' ) ) {
		await withThrowawaySite( ( env ) => {
			if ( wants( 'integration' ) ) {
				runJest(
					'integration',
					'tests/integration/jest.config.js',
					env
				);
			}
			if ( wants( 'e2e' ) ) {
				runPlaywright( env );
			}
		} );
	}
	if ( wants( 'reliability' ) ) {
		// A site of its own: these tests stop and restart the site's processes.
		await withThrowawaySite( ( env ) =>
			runJest( 'reliability', 'tests/reliability/jest.config.js', {
				...env,
				RELIABILITY_FULL: FULL ? '1' : '',
			} )
		);
	}

	if ( wants( 'playground' ) ) {
		await withPlaygroundSite( ( env ) => {
			runJest(
				'playground',
				'tests/integration/jest.playground.config.js',
				env,
				[
					'--testPathIgnorePatterns',
					'events\\.test\\.ts',
					...passThrough,
				]
			);
			runJest(
				'playground claims',
				'tests/integration/jest.playground.config.js',
				env,
				[
					'tests/integration/events.test.ts',
					'-t',
					'claiming events by lease',
					...passThrough,
				],
				true
			);
		} );
	}

	console.log( '\n=== summary ===' );
	const total = { passed: 0, failed: 0, skipped: 0 };
	for ( const result of results ) {
		total.passed += result.passed;
		total.failed += result.failed;
		total.skipped += result.skipped;
		console.log(
			`${ result.name.padEnd( 12 ) } ${ String( result.passed ).padStart( 4 ) } passed ${ String( result.failed ).padStart( 4 ) } failed ${ String( result.skipped ).padStart( 4 ) } skipped  ${ result.seconds.toFixed( 1 ) } s${ result.note ? '  (' + result.note + ')' : '' }`
		);
	}
	const skipped = total.skipped ? `, ${ total.skipped } skipped` : '';
	console.log(
		`${ total.passed } passed, ${ total.failed } failed${ skipped }`
	);
	process.exitCode = total.failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch( ( error ) => {
	console.error( `\nError: ${ error.message }` );
	console.log( '0 passed, 1 failed' );
	process.exitCode = 1;
} );
