#!/usr/bin/env node
/**
 * Profile of `users-to-contacts sync` (before tuning): on its own site with the bench's data,
 * one CLI run with MariaDB's general log on; prints the PHP requests by route (count, time,
 * peak memory, response size is not logged), the SQL statements by shape (how many of each: a
 * per-row query shows as a count near the number of users), and EXPLAIN of each bulk SELECT.
 *
 * Usage: node bench/profile.mjs [--users 100000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import { stopSite } from '../scripts/lib/site.mjs';
import { option } from './lib/args.mjs';
import { sql } from './lib/db.mjs';
import { seed } from './lib/seed.mjs';
import {
	CLI,
	clearRequestLog,
	runNode,
	saveSettings,
	startBenchSite,
} from './lib/site.mjs';

const USERS = Number( option( 'users', 100000 ) );

const shape = ( query ) =>
	query
		.replace( /'(?:[^'\\]|\\.)*'/g, '?' )
		.replace( /\b\d+\b/g, '?' )
		.replace( /\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(…)' )
		.replace( /(?:\(…\)\s*,\s*)+\(…\)/g, '(…),…' )
		.replace( /\s+/g, ' ' )
		.trim();

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-profile-' ) );
	try {
		const state = await startBenchSite( dir );
		seed( state, USERS );
		await saveSettings( state, { trust_all_emails: true } );
		clearRequestLog( state );
		sql(
			state,
			"TRUNCATE mysql.general_log; SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1;"
		);
		const run = await runNode( state, CLI, [ 'sync', '--json' ] );
		sql( state, 'SET GLOBAL general_log = 0;' );
		console.log(
			`${ USERS } users: sync ${ run.seconds.toFixed( 2 ) } s, Node peak ${ run.nodePeakMb.toFixed( 0 ) } MB`
		);
		const requests = readFileSync(
			path.join( state.wpDir, 'wp-content', 'utc-bench-requests.log' ),
			'utf8'
		)
			.split( '\n' )
			.filter( Boolean )
			.map( ( line ) => JSON.parse( line ) );
		const byRoute = new Map();
		for ( const request of requests ) {
			const route = `${ request.method } ${ decodeURIComponent(
				request.uri
			)
				.replace( /\d+/g, 'N' )
				.slice( 0, 70 ) }`;
			const entry = byRoute.get( route ) ?? { count: 0, ms: 0, peak: 0 };
			entry.count++;
			entry.ms += request.ms;
			entry.peak = Math.max( entry.peak, request.peak );
			byRoute.set( route, entry );
		}
		console.log( '\nPHP requests by route: count, total s, peak MB' );
		for ( const [ route, entry ] of [ ...byRoute ].sort(
			( a, b ) => b[ 1 ].ms - a[ 1 ].ms
		) ) {
			console.log(
				`  ${ String( entry.count ).padStart( 5 ) } ${ ( entry.ms / 1000 ).toFixed( 2 ).padStart( 7 ) } ${ ( entry.peak / 1048576 ).toFixed( 1 ).padStart( 6 ) }  ${ route }`
			);
		}
		// Shapes from each statement's first 400 characters (the multi-row INSERTs are large);
		// whole SELECTs (IN lists of thousands) for EXPLAIN.
		const queries = sql(
			state,
			"SELECT IF(argument LIKE 'SELECT%', REPLACE(CONVERT(argument USING utf8mb4), '\\n', ' '), REPLACE(CONVERT(LEFT(argument, 400) USING utf8mb4), '\\n', ' ')) FROM mysql.general_log WHERE command_type = 'Query'"
		).split( '\n' );
		const shapes = new Map();
		for ( const query of queries ) {
			const key = shape( query ).slice( 0, 160 );
			const entry = shapes.get( key ) ?? { count: 0, sample: query };
			entry.count++;
			if ( query.length > entry.sample.length ) {
				entry.sample = query;
			}
			shapes.set( key, entry );
		}
		console.log(
			`\nSQL statements: ${ queries.length } in all; the 25 most frequent shapes:`
		);
		const sorted = [ ...shapes ].sort(
			( a, b ) => b[ 1 ].count - a[ 1 ].count
		);
		for ( const [ key, entry ] of sorted.slice( 0, 25 ) ) {
			console.log(
				`  ${ String( entry.count ).padStart( 7 ) }  ${ key }`
			);
		}
		console.log(
			'\nEXPLAIN of the SELECTs on the plugin tables (largest sample of each shape):'
		);
		for ( const [ key, entry ] of sorted ) {
			if ( ! /^SELECT/i.test( key ) || ! /utc_|wp_users/.test( key ) ) {
				continue;
			}
			console.log( `\n  ${ key.slice( 0, 140 ) }` );
			try {
				const plan = sql( state, `EXPLAIN ${ entry.sample }` );
				for ( const line of plan.split( '\n' ) ) {
					console.log( `    ${ line.slice( 0, 200 ) }` );
				}
			} catch ( error ) {
				console.log(
					`    (no plan: ${ error.message.split( '\n' )[ 0 ] })`
				);
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
