/**
 * The real sidecar (bin/users-to-contacts.js) against the test site.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { testSite } from './site';

const BIN = path.resolve(
	__dirname,
	'..',
	'..',
	'bin',
	'users-to-contacts.js'
);

function siteEnv(): Record< string, string > {
	const site = testSite();
	return {
		PATH: process.env.PATH ?? '',
		USERS_TO_CONTACTS_URL: site.url,
		USERS_TO_CONTACTS_USER: site.adminUser,
		USERS_TO_CONTACTS_APP_PASSWORD: site.appPassword,
	};
}

export interface Watcher {
	stop: () => Promise< number | null >;
	output: () => string;
}

/** Starts `watch` (against the test site, or `url`); resolves once it says it is watching. */
export function startWatch(
	options: { url?: string } = {}
): Promise< Watcher > {
	const env = {
		...siteEnv(),
		...( options.url ? { USERS_TO_CONTACTS_URL: options.url } : {} ),
	};
	const child = spawn(
		process.execPath,
		[ BIN, 'watch', '--idle-ms', '100' ],
		{ env }
	);
	let output = '';
	const exited = new Promise< number | null >( ( resolve ) =>
		child.on( 'exit', ( code ) => resolve( code ) )
	);
	return new Promise( ( resolve, reject ) => {
		const timer = setTimeout(
			() => reject( new Error( `watch did not start: ${ output }` ) ),
			15000
		);
		const onData = ( chunk: Buffer ) => {
			output += chunk.toString();
			if ( output.includes( 'Watching for events' ) ) {
				clearTimeout( timer );
				resolve( {
					output: () => output,
					stop: async () => {
						child.kill( 'SIGTERM' );
						return exited;
					},
				} );
			}
		};
		child.stdout.on( 'data', onData );
		child.stderr.on( 'data', onData );
		child.on( 'exit', ( code ) =>
			reject( new Error( `watch exited with ${ code }: ${ output }` ) )
		);
	} );
}

/** Runs a sidecar command to completion. */
export function runCli( args: string[] ): {
	code: number | null;
	out: string;
	err: string;
} {
	const result = spawnSync( process.execPath, [ BIN, ...args ], {
		env: siteEnv(),
		encoding: 'utf8',
		timeout: 300000,
	} );
	return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs a sidecar command to completion without blocking (so another process can run meanwhile). */
export function runCliAsync(
	args: string[]
): Promise< { code: number | null; out: string; err: string } > {
	return new Promise( ( resolve ) => {
		const child = spawn( process.execPath, [ BIN, ...args ], {
			env: siteEnv(),
		} );
		let out = '';
		let err = '';
		child.stdout.on(
			'data',
			( chunk: Buffer ) => ( out += chunk.toString() )
		);
		child.stderr.on(
			'data',
			( chunk: Buffer ) => ( err += chunk.toString() )
		);
		child.on( 'close', ( code ) => resolve( { code, out, err } ) );
	} );
}
