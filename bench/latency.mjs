#!/usr/bin/env node
/**
 * Benchmark, real time, on its own throwaway site:
 *   1. a registration through wp-login.php with the plugin active against inactive: the ratio
 *      of the medians (target <= 1.05), alternating blocks so both see the same machine load;
 *   2. `users-to-contacts watch` running while registrations arrive at a steady rate (20 a
 *      second for 60 s by default): the lag from each registration's response to its link
 *      existing in the database (polled every 100 ms), at p50 / p95 / p99 (target p95 <= 1 s).
 * Every registered user must end linked, or the bench fails.
 *
 * Usage: npm run bench:latency [-- --rate 20 --seconds 60]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import { stopSite } from '../scripts/lib/site.mjs';
import { option } from './lib/args.mjs';
import { sqlAsync } from './lib/db.mjs';
import {
	CLI,
	clearRequestLog,
	rest,
	saveSettings,
	startBenchSite,
} from './lib/site.mjs';

const PLUGIN = 'users-to-contacts/plugin';

export const percentile = ( values, p ) => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[
		Math.min(
			sorted.length - 1,
			Math.max( 0, Math.ceil( ( p / 100 ) * sorted.length ) - 1 )
		)
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
		throw new Error(
			`registration of ${ login } failed: HTTP ${ response.status }`
		);
	}
	return { began, ended: performance.now() };
}

const setPlugin = ( state, status ) =>
	rest( state, `/wp/v2/plugins/${ PLUGIN }`, {
		method: 'POST',
		body: { status },
	} );

/** Registration time with the plugin active and inactive, in alternating blocks of 10. */
async function registrationOverhead( state, rounds ) {
	const times = { active: [], inactive: [] };
	for ( let round = 0; round < rounds; round++ ) {
		for ( const status of [ 'inactive', 'active' ] ) {
			await setPlugin( state, status );
			await register( state.url, `warm${ status }${ round }` ); // first request after the switch
			for ( let index = 0; index < 10; index++ ) {
				const { began, ended } = await register(
					state.url,
					`reg${ status }${ round }x${ index }`
				);
				times[ status ].push( ended - began );
			}
		}
	}
	const active = percentile( times.active, 50 );
	const inactive = percentile( times.inactive, 50 );
	return {
		registrations: times.active.length,
		activeMedianMs: active,
		inactiveMedianMs: inactive,
		ratio: active / inactive,
	};
}

/** The PHP requests while `watch` ran, by route: how many, and their mean and largest time. */
function requestsByRoute( state ) {
	const routes = {};
	const lines = readFileSync(
		path.join( state.wpDir, 'wp-content', 'utc-bench-requests.log' ),
		'utf8'
	)
		.split( '\n' )
		.filter( Boolean )
		.map( ( line ) => JSON.parse( line ) );
	for ( const line of lines ) {
		const route = decodeURIComponent( line.uri )
			.replace( /[?&](?!rest_route).*$/, '' )
			.replace( /\d+/g, 'N' );
		const entry = ( routes[ `${ line.method } ${ route }` ] ??= {
			count: 0,
			totalMs: 0,
			maxMs: 0,
		} );
		entry.count++;
		entry.totalMs += line.ms;
		entry.maxMs = Math.max( entry.maxMs, line.ms );
	}
	for ( const entry of Object.values( routes ) ) {
		entry.meanMs = Math.round( entry.totalMs / entry.count );
		delete entry.totalMs;
	}
	return routes;
}

/** `watch` running; registrations at `rate` a second for `seconds`; lag to each link. */
async function watchLag( state, { rate, seconds } ) {
	const watcher = spawn( CLI, [ 'watch' ], {
		env: {
			...process.env,
			USERS_TO_CONTACTS_URL: state.url,
			USERS_TO_CONTACTS_USER: state.adminUser,
			USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
		},
	} );
	// What watch said besides its batches (retries, failures): why a link came late or never.
	const said = [];
	const keep = ( chunk ) =>
		said.push(
			...chunk
				.toString()
				.split( '\n' )
				.filter(
					( line ) => line && ! /\bProcessed \d+ event/.test( line )
				)
				.map( ( line ) => `${ new Date().toISOString() } ${ line }` )
		);
	watcher.stdout.on( 'data', keep );
	watcher.stderr.on( 'data', keep );
	try {
		await new Promise( ( resolve, reject ) => {
			watcher.stdout.on(
				'data',
				( chunk ) =>
					chunk.toString().includes( 'Watching' ) && resolve()
			);
			watcher.on( 'exit', ( code ) =>
				reject( new Error( `watch exited (${ code })` ) )
			);
		} );
		// Let it drain the events of the registrations before.
		await new Promise( ( resolve ) => setTimeout( resolve, 3000 ) );
		clearRequestLog( state );
		const count = rate * seconds;
		const registered = new Map();
		const linked = new Map();
		let polling = true;
		const poller = ( async () => {
			while ( polling ) {
				const rows = await sqlAsync(
					state,
					"SELECT u.user_login FROM wp_utc_links l JOIN wp_users u ON u.ID = l.user_id WHERE u.user_login LIKE 'rt%'"
				);
				const now = performance.now();
				for ( const login of rows.split( '\n' ).filter( Boolean ) ) {
					if ( ! linked.has( login ) ) {
						linked.set( login, now );
					}
				}
				await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
			}
		} )();
		const began = performance.now();
		const sent = [];
		for ( let index = 0; index < count; index++ ) {
			const due = began + ( index * 1000 ) / rate;
			await new Promise( ( resolve ) =>
				setTimeout( resolve, Math.max( 0, due - performance.now() ) )
			);
			const login = `rt${ index }`;
			sent.push(
				register( state.url, login ).then( ( { ended } ) =>
					registered.set( login, ended )
				)
			);
		}
		await Promise.all( sent );
		const sentSeconds = ( performance.now() - began ) / 1000;
		const deadline = performance.now() + 30000;
		while ( linked.size < count && performance.now() < deadline ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
		}
		polling = false;
		await poller;
		// Why a registered user is not linked: its events, as the outbox holds them.
		const missing = [ ...registered.keys() ].filter(
			( login ) => ! linked.has( login )
		);
		const unlinked = missing.length
			? await sqlAsync(
					state,
					`SELECT u.user_login, u.ID, e.id, e.type, e.created, e.processed_at, e.attempts, e.error,
					   (SELECT COUNT(*) FROM wp_utc_links l WHERE l.user_id = u.ID)
					 FROM wp_users u LEFT JOIN wp_utc_events e ON e.user_id = u.ID
					 WHERE u.user_login IN (${ missing.map( ( login ) => `'${ login }'` ).join( ',' ) })`
				)
			: '';
		const lags = [ ...registered ].flatMap( ( [ login, at ] ) =>
			linked.has( login ) ? [ linked.get( login ) - at ] : []
		);
		return {
			requests: requestsByRoute( state ),
			rate,
			seconds,
			registrations: count,
			achievedRate: count / sentSeconds,
			linked: lags.length,
			p50Ms: percentile( lags, 50 ),
			p95Ms: percentile( lags, 95 ),
			p99Ms: percentile( lags, 99 ),
			maxMs: Math.max( ...lags ),
			pollMs: 100,
			unlinked,
			watchSaid: said,
		};
	} finally {
		watcher.kill( 'SIGTERM' );
	}
}

export async function measureRealTime( {
	rate = 20,
	seconds = 60,
	rounds = 20,
	log = console.log,
} = {} ) {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-latency-' ) );
	try {
		const state = await startBenchSite( dir );
		await saveSettings( state, { trust_all_emails: true } );
		const registration = await registrationOverhead( state, rounds );
		log(
			`  registration median: ${ registration.activeMedianMs.toFixed( 1 ) } ms with the plugin, ${ registration.inactiveMedianMs.toFixed( 1 ) } ms without (${ registration.registrations } each): ${ registration.ratio.toFixed( 3 ) }×`
		);
		await setPlugin( state, 'active' );
		const watch = await watchLag( state, { rate, seconds } );
		log(
			`  watch at ${ rate }/s for ${ seconds } s (achieved ${ watch.achievedRate.toFixed( 1 ) }/s): ${ watch.linked } of ${ watch.registrations } linked; lag p50 ${ watch.p50Ms.toFixed( 0 ) } ms, p95 ${ watch.p95Ms.toFixed( 0 ) } ms, p99 ${ watch.p99Ms.toFixed( 0 ) } ms, max ${ watch.maxMs.toFixed( 0 ) } ms`
		);
		log(
			`  PHP requests while watch ran (count, mean ms, max ms):\n    ${ Object.entries(
				watch.requests
			)
				.map(
					( [ route, entry ] ) =>
						`${ route }: ${ entry.count }, ${ entry.meanMs }, ${ Math.round( entry.maxMs ) }`
				)
				.join( '\n    ' ) }`
		);
		if ( watch.watchSaid.length > 1 ) {
			log( `  watch said:\n    ${ watch.watchSaid.join( '\n    ' ) }` );
		}
		if ( watch.unlinked ) {
			log(
				`  not linked (login, id, event id, type, created, processed, attempts, error, links):\n${ watch.unlinked }`
			);
		}
		// PHP's own complaints while it ran (a failed event INSERT would show here).
		const debugLog = path.join( dir, 'debug.log' );
		const phpErrors = existsSync( debugLog )
			? readFileSync( debugLog, 'utf8' )
					.split( '\n' )
					.filter( ( line ) =>
						/error|deadlock|lock wait/i.test( line )
					)
			: [];
		if ( phpErrors.length ) {
			log(
				`  PHP errors (${ phpErrors.length }):\n    ${ phpErrors.slice( 0, 10 ).join( '\n    ' ) }`
			);
		}
		return {
			registration,
			watch: { ...watch, phpErrors: phpErrors.length },
			check: watch.linked === watch.registrations ? 'ok' : 'FAILED',
		};
	} finally {
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	measureRealTime( {
		rate: Number( option( 'rate', 20 ) ),
		seconds: Number( option( 'seconds', 60 ) ),
	} )
		.then( ( result ) => {
			if ( result.check !== 'ok' ) {
				console.error( 'Some registered users were never linked.' );
				process.exitCode = 1;
			}
		} )
		.catch( ( error ) => {
			console.error( error.stack ?? error.message );
			process.exitCode = 1;
		} );
}
