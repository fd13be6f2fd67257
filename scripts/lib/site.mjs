/**
 * A real local WordPress without Docker: a private MariaDB (socket only) and `php -S`, both
 * started in their own process groups so that stopping them leaves nothing behind.
 *
 * Everything lives in one folder (`dir`): the database files, a copy of Debian's WordPress,
 * logs, and state.json (ports, process groups, the application password).
 */
import {
	cpSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
	readdirSync,
	lstatSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..',
	'..'
);
const WP_TEMPLATE_DIR = path.join( PROJECT_ROOT, 'scripts', 'wp' );
const PLUGIN_SLUG = 'users-to-contacts';
// What WordPress needs of the plugin; the rest of the project (node_modules, .local, .git)
// stays out of the web root.
const PLUGIN_ENTRIES = [ 'plugin.php', 'uninstall.php', 'includes', 'build' ];

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'password';

function statePath( dir ) {
	return path.join( dir, 'state.json' );
}

export function readState( dir ) {
	try {
		return JSON.parse( readFileSync( statePath( dir ), 'utf8' ) );
	} catch {
		return null;
	}
}

function writeState( dir, state ) {
	writeFileSync( statePath( dir ), JSON.stringify( state, null, 2 ) + '\n', {
		mode: 0o600,
	} );
}

export function isAlive( pid ) {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}

const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Resolves when the port can be bound on 127.0.0.1, rejects with a clear message otherwise.
 *
 * @param {number} port
 * @param {string} hint What the user can do about it.
 */
export function assertPortFree( port, hint ) {
	return new Promise( ( resolve, reject ) => {
		const server = net.createServer();
		server.once( 'error', ( error ) => {
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${ port } is already in use by another program. ${ hint }`
						: `Cannot listen on port ${ port }: ${ error.message }`
				)
			);
		} );
		server.listen( { port, host: '127.0.0.1', exclusive: true }, () => {
			server.close( () => resolve() );
		} );
	} );
}

/** Asks the system for a free TCP port on 127.0.0.1. */
export function findFreePort() {
	return new Promise( ( resolve, reject ) => {
		const server = net.createServer();
		server.once( 'error', reject );
		server.listen( 0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close( () => resolve( port ) );
		} );
	} );
}

async function waitFor( check, { timeoutMs, what, onTimeout } ) {
	const deadline = Date.now() + timeoutMs;
	while ( Date.now() < deadline ) {
		if ( await check() ) {
			return;
		}
		await sleep( 100 );
	}
	throw new Error(
		`${ what } did not become ready in ${ timeoutMs / 1000 } s.${ onTimeout ? '\n' + onTimeout() : '' }`
	);
}

function tail( file, lines = 20 ) {
	try {
		return readFileSync( file, 'utf8' )
			.trim()
			.split( '\n' )
			.slice( -lines )
			.join( '\n' );
	} catch {
		return '';
	}
}

function startDetached( command, args, { logFile, env, cwd } ) {
	const log = openSync( logFile, 'a' );
	const child = spawn( command, args, {
		detached: true, // Own process group (setsid): stop kills the whole group.
		stdio: [ 'ignore', log, log ],
		env: { ...process.env, ...env },
		cwd,
	} );
	child.unref();
	return child.pid;
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function mariadbPaths( dir ) {
	const base = path.join( dir, 'mysql' );
	return {
		base,
		data: path.join( base, 'data' ),
		socket: path.join( base, 'mysqld.sock' ),
		config: path.join( base, 'my.cnf' ),
		log: path.join( base, 'error.log' ),
		// Its own temporary files (sorts, temporary tables) stay in the site's folder: a
		// clean-up of the shared /tmp once deleted one mid-query.
		tmp: path.join( base, 'tmp' ),
	};
}

function mariadbPing( socket ) {
	const result = spawnSync(
		'mariadb-admin',
		[ '--no-defaults', `--socket=${ socket }`, '-uroot', 'ping' ],
		{
			encoding: 'utf8',
		}
	);
	return result.status === 0;
}

async function startMariadb( dir, log, durableCommits ) {
	const db = mariadbPaths( dir );
	mkdirSync( db.tmp, { recursive: true } );
	writeFileSync(
		db.config,
		[
			'[mysqld]',
			`datadir=${ db.data }`,
			`socket=${ db.socket }`,
			`pid-file=${ path.join( db.base, 'mysqld.pid' ) }`,
			`log-error=${ db.log }`,
			`tmpdir=${ db.tmp }`,
			// WordPress talks to it through the socket only: no TCP port to collide with.
			'skip-networking',
			'skip-name-resolve',
			'skip-log-bin',
			isRoot() ? 'user=root' : '',
			'character-set-server=utf8mb4',
			'collation-server=utf8mb4_unicode_ci',
			'innodb_buffer_pool_size=256M',
			'innodb_log_file_size=64M',
			// A development database: durability across power loss is not worth the fsyncs. The
			// bench asks for a production server's setting (MariaDB's default): every commit
			// flushed to disk, which is what per-row designs pay for on a real site.
			`innodb_flush_log_at_trx_commit=${ durableCommits ? 1 : 2 }`,
			'max_connections=300',
			'',
		].join( '\n' )
	);
	if ( ! existsSync( path.join( db.data, 'mysql' ) ) ) {
		log( 'Creating the database…' );
		const init = spawnSync(
			'mariadb-install-db',
			[
				`--defaults-file=${ db.config }`,
				'--auth-root-authentication-method=normal',
				'--skip-test-db',
			],
			{ encoding: 'utf8' }
		);
		if ( init.status !== 0 ) {
			throw new Error(
				`mariadb-install-db failed:\n${ init.stdout }\n${ init.stderr }`
			);
		}
	}
	const pid = startDetached(
		'/usr/sbin/mariadbd',
		[ `--defaults-file=${ db.config }` ],
		{
			logFile: path.join( db.base, 'mariadbd.out' ),
		}
	);
	await waitFor(
		async () => {
			if ( mariadbPing( db.socket ) ) {
				return true;
			}
			if ( ! isAlive( pid ) ) {
				throw new Error(
					`MariaDB stopped while starting:\n${ tail( db.log ) }`
				);
			}
			return false;
		},
		{
			timeoutMs: 30000,
			what: 'MariaDB',
			onTimeout: () => tail( db.log ),
		}
	);
	const create = spawnSync(
		'mariadb',
		[
			'--no-defaults',
			`--socket=${ db.socket }`,
			'-uroot',
			'-e',
			'CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
		],
		{ encoding: 'utf8' }
	);
	if ( create.status !== 0 ) {
		throw new Error( `Could not create the database: ${ create.stderr }` );
	}
	return { pid, socket: db.socket };
}

export function copyWordPress( wpDir ) {
	mkdirSync( wpDir, { recursive: true } );
	for ( const entry of readdirSync( '/usr/share/wordpress' ) ) {
		// Debian's wp-config.php reads /etc/wordpress; we write our own. Languages are 30 MB we do not use.
		if (
			entry === 'wp-config.php' ||
			entry === '.htaccess' ||
			entry === 'wp-content'
		) {
			continue;
		}
		cpSync(
			path.join( '/usr/share/wordpress', entry ),
			path.join( wpDir, entry ),
			{
				recursive: true,
				dereference: true,
			}
		);
	}
	const content = path.join( wpDir, 'wp-content' );
	mkdirSync( path.join( content, 'plugins' ), { recursive: true } );
	mkdirSync( path.join( content, 'uploads' ), { recursive: true } );
	mkdirSync( path.join( content, 'mu-plugins' ), { recursive: true } );
	copyThemes( wpDir );
}

/**
 * Debian's themes the site lacks (a site made before a theme package was installed gets it on
 * its next start).
 */
function copyThemes( wpDir ) {
	const themes = path.join( wpDir, 'wp-content', 'themes' );
	mkdirSync( themes, { recursive: true } );
	for ( const theme of readdirSync(
		'/usr/share/wordpress/wp-content/themes'
	) ) {
		if ( ! existsSync( path.join( themes, theme ) ) ) {
			cpSync(
				path.join( '/usr/share/wordpress/wp-content/themes', theme ),
				path.join( themes, theme ),
				{ recursive: true, dereference: true }
			);
		}
	}
}

/**
 * The plugin folder is a folder of symlinks to the project, so edits show up at once.
 */
function linkPlugin( wpDir ) {
	const pluginDir = path.join( wpDir, 'wp-content', 'plugins', PLUGIN_SLUG );
	mkdirSync( pluginDir, { recursive: true } );
	for ( const entry of PLUGIN_ENTRIES ) {
		const link = path.join( pluginDir, entry );
		let exists = false;
		try {
			lstatSync( link );
			exists = true;
		} catch {}
		if ( ! exists ) {
			symlinkSync( path.join( PROJECT_ROOT, entry ), link );
		}
	}
}

/**
 * The folder the site's outgoing mail is written to, one JSON file a message ({ to, subject,
 * message, headers, time }): tests read it (tests/support/mail.ts), people can too.
 *
 * @param {string} dir The site's folder.
 */
export function mailDir( dir ) {
	return path.join( dir, 'mail' );
}

function writeWpConfig( dir, wpDir, url, socket, salts ) {
	const define = ( name, value ) =>
		`define( '${ name }', ${ JSON.stringify( value ) } );`;
	const lines = [
		'<?php',
		'// Written by scripts/lib/site.mjs on every start; edits here are overwritten.',
		define( 'DB_NAME', 'wordpress' ),
		define( 'DB_USER', 'root' ),
		define( 'DB_PASSWORD', '' ),
		define( 'DB_HOST', `localhost:${ socket }` ),
		define( 'DB_CHARSET', 'utf8mb4' ),
		define( 'DB_COLLATE', '' ),
		...Object.entries( salts ).map( ( [ name, value ] ) =>
			define( name, value )
		),
		"$table_prefix = 'wp_';",
		define( 'WP_HOME', url ),
		define( 'WP_SITEURL', url ),
		// "local" makes application passwords work over plain http.
		define( 'WP_ENVIRONMENT_TYPE', 'local' ),
		define( 'WP_HTTP_BLOCK_EXTERNAL', true ),
		define( 'AUTOMATIC_UPDATER_DISABLED', true ),
		define( 'WP_AUTO_UPDATE_CORE', false ),
		define( 'DISABLE_WP_CRON', true ),
		define( 'FS_METHOD', 'direct' ),
		define( 'WP_DEBUG', true ),
		define( 'WP_DEBUG_DISPLAY', false ),
		define( 'WP_DEBUG_LOG', path.join( dir, 'debug.log' ) ),
		// Where the local-site mu-plugin writes outgoing mail (one JSON file a message).
		define( 'LOCAL_SITE_MAIL_DIR', mailDir( dir ) ),
		"if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }",
		"require_once ABSPATH . 'wp-settings.php';",
		'',
	];
	writeFileSync( path.join( wpDir, 'wp-config.php' ), lines.join( '\n' ) );
}

function newSalts() {
	const names = [
		'AUTH_KEY',
		'SECURE_AUTH_KEY',
		'LOGGED_IN_KEY',
		'NONCE_KEY',
		'AUTH_SALT',
		'SECURE_AUTH_SALT',
		'LOGGED_IN_SALT',
		'NONCE_SALT',
	];
	return Object.fromEntries(
		names.map( ( name ) => [ name, randomBytes( 32 ).toString( 'hex' ) ] )
	);
}

function runProvision( wpDir, url, step ) {
	const result = spawnSync(
		'php',
		[
			path.join( WP_TEMPLATE_DIR, 'provision.php' ),
			wpDir,
			url,
			step,
			ADMIN_USER,
			ADMIN_PASSWORD,
		],
		{ encoding: 'utf8' }
	);
	if ( result.status !== 0 ) {
		throw new Error(
			`Setting up WordPress (${ step }) failed:\n${ result.stdout }\n${ result.stderr }`
		);
	}
	const lastLine = result.stdout.trim().split( '\n' ).pop() || '{}';
	return JSON.parse( lastLine );
}

async function httpReady( url ) {
	try {
		const response = await fetch( url, {
			redirect: 'manual',
			signal: AbortSignal.timeout( 2000 ),
		} );
		return response.status > 0;
	} catch {
		return false;
	}
}

/**
 * Starts (creating on first use) the site in `dir`, served at http://127.0.0.1:port.
 *
 * @param {{ dir: string, port: number, log?: (line: string) => void, portHint?: string }} options
 * @return {Promise<object>} The state: url, admin login, application password, process ids.
 */
export async function startSite( {
	dir,
	port,
	log = console.log,
	portHint = '',
	durableCommits = false,
} ) {
	const previous = readState( dir );
	if (
		previous &&
		( isAlive( previous.phpPid ) || isAlive( previous.mariadbPid ) )
	) {
		if (
			previous.port === port &&
			isAlive( previous.phpPid ) &&
			isAlive( previous.mariadbPid )
		) {
			log( 'The site is already running.' );
			return previous;
		}
		await stopSite( dir );
	}
	await assertPortFree( port, portHint );
	mkdirSync( dir, { recursive: true } );

	const url = `http://127.0.0.1:${ port }`;
	const wpDir = path.join( dir, 'wordpress' );
	const salts = previous?.salts ?? newSalts();
	const state = {
		...previous,
		dir,
		wpDir,
		url,
		port,
		salts,
		adminUser: ADMIN_USER,
		adminPassword: ADMIN_PASSWORD,
	};

	const mariadb = await startMariadb( dir, log, durableCommits );
	state.mariadbPid = mariadb.pid;
	state.socket = mariadb.socket;
	writeState( dir, state );

	if ( ! existsSync( path.join( wpDir, 'wp-settings.php' ) ) ) {
		log( 'Copying WordPress…' );
		copyWordPress( wpDir );
	}
	cpSync(
		path.join( WP_TEMPLATE_DIR, 'local-site.php' ),
		path.join( wpDir, 'wp-content', 'mu-plugins', 'local-site.php' )
	);
	copyThemes( wpDir );
	linkPlugin( wpDir );
	writeWpConfig( dir, wpDir, url, mariadb.socket, salts );

	runProvision( wpDir, url, 'install' );
	const provisioned = runProvision(
		wpDir,
		url,
		state.appPassword ? 'activate' : 'activate-with-app-password'
	);
	if ( provisioned.appPassword ) {
		state.appPassword = provisioned.appPassword;
	}

	state.phpPid = startDetached(
		'php',
		[
			'-S',
			`127.0.0.1:${ port }`,
			'-t',
			wpDir,
			path.join( WP_TEMPLATE_DIR, 'router.php' ),
		],
		{
			logFile: path.join( dir, 'php-server.log' ),
			// One worker deadlocks on WordPress's loopback requests.
			env: { PHP_CLI_SERVER_WORKERS: '4' },
			cwd: wpDir,
		}
	);
	writeState( dir, state );
	await waitFor(
		async () => {
			if ( ! isAlive( state.phpPid ) ) {
				throw new Error(
					`The PHP server stopped while starting:\n${ tail( path.join( dir, 'php-server.log' ) ) }`
				);
			}
			return httpReady( `${ url }/wp-login.php` );
		},
		{
			timeoutMs: 20000,
			what: 'The PHP server',
			onTimeout: () => tail( path.join( dir, 'php-server.log' ) ),
		}
	);
	return state;
}

/**
 * Makes the "My details" and "Sign up" pages (each holding its block) once; returns their
 * addresses, `{ 'my-details': url, signup: url }`.
 *
 * @param {string} dir The site's folder (the site must have been started).
 */
export function ensureVisitorPages( dir ) {
	const state = readState( dir );
	return runProvision( state.wpDir, state.url, 'visitor-pages' );
}

/**
 * Starts `users-to-contacts watch` against the site in the background (its own process group),
 * so registrations link in real time. Its output goes to sidecar.log in the site folder.
 */
export async function startSidecar( dir, log = console.log ) {
	const state = readState( dir );
	if ( ! state ) {
		throw new Error( 'There is no site to watch: start it first.' );
	}
	if ( isAlive( state.sidecarPid ) ) {
		return state.sidecarPid;
	}
	const logFile = path.join( dir, 'sidecar.log' );
	state.sidecarPid = startDetached(
		process.execPath,
		[ path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' ), 'watch' ],
		{
			logFile,
			env: {
				USERS_TO_CONTACTS_URL: state.url,
				USERS_TO_CONTACTS_USER: state.adminUser,
				USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
			},
			cwd: PROJECT_ROOT,
		}
	);
	writeState( dir, state );
	await waitFor(
		async () => {
			if ( ! isAlive( state.sidecarPid ) ) {
				throw new Error(
					`The sidecar stopped while starting:\n${ tail( logFile ) }`
				);
			}
			return tail( logFile, 5 ).includes( 'Watching for events' );
		},
		{
			timeoutMs: 15000,
			what: 'The sidecar',
			onTimeout: () => tail( logFile ),
		}
	);
	log(
		`The sidecar is watching for events (log: ${ path.relative( PROJECT_ROOT, logFile ) }).`
	);
	return state.sidecarPid;
}

/** Stops the background sidecar, if it runs. */
export async function stopSidecar( dir, log = console.log ) {
	const state = readState( dir );
	if ( state?.sidecarPid ) {
		await killGroup( state.sidecarPid, 'The sidecar', log );
	}
}

async function killGroup( pid, what, log ) {
	if ( ! isAlive( pid ) ) {
		return;
	}
	try {
		process.kill( -pid, 'SIGTERM' );
	} catch {
		try {
			process.kill( pid, 'SIGTERM' );
		} catch {}
	}
	const deadline = Date.now() + 15000;
	while ( isAlive( pid ) && Date.now() < deadline ) {
		await sleep( 50 );
	}
	if ( isAlive( pid ) ) {
		log( `${ what } did not stop in 15 s; killing it.` );
		try {
			process.kill( -pid, 'SIGKILL' );
		} catch {}
	}
}

/**
 * Stops the site's processes (both process groups). Safe to call when nothing runs.
 */
export async function stopSite( dir, log = console.log ) {
	const state = readState( dir );
	if ( ! state ) {
		return false;
	}
	const wasRunning =
		isAlive( state.phpPid ) ||
		isAlive( state.mariadbPid ) ||
		isAlive( state.sidecarPid );
	await killGroup( state.sidecarPid, 'The sidecar', log );
	await killGroup( state.phpPid, 'The PHP server', log );
	await killGroup( state.mariadbPid, 'MariaDB', log );
	return wasRunning;
}

/**
 * Stops the site and deletes its folder.
 */
export async function resetSite( dir, log = console.log ) {
	await stopSite( dir, log );
	rmSync( dir, { recursive: true, force: true } );
}
