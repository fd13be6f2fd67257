/**
 * `npm run plugin-zip` makes a zip that installs and activates on a fresh WordPress.
 *
 * A site of its own (not the shared test site): the zip is unpacked into its plugins folder with
 * PclZip, the library WordPress's upload installer uses when PHP has no ZipArchive, then the
 * harness installs WordPress and activates the plugin. The harness links in from the project
 * only what a plugin folder lacks, so the test checks that nothing was linked: every file
 * WordPress runs came from the zip.
 */
import { spawnSync } from 'node:child_process';
import {
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..', '..' );
const SLUG = 'users-to-contacts';
const PCLZIP = '/usr/share/wordpress/wp-admin/includes/class-pclzip.php';

interface FreshSite {
	url: string;
	adminUser: string;
	adminPassword: string;
	appPassword: string;
	wpDir: string;
}

let temp: string;
let zipFile: string;
let entries: string[];
let pluginDir: string;
let site: FreshSite;

function run( args: string[], env: Record< string, string > = {} ) {
	const result = spawnSync( args[ 0 ]!, args.slice( 1 ), {
		cwd: ROOT,
		encoding: 'utf8',
		env: { ...process.env, ...env },
		timeout: 120000,
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`${ args.join( ' ' ) } failed:\n${ result.stdout }\n${ result.stderr }`
		);
	}
	return result.stdout;
}

/** Runs PclZip on the zip: `list` prints one entry name a line, `extract` unpacks into `to`. */
function pclzip( action: 'list' | 'extract', to = '' ) {
	const code = [
		`require ${ JSON.stringify( PCLZIP ) };`,
		`$zip = new PclZip( ${ JSON.stringify( zipFile ) } );`,
		action === 'list'
			? '$result = $zip->listContent(); if ( is_array( $result ) ) { foreach ( $result as $entry ) { echo $entry["filename"], "\\n"; } }'
			: `$result = $zip->extract( PCLZIP_OPT_PATH, ${ JSON.stringify( to ) } );`,
		'if ( ! is_array( $result ) ) { fwrite( STDERR, $zip->errorInfo( true ) ); exit( 1 ); }',
	].join( '\n' );
	return run( [ 'php', '-r', code ] );
}

/** Calls scripts/lib/site.mjs (an ES module) in a child Node process. */
function siteCall( code: string, dir: string ) {
	return run(
		[
			process.execPath,
			'--input-type=module',
			'-e',
			`import * as site from ${ JSON.stringify( path.join( ROOT, 'scripts', 'lib', 'site.mjs' ) ) };\n${ code }`,
		],
		{ SITE_DIR: dir }
	);
}

function symlinksUnder( dir: string ): string[] {
	return readdirSync( dir ).flatMap( ( name ) => {
		const file = path.join( dir, name );
		const stats = lstatSync( file );
		if ( stats.isSymbolicLink() ) {
			return [ path.relative( pluginDir, file ) ];
		}
		return stats.isDirectory() ? symlinksUnder( file ) : [];
	} );
}

async function request( route: string, init: RequestInit = {} ) {
	return fetch( `${ site.url }${ route }`, { redirect: 'manual', ...init } );
}

async function adminRest( route: string ) {
	const response = await request(
		`/?rest_route=${ encodeURIComponent( route ) }`,
		{
			headers: {
				Authorization:
					'Basic ' +
					Buffer.from(
						`${ site.adminUser }:${ site.appPassword }`
					).toString( 'base64' ),
			},
		}
	);
	return {
		status: response.status,
		body: ( await response.json() ) as Record< string, unknown >,
	};
}

/** Logs in through wp-login.php as a browser does; returns the Cookie header. */
async function logIn() {
	const testCookie = 'wordpress_test_cookie=WP%20Cookie%20check';
	const response = await request( '/wp-login.php', {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: testCookie,
		},
		body: new URLSearchParams( {
			log: site.adminUser,
			pwd: site.adminPassword,
			'wp-submit': 'Log In',
			testcookie: '1',
		} ).toString(),
	} );
	expect( response.status ).toBe( 302 );
	const cookies = response.headers
		.getSetCookie()
		.map( ( cookie ) => cookie.split( ';' )[ 0 ] );
	return [ testCookie, ...cookies ].join( '; ' );
}

beforeAll( () => {
	temp = mkdtempSync( path.join( os.tmpdir(), 'utc-zip-' ) );
	zipFile = path.join( temp, `${ SLUG }.zip` );
	run( [
		process.execPath,
		path.join( ROOT, 'scripts', 'plugin-zip.mjs' ),
		'--output',
		zipFile,
		// npm test built before the suites; a rebuild here would empty build/ under them.
		'--no-build',
	] );
	entries = pclzip( 'list' ).trim().split( '\n' );

	const siteDir = path.join( temp, 'site' );
	const pluginsDir = path.join(
		siteDir,
		'wordpress',
		'wp-content',
		'plugins'
	);
	mkdirSync( pluginsDir, { recursive: true } );
	pclzip( 'extract', pluginsDir );
	pluginDir = path.join( pluginsDir, SLUG );
	siteCall(
		'await site.startSite( { dir: process.env.SITE_DIR, port: await site.findFreePort(), log: () => {} } );',
		siteDir
	);
	site = JSON.parse(
		readFileSync( path.join( siteDir, 'state.json' ), 'utf8' )
	) as FreshSite;
}, 180000 );

afterAll( () => {
	if ( temp ) {
		siteCall(
			'await site.stopSite( process.env.SITE_DIR, () => {} );',
			path.join( temp, 'site' )
		);
		rmSync( temp, { recursive: true, force: true } );
	}
}, 60000 );

describe( 'the plugin zip', () => {
	it( 'holds one users-to-contacts/ folder with the plugin, its built bundles and nothing else', () => {
		const outside = entries.filter(
			( entry ) => ! entry.startsWith( `${ SLUG }/` )
		);
		expect( outside ).toEqual( [] );
		const topLevel = new Set(
			entries.map( ( entry ) => entry.split( '/' )[ 1 ] )
		);
		expect( [ ...topLevel ].sort() ).toEqual( [
			'build',
			'includes',
			'languages',
			'plugin.php',
			'readme.txt',
			'uninstall.php',
		] );
		expect( entries ).toEqual(
			expect.arrayContaining( [
				`${ SLUG }/build/admin.js`,
				`${ SLUG }/build/admin.asset.php`,
				`${ SLUG }/languages/${ SLUG }.pot`,
			] )
		);
		// The Node CLI's build and source maps are not for WordPress.
		expect(
			entries.filter(
				( entry ) =>
					entry.includes( '/build/sidecar/' ) ||
					entry.endsWith( '.map' )
			)
		).toEqual( [] );
	} );

	it( 'is what the fresh site runs: no file of the plugin comes from the project', () => {
		expect( symlinksUnder( pluginDir ) ).toEqual( [] );
	} );

	it( 'is active, and GET /status answers the administrator', async () => {
		const plugin = await adminRest( `/wp/v2/plugins/${ SLUG }/plugin` );
		expect( plugin.status ).toBe( 200 );
		expect( plugin.body.status ).toBe( 'active' );

		const status = await adminRest( '/users-to-contacts/v1/status' );
		expect( status.status ).toBe( 200 );
		expect( status.body.plugin_version ).toBe( plugin.body.version );
	} );

	it( 'loads the Contacts screen with its scripts served from the zip', async () => {
		const cookie = await logIn();
		const page = await request( `/wp-admin/admin.php?page=${ SLUG }`, {
			headers: { Cookie: cookie },
		} );
		expect( page.status ).toBe( 200 );
		const html = await page.text();
		expect( html ).toContain( 'id="users-to-contacts-admin"' );
		expect( html ).not.toContain( 'have not been built' );

		const scripts = [
			...html.matchAll(
				/<script[^>]+src=["']([^"']*\/plugins\/users-to-contacts\/build\/[^"']+)["']/g
			),
		].map( ( match ) => match[ 1 ]!.replace( /&#0?38;|&amp;/g, '&' ) );
		expect(
			scripts.map( ( src ) => new URL( src ).pathname.split( '/' ).pop() )
		).toContain( 'admin.js' );
		for ( const src of scripts ) {
			const script = await fetch( src );
			expect( [ src, script.status ] ).toEqual( [ src, 200 ] );
			expect( ( await script.text() ).length ).toBeGreaterThan( 0 );
		}
	} );

	it( 'leaves no PHP error or warning from the plugin in the log', () => {
		let log = '';
		try {
			log = readFileSync(
				path.join( site.wpDir, '..', 'debug.log' ),
				'utf8'
			);
		} catch {}
		expect(
			log
				.split( '\n' )
				.filter( ( line ) => line.includes( `plugins/${ SLUG }/` ) )
		).toEqual( [] );
	} );
} );
