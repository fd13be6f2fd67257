/**
 * The plugin in `@wordpress/env`'s Playground runtime (WordPress in WebAssembly, data in SQLite),
 * offline: wp-env only needs two things it would otherwise download.
 *
 * 1. Its version cache. wp-env asks wordpress.org for the latest WordPress version whenever it
 *    reads a config (even when `core` points elsewhere) and, offline, falls back to
 *    `<work dir>/wp-env-cache.json`, where the work dir is
 *    `<WP_ENV_HOME or ~/.wp-env>/wp-env-<folder>-<first 8 hex of md5(path of .wp-env.json)>`.
 * 2. WordPress itself: `core` points at a copy of Debian's WordPress (the one `npm start`
 *    serves), without Debian's wp-config.php (Playground writes its own there, and its SQLite
 *    database under wp-content/database).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, copyWordPress } from './site.mjs';

export const WP_ENV_BIN = path.join(
	PROJECT_ROOT,
	'node_modules',
	'@wordpress',
	'env',
	'bin',
	'wp-env'
);
const CONFIG_FILE = path.join( PROJECT_ROOT, '.wp-env.json' );
const DEBIAN_VERSION_FILE = '/usr/share/wordpress/wp-includes/version.php';

/** The WordPress version Debian ships (what the local core copy is). */
export function debianWordPressVersion() {
	const source = readFileSync( DEBIAN_VERSION_FILE, 'utf8' );
	const match = source.match( /\$wp_version\s*=\s*'([^']+)'/ );
	if ( ! match ) {
		throw new Error( `No $wp_version in ${ DEBIAN_VERSION_FILE }.` );
	}
	return match[ 1 ];
}

/** wp-env's work folder for this project's .wp-env.json (see the comment at the top). */
export function wpEnvWorkDir( home = process.env.WP_ENV_HOME ) {
	const root = home
		? path.resolve( home )
		: path.join(
				os.homedir(),
				existsSync( '/snap' ) ? 'wp-env' : '.wp-env'
			);
	const hash = createHash( 'md5' )
		.update( CONFIG_FILE )
		.digest( 'hex' )
		.slice( 0, 8 );
	return path.join(
		root,
		`wp-env-${ path.basename( PROJECT_ROOT ) }-${ hash }`
	);
}

/**
 * Puts the latest WordPress version in wp-env's cache, when it has none (wp-env keeps what it
 * learns online there; that is left alone).
 */
export function seedVersionCache( home ) {
	const dir = wpEnvWorkDir( home );
	const file = path.join( dir, 'wp-env-cache.json' );
	let cache = {};
	try {
		cache = JSON.parse( readFileSync( file, 'utf8' ) );
	} catch {}
	if ( cache.latestWordPressVersion ) {
		return;
	}
	mkdirSync( dir, { recursive: true } );
	writeFileSync(
		file,
		JSON.stringify( {
			...cache,
			latestWordPressVersion: debianWordPressVersion(),
		} )
	);
}

/**
 * A copy of Debian's WordPress in `dir` (made once; kept with the site's database in it).
 *
 * @param {string} dir Such as .local/wp-env/wordpress.
 */
export function ensureCoreCopy( dir ) {
	const version = debianWordPressVersion();
	const stamp = path.join( dir, '.debian-version' );
	if ( ! existsSync( stamp ) || readFileSync( stamp, 'utf8' ) !== version ) {
		rmSync( dir, { recursive: true, force: true } );
		copyWordPress( dir );
		writeFileSync( stamp, version );
	}
	// The local site's must-use plugin: no avatars from Gravatar (outside this network: a failed
	// request in the browser's console on every screen), no update checks, mail reported sent.
	copyFileSync(
		path.join( PROJECT_ROOT, 'scripts', 'wp', 'local-site.php' ),
		path.join( dir, 'wp-content', 'mu-plugins', 'local-site.php' )
	);
}

/** Whether a Docker engine answers (not only whether the docker command exists). */
export function dockerAnswers() {
	const result = spawnSync( 'docker', [ 'info' ], {
		stdio: 'ignore',
		timeout: 15000,
	} );
	return result.status === 0;
}

/**
 * Runs wp-env with `args` in the project folder; resolves with its exit code.
 *
 * @param {string[]}               args
 * @param {Record<string, string>} env   Added to the environment (WP_ENV_HOME, WP_ENV_PORT, …).
 * @param {'inherit'|'pipe'}       stdio
 */
export function runWpEnv( args, env = {}, stdio = 'inherit' ) {
	return new Promise( ( resolve, reject ) => {
		const child = spawn( process.execPath, [ WP_ENV_BIN, ...args ], {
			cwd: PROJECT_ROOT,
			env: { ...process.env, ...env },
			stdio: [ 'ignore', stdio, stdio ],
		} );
		let output = '';
		child.stdout?.on( 'data', ( chunk ) => ( output += chunk ) );
		child.stderr?.on( 'data', ( chunk ) => ( output += chunk ) );
		child.on( 'error', reject );
		child.on( 'exit', ( code ) => resolve( { code: code ?? 1, output } ) );
	} );
}

/** The process group wp-env's Playground server runs in (from wp-env's pid file), or null. */
export function playgroundPid( home ) {
	try {
		return Number(
			readFileSync(
				path.join( wpEnvWorkDir( home ), 'playground.pid' ),
				'utf8'
			).trim()
		);
	} catch {
		return null;
	}
}

/** Whether any process of the group `pid` is alive. */
export function groupAlive( pid ) {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( -pid, 0 );
		return true;
	} catch {
		return false;
	}
}

/**
 * The cookies of a response, as one `Cookie` header (merged into `jar`).
 *
 * @param {Response}            response
 * @param {Map<string, string>} jar
 */
function keepCookies( response, jar ) {
	for ( const line of response.headers.getSetCookie() ) {
		const [ pair ] = line.split( ';' );
		const at = pair.indexOf( '=' );
		if ( /max-age=0/i.test( line ) ) {
			jar.delete( pair.slice( 0, at ) );
		} else {
			jar.set( pair.slice( 0, at ), pair.slice( at + 1 ) );
		}
	}
	return Array.from(
		jar,
		( [ name, value ] ) => `${ name }=${ value }`
	).join( '; ' );
}

/**
 * An application password for `admin` on a Playground site: Playground logs a browser in as
 * admin, so this logs in the same way (its cookies), asks WordPress for a REST nonce and creates
 * the password through the REST API, as Users › Profile does.
 *
 * @param {string} url  Such as http://localhost:8888.
 * @param {string} name The password's name.
 */
export async function createAppPassword( url, name ) {
	// Right after a start the site's address settles, and the login cookies' names with it: a
	// login made just before can stop counting. Start over then, for up to a minute.
	const deadline = Date.now() + 60000;
	for (;;) {
		try {
			return await createAppPasswordOnce( url, name );
		} catch ( error ) {
			if ( Date.now() > deadline ) {
				throw error;
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 1000 ) );
		}
	}
}

async function createAppPasswordOnce( url, name ) {
	const jar = new Map();
	let cookie = '';
	let nonce = '';
	// The first visits are redirected (Playground's first request, then its login with the
	// cookies set).
	let answer = '';
	for ( let hop = 0; hop < 5 && ! /^[0-9a-f]{10}$/.test( nonce ); hop++ ) {
		const response = await fetch( `${ url }/wp-admin/`, {
			headers: cookie ? { Cookie: cookie } : {},
			redirect: 'manual',
		} );
		cookie = keepCookies( response, jar );
		const page = await response.text();
		answer = `/wp-admin/: HTTP ${ response.status }`;
		// The REST nonce wp-admin gives its scripts.
		nonce =
			page.match(
				/wpApiSettings = \{[^}]*"nonce":"([0-9a-f]+)"/
			)?.[ 1 ] ?? '';
	}
	if ( ! /^[0-9a-f]{10}$/.test( nonce ) ) {
		throw new Error(
			`${ url } did not log the browser in as admin (${ answer }).`
		);
	}
	const created = await fetch(
		`${ url }/?rest_route=/wp/v2/users/me/application-passwords`,
		{
			method: 'POST',
			headers: {
				Cookie: cookie,
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { name } ),
		}
	);
	const body = await created.json();
	if ( created.status !== 201 ) {
		throw new Error(
			`Could not create an application password on ${ url }: ${ JSON.stringify( body ) }`
		);
	}
	return body.password;
}
