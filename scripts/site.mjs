#!/usr/bin/env node
/**
 * `npm start`, `npm run stop`, `npm run reset`: the local development site.
 *
 * Data stays in .local/site between runs. Port: 8888, or --port N, or USERS_TO_CONTACTS_PORT.
 */
import path from 'node:path';
import { ensureSystemPackages } from './lib/system.mjs';
import { ensureBuild, ensureNodeModules } from './lib/project.mjs';
import {
	PROJECT_ROOT,
	assertPortFree,
	ensureVisitorPages,
	isAlive,
	readState,
	resetSite,
	startSidecar,
	startSite,
	stopSite,
} from './lib/site.mjs';

const SITE_DIR = process.env.USERS_TO_CONTACTS_SITE_DIR
	? path.resolve( process.env.USERS_TO_CONTACTS_SITE_DIR )
	: path.join( PROJECT_ROOT, '.local', 'site' );

function portFromArgs( args ) {
	const index = args.indexOf( '--port' );
	const value =
		index >= 0 ? args[ index + 1 ] : process.env.USERS_TO_CONTACTS_PORT;
	const port = Number( value ?? 8888 );
	if ( ! Number.isInteger( port ) || port < 1 || port > 65535 ) {
		throw new Error( `"${ value }" is not a port number (1-65535).` );
	}
	return port;
}

async function start( args ) {
	const began = Date.now();
	const port = portFromArgs( args );
	const portHint = `Stop that program, or use another port: npm start -- --port ${ port + 1 }`;
	const running = readState( SITE_DIR );
	if (
		! running?.phpPid ||
		running.port !== port ||
		! isAlive( running.phpPid )
	) {
		// Fail in a second, before installing or building anything.
		await assertPortFree( port, portHint );
	}
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const state = await startSite( {
		dir: SITE_DIR,
		port,
		portHint,
	} );
	const visitorPages = ensureVisitorPages( SITE_DIR );
	await startSidecar( SITE_DIR );
	const seconds = ( ( Date.now() - began ) / 1000 ).toFixed( 1 );
	console.log(
		[
			'',
			`Users to Contacts is running (ready in ${ seconds } s).`,
			'',
			`  Site:      ${ state.url }/`,
			`  Contacts:  ${ state.url }/wp-admin/admin.php?page=users-to-contacts`,
			`  Log in:    ${ state.adminUser } / ${ state.adminPassword }`,
			`  Visitors:  ${ visitorPages.signup } (Sign up, no account needed)`,
			`             ${ visitorPages[ 'my-details' ] } (My details, for logged-in visitors)`,
			`  REST:      ${ state.url }/wp-json/users-to-contacts/v1/status`,
			`             (application password for "${ state.adminUser }": ${ state.appPassword })`,
			'',
			`Sidecar:   "users-to-contacts watch" links registrations in real time (log: ${ path.relative( PROJECT_ROOT, SITE_DIR ) }/sidecar.log).`,
			`           More: npm run sidecar -- sync --dry-run`,
			'',
			`Data is kept in ${ path.relative( PROJECT_ROOT, SITE_DIR ) }/. Stop with "npm run stop"; wipe with "npm run reset".`,
		].join( '\n' )
	);
}

async function main() {
	const [ command, ...args ] = process.argv.slice( 2 );
	switch ( command ) {
		case 'start':
			await start( args );
			break;
		case 'stop':
			console.log(
				( await stopSite( SITE_DIR ) )
					? 'Stopped.'
					: 'Nothing was running.'
			);
			break;
		case 'reset':
			await resetSite( SITE_DIR );
			console.log(
				'The local site and its data are gone. "npm start" creates a new one.'
			);
			break;
		case 'sidecar': {
			// `npm run sidecar -- <command>`: the CLI against the local site.
			const state = readState( SITE_DIR );
			if ( ! state?.appPassword ) {
				throw new Error(
					'The local site does not exist yet: run "npm start" first.'
				);
			}
			const { spawnSync } = await import( 'node:child_process' );
			const result = spawnSync(
				process.execPath,
				[
					path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' ),
					...args,
				],
				{
					stdio: 'inherit',
					env: {
						...process.env,
						USERS_TO_CONTACTS_URL: state.url,
						USERS_TO_CONTACTS_USER: state.adminUser,
						USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
					},
				}
			);
			process.exitCode = result.status ?? 1;
			break;
		}
		case 'status': {
			const state = readState( SITE_DIR );
			console.log(
				state
					? JSON.stringify(
							{
								url: state.url,
								phpPid: state.phpPid,
								mariadbPid: state.mariadbPid,
							},
							null,
							2
						)
					: 'No site yet.'
			);
			break;
		}
		default:
			console.error(
				'Usage: node scripts/site.mjs start [--port N] | stop | reset | status | sidecar <command>'
			);
			process.exitCode = 2;
	}
}

main().catch( ( error ) => {
	console.error( `\nError: ${ error.message }` );
	process.exitCode = 1;
} );
