/**
 * A WordPress of the spec's own, for tests whose numbers depend on every user of the site
 * (the batch tool checks them all): started with scripts/lib/site.mjs on a free port in a
 * temporary folder, and deleted afterwards. The shared e2e site keeps what other suites made.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { collectConsoleErrors, logIn } from './fixtures';

export interface OwnSite {
	dir: string;
	url: string;
	wpDir: string;
	socket: string;
	adminUser: string;
	adminPassword: string;
	appPassword: string;
}

const SITE_LIB = path.resolve(
	__dirname,
	'..',
	'..',
	'scripts',
	'lib',
	'site.mjs'
);

/** Runs site.mjs's functions in a child Node (it is an ES module); returns its last line. */
function siteCall( code: string ): string {
	const result = spawnSync(
		process.execPath,
		[
			'--input-type=module',
			'-e',
			`import * as site from ${ JSON.stringify( SITE_LIB ) };\n${ code }`,
		],
		{ encoding: 'utf8', timeout: 120000 }
	);
	if ( result.status !== 0 ) {
		throw new Error(
			`site.mjs failed: ${ result.stdout }\n${ result.stderr }`
		);
	}
	return result.stdout.trim().split( '\n' ).pop() ?? '';
}

export function startOwnSite(): OwnSite {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-e2e-own-' ) );
	try {
		return JSON.parse(
			siteCall(
				`const state = await site.startSite( { dir: ${ JSON.stringify(
					dir
				) }, port: await site.findFreePort(), log: () => {} } );
				console.log( JSON.stringify( state ) );`
			)
		) as OwnSite;
	} catch ( error ) {
		stopOwnSite( dir );
		throw error;
	}
}

export function stopOwnSite( dir: string ): void {
	siteCall( `await site.stopSite( ${ JSON.stringify( dir ) }, () => {} );` );
	rmSync( dir, { recursive: true, force: true } );
}

/** One REST request as the admin (application password). */
export async function ownRest< T = unknown >(
	site: OwnSite,
	route: string,
	options: { method?: string; body?: unknown; query?: string } = {}
): Promise< { status: number; body: T; headers: Headers } > {
	const response = await fetch(
		`${ site.url }/?rest_route=${ encodeURIComponent( route ) }${
			options.query ? '&' + options.query : ''
		}`,
		{
			method: options.method ?? 'GET',
			headers: {
				Authorization:
					'Basic ' +
					Buffer.from(
						`${ site.adminUser }:${ site.appPassword }`
					).toString( 'base64' ),
				...( options.body === undefined
					? {}
					: { 'Content-Type': 'application/json' } ),
			},
			body:
				options.body === undefined
					? null
					: JSON.stringify( options.body ),
		}
	);
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse( text );
	} catch {}
	return {
		status: response.status,
		body: body as T,
		headers: response.headers,
	};
}

/** SQL straight into the site's database (seeding thousands of users in a second). */
export function ownSql( site: OwnSite, statement: string ): string {
	const result = spawnSync(
		'mariadb',
		[
			'--no-defaults',
			`--socket=${ site.socket }`,
			'-uroot',
			'-N',
			'-B',
			'wordpress',
			'-e',
			statement,
		],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	if ( result.status !== 0 ) {
		throw new Error( `SQL failed: ${ result.stderr }` );
	}
	return result.stdout.trim();
}

/** PHP inside the site's WordPress, for what has no HTTP route. Returns stdout. */
export function ownPhp( site: OwnSite, code: string ): string {
	const script = [
		`$_SERVER['HTTP_HOST'] = ${ JSON.stringify( new URL( site.url ).host ) };`,
		"$_SERVER['REQUEST_URI'] = '/';",
		`require ${ JSON.stringify( site.wpDir + '/wp-load.php' ) };`,
		code,
	].join( '\n' );
	const result = spawnSync( 'php', [ '-r', script ], { encoding: 'utf8' } );
	if ( result.status !== 0 ) {
		throw new Error( `PHP failed: ${ result.stdout }\n${ result.stderr }` );
	}
	return result.stdout;
}

const QUIET_PLUGIN = 'users-to-contacts-e2e-no-background.php';

/**
 * Whether the site's wp-admin pages process waiting events in the browser (a must-use plugin
 * sets the plugin's `users_to_contacts_background_processing` filter): off, nothing processes
 * events, as when a site has no sidecar and no admin page was open.
 */
export function setBackgroundProcessing( site: OwnSite, on: boolean ): void {
	const file = path.join(
		site.wpDir,
		'wp-content',
		'mu-plugins',
		QUIET_PLUGIN
	);
	if ( on ) {
		try {
			unlinkSync( file );
		} catch {}
		return;
	}
	writeFileSync(
		file,
		"<?php\nadd_filter( 'users_to_contacts_background_processing', '__return_false' );\n"
	);
}

/** A logged-in administrator's page on the site, 1280 px wide, collecting console errors. */
export async function adminPageOn( browser: Browser, site: OwnSite ) {
	const context = await browser.newContext( {
		baseURL: site.url,
		viewport: { width: 1280, height: 900 },
	} );
	const page = await context.newPage();
	const errors = collectConsoleErrors( page );
	await logIn( page, site.adminUser, site.adminPassword );
	return { context, page, errors };
}

/** One screenshot at 1280 px wide and one at 390 px (a phone), of the whole page. */
export async function screenshots( page: Page, name: string ) {
	await page.screenshot( {
		path: `test-results/screenshots/${ name }.png`,
		fullPage: true,
	} );
	const size = page.viewportSize();
	await page.setViewportSize( { width: 390, height: 844 } );
	await page.screenshot( {
		path: `test-results/screenshots/${ name }-390.png`,
		fullPage: true,
	} );
	if ( size ) {
		await page.setViewportSize( size );
	}
}
