/**
 * Stops and starts the test site's own processes (MariaDB, `php -S`) one at a time, the way an
 * outage or a restart does, and adds web nodes. The site harness (scripts/lib/site.mjs) starts
 * and stops the whole site; a fault needs one process gone while the others keep running, so
 * the same command lines are repeated here. Every pid is written back to state.json, so the
 * harness's clean-up still stops whatever runs when the stage ends.
 */
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestSite } from '../../support/site';

export interface SiteState extends TestSite {
	dir: string;
	wpDir: string;
	port: number;
	socket: string;
	mariadbPid: number;
	phpPid: number;
	/** Extra web nodes this suite started (pids), stopped with the site. */
	webNodePids?: number[];
}

const ROUTER = path.resolve(
	__dirname,
	'..',
	'..',
	'..',
	'scripts',
	'wp',
	'router.php'
);

function stateFile(): string {
	const file = process.env.USERS_TO_CONTACTS_TEST_SITE;
	if ( ! file ) {
		throw new Error(
			'No test site: run these tests through "npm run test:reliability", which starts one.'
		);
	}
	return file;
}

export function siteState(): SiteState {
	return JSON.parse( readFileSync( stateFile(), 'utf8' ) ) as SiteState;
}

function updateState( changes: Partial< SiteState > ): void {
	writeFileSync(
		stateFile(),
		JSON.stringify( { ...siteState(), ...changes }, null, 2 ) + '\n',
		{ mode: 0o600 }
	);
}

export const sleep = ( ms: number ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Whether the process runs. A process that has exited but is not yet reaped (a zombie) counts
 * as gone: the site's first processes are children of `npm test`, which cannot reap them while
 * it waits for jest.
 */
export function isAlive( pid: number | undefined ): boolean {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
	} catch {
		return false;
	}
	try {
		// /proc/<pid>/stat: "pid (name) state …"; the name may hold spaces and parentheses.
		const stat = readFileSync( `/proc/${ pid }/stat`, 'utf8' );
		return stat.slice( stat.lastIndexOf( ')' ) + 2 )[ 0 ] !== 'Z';
	} catch {
		return false;
	}
}

async function waitUntil(
	check: () => boolean | Promise< boolean >,
	timeoutMs: number,
	what: string
): Promise< void > {
	const deadline = Date.now() + timeoutMs;
	while ( ! ( await check() ) ) {
		if ( Date.now() > deadline ) {
			throw new Error( `${ what } within ${ timeoutMs / 1000 } s` );
		}
		await sleep( 50 );
	}
}

/** Stops a process group (SIGTERM, then SIGKILL after 15 s) and waits until it is gone. */
export async function stopGroup(
	pid: number,
	signal: NodeJS.Signals = 'SIGTERM'
): Promise< void > {
	if ( ! isAlive( pid ) ) {
		return;
	}
	try {
		process.kill( -pid, signal );
	} catch {
		process.kill( pid, signal );
	}
	try {
		await waitUntil( () => ! isAlive( pid ), 15000, 'stopped' );
	} catch {
		process.kill( -pid, 'SIGKILL' );
		await waitUntil( () => ! isAlive( pid ), 5000, 'killed' );
	}
}

function startDetached(
	command: string,
	args: string[],
	options: { logFile: string; env?: Record< string, string >; cwd?: string }
): number {
	const log = openSync( options.logFile, 'a' );
	const child = spawn( command, args, {
		detached: true, // Own process group, as the harness starts them.
		stdio: [ 'ignore', log, log ],
		env: { ...process.env, ...options.env },
		cwd: options.cwd,
	} );
	child.unref();
	if ( ! child.pid ) {
		throw new Error( `Could not start ${ command }` );
	}
	return child.pid;
}

function databaseAnswers( socket: string ): boolean {
	return (
		spawnSync( 'mariadb-admin', [
			'--no-defaults',
			`--socket=${ socket }`,
			'-uroot',
			'ping',
		] ).status === 0
	);
}

/** Stops MariaDB (a clean shutdown, as `systemctl stop` does). */
export async function stopDatabase(): Promise< void > {
	await stopGroup( siteState().mariadbPid );
}

/** Starts MariaDB again on the same data folder and socket; resolves once it answers. */
export async function startDatabase(): Promise< void > {
	const state = siteState();
	if ( isAlive( state.mariadbPid ) ) {
		return; // It never stopped (a failed stop is reported by the caller).
	}
	const base = path.join( state.dir, 'mysql' );
	const pid = startDetached(
		'/usr/sbin/mariadbd',
		[ `--defaults-file=${ path.join( base, 'my.cnf' ) }` ],
		{ logFile: path.join( base, 'mariadbd.out' ) }
	);
	updateState( { mariadbPid: pid } );
	await waitUntil(
		() => {
			if ( ! isAlive( pid ) ) {
				throw new Error( 'MariaDB stopped while starting again' );
			}
			return databaseAnswers( state.socket );
		},
		30000,
		'MariaDB did not answer again'
	);
}

async function answersHttp( url: string ): Promise< boolean > {
	try {
		const response = await fetch( `${ url }/wp-login.php`, {
			redirect: 'manual',
			signal: AbortSignal.timeout( 2000 ),
		} );
		return response.status > 0;
	} catch {
		return false;
	}
}

function startPhpServer( port: number ): number {
	const state = siteState();
	return startDetached(
		'php',
		[ '-S', `127.0.0.1:${ port }`, '-t', state.wpDir, ROUTER ],
		{
			logFile: path.join( state.dir, 'php-server.log' ),
			// One worker deadlocks on WordPress's loopback requests.
			env: { PHP_CLI_SERVER_WORKERS: '4' },
			cwd: state.wpDir,
		}
	);
}

/** Stops the web server (SIGKILL: requests in flight are cut, as a crash does). */
export async function killWebServer(): Promise< void > {
	await stopGroup( siteState().phpPid, 'SIGKILL' );
}

/** Starts the web server again on its port; resolves once it answers. */
export async function startWebServer(): Promise< void > {
	const state = siteState();
	if ( isAlive( state.phpPid ) ) {
		return;
	}
	const pid = startPhpServer( state.port );
	updateState( { phpPid: pid } );
	await waitUntil(
		() => answersHttp( state.url ),
		20000,
		'The web server did not answer again'
	);
}

function freePort(): Promise< number > {
	return new Promise( ( resolve, reject ) => {
		const server = net.createServer();
		server.once( 'error', reject );
		server.listen( 0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close( () => resolve( port ) );
		} );
	} );
}

export interface WebNode {
	url: string;
	stop: () => Promise< void >;
}

/**
 * Another `php -S` over the same WordPress folder and database, on its own port: a second web
 * node, as a site behind a load balancer has. WordPress's own links keep naming the first node.
 */
export async function startWebNode(): Promise< WebNode > {
	const port = await freePort();
	const pid = startPhpServer( port );
	updateState( {
		webNodePids: [ ...( siteState().webNodePids ?? [] ), pid ],
	} );
	const url = `http://127.0.0.1:${ port }`;
	await waitUntil(
		() => answersHttp( url ),
		20000,
		'The second web node did not answer'
	);
	return {
		url,
		stop: async () => {
			await stopGroup( pid );
			updateState( {
				webNodePids: ( siteState().webNodePids ?? [] ).filter(
					( other ) => other !== pid
				),
			} );
		},
	};
}
