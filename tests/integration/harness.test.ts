/**
 * The local-site commands answer clearly instead of hanging.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..', '..' );

function runSiteCommand( args: string[], siteDir: string ) {
	return new Promise< { code: number | null; output: string; ms: number } >(
		( resolve ) => {
			const began = Date.now();
			const child = spawn(
				process.execPath,
				[ path.join( ROOT, 'scripts', 'site.mjs' ), ...args ],
				{
					env: {
						...process.env,
						USERS_TO_CONTACTS_SITE_DIR: siteDir,
					},
				}
			);
			let output = '';
			child.stdout.on( 'data', ( chunk ) => ( output += chunk ) );
			child.stderr.on( 'data', ( chunk ) => ( output += chunk ) );
			child.on( 'close', ( code ) =>
				resolve( { code, output, ms: Date.now() - began } )
			);
		}
	);
}

describe( 'npm start / npm run stop', () => {
	let siteDir: string;
	beforeEach( () => {
		siteDir = mkdtempSync( path.join( os.tmpdir(), 'utc-harness-' ) );
	} );
	afterEach( () => rmSync( siteDir, { recursive: true, force: true } ) );

	it( 'says which port is taken, and how to pick another, within seconds', async () => {
		const blocker = net.createServer();
		await new Promise< void >( ( resolve ) =>
			blocker.listen( 0, '127.0.0.1', resolve )
		);
		const { port } = blocker.address() as net.AddressInfo;
		try {
			const result = await runSiteCommand(
				[ 'start', '--port', String( port ) ],
				siteDir
			);
			expect( result.code ).toBe( 1 );
			expect( result.output ).toContain(
				`Port ${ port } is already in use`
			);
			expect( result.output ).toContain( `--port ${ port + 1 }` );
			expect( result.ms ).toBeLessThan( 10000 );
		} finally {
			blocker.close();
		}
	} );

	it( 'refuses a port that is not a number', async () => {
		const result = await runSiteCommand(
			[ 'start', '--port', 'eighty' ],
			siteDir
		);
		expect( result.code ).toBe( 1 );
		expect( result.output ).toContain( '"eighty" is not a port number' );
	} );

	it( 'stop says so when nothing runs', async () => {
		const result = await runSiteCommand( [ 'stop' ], siteDir );
		expect( result.code ).toBe( 0 );
		expect( result.output ).toContain( 'Nothing was running.' );
	} );
} );
