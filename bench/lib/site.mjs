/**
 * The bench's own throwaway site (the way the tests bring one up: scripts/lib), its REST API,
 * and the per-request log the bench mu-plugin writes (requests counted, PHP peak memory).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	PROJECT_ROOT,
	findFreePort,
	startSite,
} from '../../scripts/lib/site.mjs';

const BENCH_PLUGIN = path.join(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..',
	'models',
	'utc-bench.php'
);

export async function startBenchSite( dir ) {
	const state = await startSite( {
		dir,
		port: await findFreePort(),
		log: () => {},
		durableCommits: true,
	} );
	copyFileSync(
		BENCH_PLUGIN,
		path.join( state.wpDir, 'wp-content', 'mu-plugins', 'utc-bench.php' )
	);
	return state;
}

export async function rest( state, route, { method = 'GET', body } = {} ) {
	const [ routePath, query ] = route.split( '?' );
	const response = await fetch(
		`${ state.url }/?rest_route=${ routePath }${ query ? `&${ query }` : '' }`,
		{
			method,
			headers: {
				Authorization:
					'Basic ' +
					Buffer.from(
						`${ state.adminUser }:${ state.appPassword }`
					).toString( 'base64' ),
				'Content-Type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify( body ),
		}
	);
	const text = await response.text();
	if ( ! response.ok ) {
		throw new Error(
			`${ method } ${ route }: HTTP ${ response.status } ${ text.slice( 0, 500 ) }`
		);
	}
	return JSON.parse( text );
}

export function saveSettings( state, settings ) {
	return rest( state, '/users-to-contacts/v1/settings', {
		method: 'POST',
		body: settings,
	} );
}

const logFile = ( state ) =>
	path.join( state.wpDir, 'wp-content', 'utc-bench-requests.log' );

export function clearRequestLog( state ) {
	writeFileSync( logFile( state ), '' );
}

/** PHP requests since the last clear: how many, and the largest peak memory of any. */
export function readRequestLog( state ) {
	let lines = [];
	try {
		lines = readFileSync( logFile( state ), 'utf8' )
			.split( '\n' )
			.filter( Boolean )
			.map( ( line ) => JSON.parse( line ) );
	} catch {}
	const peak = lines.reduce(
		( max, line ) => ( line.peak > max.peak ? line : max ),
		{ peak: 0, uri: '' }
	);
	return {
		requests: lines.length,
		phpPeakMb: peak.peak / 1048576,
		phpPeakUri: decodeURIComponent( peak.uri ),
	};
}

/**
 * Runs a Node script (the CLI, or a bench helper) with the site's connection in its
 * environment, following its peak resident memory (VmHWM); resolves with its JSON output.
 */
/** The Node flags of the CLI's #! line: the bench's engine helper runs with the same heap. */
const CLI_NODE_FLAGS = readFileSync(
	path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' ),
	'utf8'
)
	.split( '\n' )[ 0 ]
	.split( /\s+/ )
	.filter( ( word ) => word.startsWith( '--' ) );

export function runNode( state, script, args ) {
	return new Promise( ( resolve, reject ) => {
		const began = process.hrtime.bigint();
		// The CLI runs as `npx users-to-contacts` runs it: the file itself, so its #! line's
		// Node flags apply.
		const child = spawn(
			script === CLI ? CLI : process.execPath,
			// The bench's engine helper gets the CLI's Node flags: the same engine, the same heap.
			script === CLI ? args : [ ...CLI_NODE_FLAGS, script, ...args ],
			{
				cwd: PROJECT_ROOT,
				env: {
					...process.env,
					USERS_TO_CONTACTS_URL: state.url,
					USERS_TO_CONTACTS_USER: state.adminUser,
					USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
				},
			}
		);
		let peakKb = 0;
		const sample = setInterval( () => {
			try {
				const status = readFileSync(
					`/proc/${ child.pid }/status`,
					'utf8'
				);
				peakKb = Math.max(
					peakKb,
					Number( /VmHWM:\s+(\d+)/.exec( status )?.[ 1 ] ?? 0 )
				);
			} catch {}
		}, 50 );
		let out = '';
		let err = '';
		child.stdout.on( 'data', ( chunk ) => ( out += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( err += chunk ) );
		child.on( 'close', ( code ) => {
			clearInterval( sample );
			const seconds = Number( process.hrtime.bigint() - began ) / 1e9;
			if ( code !== 0 ) {
				reject(
					new Error(
						`${ path.basename( script ) } failed (${ code }): ${ err.slice( -800 ) }`
					)
				);
				return;
			}
			resolve( {
				seconds,
				nodePeakMb: peakKb / 1024,
				output: JSON.parse( out.trim().split( '\n' ).pop() ),
			} );
		} );
	} );
}

export const CLI = path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' );
