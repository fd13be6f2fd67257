#!/usr/bin/env node
/**
 * `npm run wp-env` / `npm run wp-env:stop`: the plugin in `@wordpress/env`.
 *
 * With a Docker engine that answers: wp-env's Docker runtime, as .wp-env.json says. Without one:
 * wp-env's Playground runtime (WordPress in WebAssembly, data in SQLite), offline, on Debian's
 * WordPress (see scripts/lib/playground.mjs), with an application password for the CLI.
 * Port: 8888, or --port N, or WP_ENV_PORT.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
	ensureBuild,
	ensureBuildInBackground,
	ensureNodeModules,
} from './lib/project.mjs';
import { PROJECT_ROOT, assertPortFree } from './lib/site.mjs';
import {
	createAppPassword,
	dockerAnswers,
	ensureCoreCopy,
	groupAlive,
	playgroundPid,
	runWpEnv,
	seedVersionCache,
} from './lib/playground.mjs';

const LOCAL_DIR = path.join( PROJECT_ROOT, '.local', 'wp-env' );
const CORE_DIR = path.join( LOCAL_DIR, 'wordpress' );
const STATE_FILE = path.join( LOCAL_DIR, 'state.json' );
// Git-ignored: only this machine's WordPress copy is named there.
const OVERRIDE_FILE = path.join( PROJECT_ROOT, '.wp-env.override.json' );
const OVERRIDE = {
	core: './' + path.relative( PROJECT_ROOT, CORE_DIR ),
};

function portFromArgs( args ) {
	const index = args.indexOf( '--port' );
	const value = index >= 0 ? args[ index + 1 ] : process.env.WP_ENV_PORT;
	const port = Number( value ?? 8888 );
	if ( ! Number.isInteger( port ) || port < 1 || port > 65535 ) {
		throw new Error( `"${ value }" is not a port number (1-65535).` );
	}
	return port;
}

/** Writes the override that points `core` at the local copy, unless the developer has their own. */
function writeOverride() {
	if ( existsSync( OVERRIDE_FILE ) ) {
		let current = null;
		try {
			current = JSON.parse( readFileSync( OVERRIDE_FILE, 'utf8' ) );
		} catch {}
		if ( current?.core !== OVERRIDE.core ) {
			throw new Error(
				`.wp-env.override.json is yours; add "core": "${ OVERRIDE.core }" to it for the Playground runtime.`
			);
		}
		return;
	}
	writeFileSync(
		OVERRIDE_FILE,
		JSON.stringify( OVERRIDE, null, '\t' ) + '\n'
	);
}

/**
 * @param {number}           port
 * @param {Promise<boolean>} building The plugin's build, running meanwhile: WordPress needs the
 *                                    bundles only when a screen opens, not to start.
 */
async function startPlayground( port, building ) {
	seedVersionCache();
	ensureCoreCopy( CORE_DIR );
	writeOverride();
	if ( groupAlive( playgroundPid() ) ) {
		console.log( 'wp-env is running already.' );
	} else {
		await assertPortFree(
			port,
			`Stop that program, or use another port: npm run wp-env -- --port ${ port + 1 }`
		);
		const { code } = await runWpEnv( [ 'start', '--runtime=playground' ], {
			WP_ENV_PORT: String( port ),
		} );
		if ( code !== 0 ) {
			process.exitCode = code;
			return;
		}
	}
	const url = `http://localhost:${ port }`;
	let state = null;
	try {
		state = JSON.parse( readFileSync( STATE_FILE, 'utf8' ) );
	} catch {}
	// The database lives in the core copy, so an application password made earlier still works.
	if ( state?.url !== url || ! state?.appPassword ) {
		state = {
			url,
			adminUser: 'admin',
			adminPassword: 'password',
			appPassword: await createAppPassword(
				url,
				'users-to-contacts CLI'
			),
		};
		writeFileSync( STATE_FILE, JSON.stringify( state, null, 2 ) + '\n', {
			mode: 0o600,
		} );
	}
	await building;
	const relative = path.relative( PROJECT_ROOT, LOCAL_DIR );
	console.log(
		[
			'',
			`Users to Contacts is running in wp-env's Playground runtime (no Docker engine answered).`,
			'',
			`  Site:      ${ url }/ (a browser is logged in as admin / password)`,
			`  Contacts:  ${ url }/wp-admin/admin.php?page=users-to-contacts`,
			`  REST:      application password for "admin": ${ state.appPassword }`,
			`  CLI:       USERS_TO_CONTACTS_SITE_DIR=${ relative } npm run sidecar -- sync`,
			'',
			`WordPress ${ readFileSync( path.join( CORE_DIR, '.debian-version' ), 'utf8' ) } (Debian's) on SQLite; data is kept in ${ relative }/wordpress/wp-content/database/.`,
			'Stop with "npm run wp-env:stop".',
		].join( '\n' )
	);
}

async function start( args ) {
	const port = portFromArgs( args );
	ensureNodeModules();
	if ( dockerAnswers() ) {
		ensureBuild();
		const { code } = await runWpEnv( [ 'start' ], {
			WP_ENV_PORT: String( port ),
		} );
		process.exitCode = code;
		return;
	}
	const building = ensureBuildInBackground();
	// Awaited once WordPress is up; until then a failure must not go unhandled.
	building.catch( () => {} );
	await startPlayground( port, building );
}

async function stop() {
	const pid = playgroundPid();
	const { code } = await runWpEnv( [ 'stop' ] );
	// wp-env stops the Playground server's process group; make sure nothing of it is left.
	if ( groupAlive( pid ) ) {
		process.kill( -pid, 'SIGKILL' );
	}
	process.exitCode = code;
}

async function main() {
	const [ command, ...args ] = process.argv.slice( 2 );
	switch ( command ) {
		case 'start':
			await start( args );
			break;
		case 'stop':
			await stop();
			break;
		case 'reset':
			await stop();
			rmSync( LOCAL_DIR, { recursive: true, force: true } );
			console.log(
				'The wp-env site and its data are gone. "npm run wp-env" creates a new one.'
			);
			break;
		default:
			console.error(
				'Usage: node scripts/wp-env.mjs start [--port N] | stop | reset'
			);
			process.exitCode = 2;
	}
}

main().catch( ( error ) => {
	console.error( `\nError: ${ error.message }` );
	process.exitCode = 1;
} );
