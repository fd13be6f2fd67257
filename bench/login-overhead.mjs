#!/usr/bin/env node
/**
 * Benchmark: what the event recorder's row costs a login and a registration request, measured
 * over HTTP side by side in one run: the same requests alternate between the plugin as it is
 * and the plugin with the recorder's wp_login / user_register hooks removed (a must-use plugin
 * removes them when the request carries `X-Bench-Without-Recorder`). Reports the medians and
 * their ratio: the most that skipping a login's event row could save.
 *
 * Usage: node bench/login-overhead.mjs [-- --requests 200]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import { findFreePort, startSite, stopSite } from '../scripts/lib/site.mjs';
import { option } from './lib/args.mjs';

const COUNT = Number( option( 'requests', 200 ) );
const WITHOUT = { 'X-Bench-Without-Recorder': '1' };

const median = ( values ) => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	const middle = Math.floor( sorted.length / 2 );
	return sorted.length % 2
		? sorted[ middle ]
		: ( sorted[ middle - 1 ] + sorted[ middle ] ) / 2;
};

const MU_PLUGIN = `<?php
// bench/login-overhead.mjs: without the event recorder's hooks when the request asks.
if ( isset( $_SERVER['HTTP_X_BENCH_WITHOUT_RECORDER'] ) ) {
	add_action( 'init', static function () {
		remove_action( 'wp_login', array( UsersToContacts\\Events\\EventRecorder::class, 'on_login' ), 10 );
		remove_action( 'user_register', array( UsersToContacts\\Events\\EventRecorder::class, 'on_user_register' ), 10 );
	}, PHP_INT_MAX );
}
`;

async function timed( url, init ) {
	const began = performance.now();
	const response = await fetch( url, { redirect: 'manual', ...init } );
	await response.arrayBuffer();
	const ms = performance.now() - began;
	if ( response.status !== 302 ) {
		throw new Error( `${ url } answered ${ response.status }, not 302.` );
	}
	return ms;
}

function form( fields, headers ) {
	return {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
			...headers,
		},
		body: new URLSearchParams( fields ),
	};
}

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-login-bench-' ) );
	try {
		const state = await startSite( {
			dir,
			port: await findFreePort(),
			log: () => {},
			durableCommits: true,
		} );
		writeFileSync(
			path.join(
				state.wpDir,
				'wp-content',
				'mu-plugins',
				'bench-without-recorder.php'
			),
			MU_PLUGIN
		);
		const auth =
			'Basic ' +
			Buffer.from(
				`${ state.adminUser }:${ state.appPassword }`
			).toString( 'base64' );
		const run = `b${ Date.now().toString( 36 ) }`;
		const timings = {
			register: { with: [], without: [] },
			login: { with: [], without: [] },
		};
		// Users to log in, made through REST (with a password), then each logs in once.
		const logins = [];
		for ( let i = 0; i < 2 * COUNT; i++ ) {
			const login = `${ run }l${ i }`;
			const made = await fetch(
				`${ state.url }/?rest_route=/wp/v2/users`,
				{
					method: 'POST',
					headers: {
						Authorization: auth,
						'Content-Type': 'application/json',
					},
					body: JSON.stringify( {
						username: login,
						email: `${ login }@example.com`,
						password: 'bench-password-1',
					} ),
				}
			);
			if ( made.status !== 201 ) {
				throw new Error(
					`Could not create ${ login }: ${ made.status }`
				);
			}
			logins.push( login );
		}
		// Alternate with / without so load on the machine falls on both alike.
		for ( let i = 0; i < 2 * COUNT; i++ ) {
			const side = i % 2 ? 'without' : 'with';
			const headers = i % 2 ? WITHOUT : {};
			timings.login[ side ].push(
				await timed(
					`${ state.url }/wp-login.php`,
					form(
						{
							log: logins[ i ],
							pwd: 'bench-password-1',
							testcookie: '1',
						},
						headers
					)
				)
			);
			timings.register[ side ].push(
				await timed(
					`${ state.url }/wp-login.php?action=register`,
					form(
						{
							user_login: `${ run }r${ i }`,
							user_email: `${ run }r${ i }@example.com`,
						},
						headers
					)
				)
			);
		}
		// Check: only the "with" side wrote login events (one per login).
		const events = await fetch(
			`${ state.url }/?rest_route=/users-to-contacts/v1/events&type=user_logged_in&per_page=1`,
			{ headers: { Authorization: auth } }
		);
		const written = Number( events.headers.get( 'x-wp-total' ) );
		if ( written !== COUNT ) {
			throw new Error(
				`Expected ${ COUNT } login events (the "with" side), found ${ written }.`
			);
		}
		console.log(
			`Requests over HTTP to a local site (php -S, MariaDB), ${ COUNT } of each kind on each side, alternating:`
		);
		for ( const kind of [ 'login', 'register' ] ) {
			const withRow = median( timings[ kind ].with );
			const withoutRow = median( timings[ kind ].without );
			console.log(
				`  ${ kind.padEnd( 8 ) } median with the event row ${ withRow.toFixed(
					2
				) } ms, without ${ withoutRow.toFixed( 2 ) } ms, ratio ${ (
					withRow / withoutRow
				).toFixed( 3 ) }`
			);
		}
	} finally {
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

main().catch( ( error ) => {
	console.error( `\nError: ${ error.message }` );
	process.exitCode = 1;
} );
