#!/usr/bin/env node
/**
 * Benchmark: registration -> link latency with `watch` running (target: p95 <= 1 s), and what
 * the event recorder adds to a registration request (target: <= 5 %), in one run. The targets
 * are in docs/architecture.md.
 *
 * Usage: npm run bench:latency [-- --registrations 60]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import {
	PROJECT_ROOT,
	findFreePort,
	startSite,
	stopSite,
} from '../scripts/lib/site.mjs';

const args = process.argv.slice( 2 );
const index = args.indexOf( '--registrations' );
const COUNT = index >= 0 ? Number( args[ index + 1 ] ) : 60;

const percentile = ( values, p ) => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[
		Math.min( sorted.length - 1, Math.floor( ( p / 100 ) * sorted.length ) )
	];
};

async function register( url, login ) {
	const began = performance.now();
	const response = await fetch( `${ url }/wp-login.php?action=register`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams( {
			user_login: login,
			user_email: `${ login }@example.com`,
			'wp-submit': 'Register',
		} ),
	} );
	if ( response.status !== 302 ) {
		throw new Error( `registration failed: HTTP ${ response.status }` );
	}
	return performance.now() - began;
}

/** Milliseconds per EventRecorder::record() call, averaged over 1,000 calls in one PHP process. */
function recorderCost( state ) {
	const code = `
		$_SERVER['HTTP_HOST'] = '127.0.0.1'; $_SERVER['REQUEST_URI'] = '/';
		require '${ state.wpDir }/wp-load.php';
		$t = hrtime( true );
		for ( $i = 0; $i < 1000; $i++ ) { UsersToContacts\\Events\\EventRecorder::record( 'user_logged_in', 1, array( 'login' => 'bench' ) ); }
		echo ( hrtime( true ) - $t ) / 1e6 / 1000;`;
	const result = spawnSync( 'php', [ '-r', code ], { encoding: 'utf8' } );
	if ( result.status !== 0 ) {
		throw new Error( `PHP failed: ${ result.stderr }` );
	}
	return Number( result.stdout.trim().split( '\n' ).pop() );
}

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-latency-' ) );
	let watcher;
	try {
		const state = await startSite( {
			dir,
			port: await findFreePort(),
			log: () => {},
		} );
		const auth =
			'Basic ' +
			Buffer.from(
				`${ state.adminUser }:${ state.appPassword }`
			).toString( 'base64' );
		const linkOf = async ( login ) => {
			const users = await fetch(
				`${ state.url }/?rest_route=/wp/v2/users&search=${ login }&context=edit`,
				{ headers: { Authorization: auth } }
			).then( ( r ) => r.json() );
			const id = users.find( ( user ) => user.username === login )?.id;
			const link = await fetch(
				`${ state.url }/?rest_route=/users-to-contacts/v1/links/${ id }`,
				{ headers: { Authorization: auth } }
			);
			return link.status === 200;
		};

		// What a registration costs, and what the recorder adds to it (timed inside PHP).
		const registrations = [];
		for ( let round = 0; round < 20; round++ ) {
			registrations.push(
				await register( state.url, `timed${ round }` )
			);
		}
		const recorderMs = recorderCost( state );

		watcher = spawn(
			process.execPath,
			[
				path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' ),
				'watch',
				'--idle-ms',
				'100',
			],
			{
				env: {
					...process.env,
					USERS_TO_CONTACTS_URL: state.url,
					USERS_TO_CONTACTS_USER: state.adminUser,
					USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
				},
			}
		);
		await new Promise( ( resolve ) =>
			watcher.stdout.on(
				'data',
				( chunk ) =>
					chunk.toString().includes( 'Watching' ) && resolve()
			)
		);
		await new Promise( ( resolve ) => setTimeout( resolve, 1500 ) ); // Let it drain the earlier registrations.

		const latencies = [];
		for ( let round = 0; round < COUNT; round++ ) {
			const login = `latency${ round }`;
			const began = performance.now();
			await register( state.url, login );
			while ( ! ( await linkOf( login ) ) ) {
				if ( performance.now() - began > 10000 ) {
					throw new Error( `${ login } was not linked within 10 s` );
				}
			}
			latencies.push( performance.now() - began );
		}
		console.log(
			`registration -> link with watch (${ COUNT } registrations, one at a time, polling the link):`
		);
		console.log(
			`  p50 ${ percentile( latencies, 50 ).toFixed( 0 ) } ms   p95 ${ percentile( latencies, 95 ).toFixed( 0 ) } ms   max ${ Math.max( ...latencies ).toFixed( 0 ) } ms`
		);
		const median = percentile( registrations, 50 );
		console.log(
			"a registration through wp-login.php, and the event recorder's share of it:"
		);
		console.log(
			`  request median ${ median.toFixed( 1 ) } ms   recorder ${ recorderMs.toFixed( 3 ) } ms per event   share ${ ( ( 100 * recorderMs ) / median ).toFixed( 2 ) } %`
		);
	} finally {
		watcher?.kill( 'SIGTERM' );
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

main().catch( ( error ) => {
	console.error( error.message );
	process.exitCode = 1;
} );
