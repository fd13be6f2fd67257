/**
 * The real CLI (bin/users-to-contacts.js) as a child process the scenario can kill, with its
 * output kept and its log lines timed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { siteState } from './processes';

const BIN = path.resolve(
	__dirname,
	'..',
	'..',
	'..',
	'bin',
	'users-to-contacts.js'
);

/** CLI processes still running: killed when the test process exits, whatever happened. */
const running = new Set< ChildProcess >();
process.on( 'exit', () =>
	running.forEach( ( child ) => child.kill( 'SIGKILL' ) )
);

export interface CliExit {
	code: number | null;
	signal: NodeJS.Signals | null;
	out: string;
	err: string;
	ms: number;
}

export interface CliProcess {
	child: ChildProcess;
	/** stdout and stderr so far, interleaved. */
	output: () => string;
	exited: Promise< CliExit >;
	/** Resolves when the output contains `text` (rejects when the process exits first). */
	waitFor: ( text: string | RegExp, timeoutMs?: number ) => Promise< void >;
}

/** Starts `users-to-contacts <args>` against the test site (or another node's `url`). */
export function startCli(
	args: string[],
	options: { url?: string } = {}
): CliProcess {
	const site = siteState();
	const began = Date.now();
	const child = spawn( process.execPath, [ BIN, ...args ], {
		env: {
			PATH: process.env.PATH ?? '',
			USERS_TO_CONTACTS_URL: options.url ?? site.url,
			USERS_TO_CONTACTS_USER: site.adminUser,
			USERS_TO_CONTACTS_APP_PASSWORD: site.appPassword,
		},
	} );
	running.add( child );
	let out = '';
	let err = '';
	let both = '';
	child.stdout?.on( 'data', ( chunk: Buffer ) => {
		out += chunk.toString();
		both += chunk.toString();
	} );
	child.stderr?.on( 'data', ( chunk: Buffer ) => {
		err += chunk.toString();
		both += chunk.toString();
	} );
	const exited = new Promise< CliExit >( ( resolve ) =>
		child.on( 'close', ( code, signal ) => {
			running.delete( child );
			resolve( { code, signal, out, err, ms: Date.now() - began } );
		} )
	);
	let done = false;
	void exited.then( () => ( done = true ) );
	const waitFor = async ( text: string | RegExp, timeoutMs = 20000 ) => {
		const deadline = Date.now() + timeoutMs;
		const found = () =>
			typeof text === 'string'
				? both.includes( text )
				: text.test( both );
		while ( ! found() ) {
			if ( done ) {
				throw new Error(
					`${ args[ 0 ] } exited before saying "${ text }": ${ both }`
				);
			}
			if ( Date.now() > deadline ) {
				throw new Error(
					`${ args[ 0 ] } did not say "${ text }" within ${ timeoutMs } ms: ${ both }`
				);
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 25 ) );
		}
	};
	return { child, output: () => both, exited, waitFor };
}

/** `watch`, polling every 100 ms; resolves once it is watching. Stop it with `stopWatch`. */
export async function startWatch(
	options: { url?: string } = {}
): Promise< CliProcess > {
	const watcher = startCli( [ 'watch', '--idle-ms', '100' ], options );
	await watcher.waitFor( 'Watching for events' );
	return watcher;
}

/** Stops `watch` as a process manager does (SIGTERM) and returns how it ended. */
export async function stopWatch( watcher: CliProcess ): Promise< CliExit > {
	watcher.child.kill( 'SIGTERM' );
	return watcher.exited;
}

/** How often a runner said the site did not answer and it would retry. */
export function retriesIn( output: string ): number {
	return output.match( /retrying in /g )?.length ?? 0;
}
