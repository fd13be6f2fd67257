/**
 * `npm start` shows a newcomer the visitor forms: it makes a "Sign up" and a "My details" page
 * holding the blocks, prints their addresses, and makes no copies on the next start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..', '..' );

function siteCommand( args: string[], siteDir: string ) {
	return new Promise< { code: number | null; output: string } >(
		( resolve ) => {
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
			child.on( 'close', ( code ) => resolve( { code, output } ) );
		}
	);
}

function freePort(): Promise< number > {
	return new Promise( ( resolve ) => {
		const server = net.createServer();
		server.listen( 0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close( () => resolve( port ) );
		} );
	} );
}

describe( 'npm start: the visitor pages', () => {
	let siteDir: string;
	beforeAll( () => {
		siteDir = mkdtempSync( path.join( os.tmpdir(), 'utc-visitor-pages-' ) );
	} );
	afterAll( async () => {
		await siteCommand( [ 'stop' ], siteDir );
		rmSync( siteDir, { recursive: true, force: true } );
	} );

	it( 'makes the Sign up and My details pages once, prints their addresses, and they show the forms', async () => {
		const port = await freePort();
		const first = await siteCommand(
			[ 'start', '--port', String( port ) ],
			siteDir
		);
		expect( first.code ).toBe( 0 );
		const url = `http://127.0.0.1:${ port }`;
		expect( first.output ).toContain(
			`Visitors:  ${ url }/sign-up/ (Sign up, no account needed)`
		);
		expect( first.output ).toContain(
			`${ url }/my-details/ (My details, for logged-in visitors)`
		);
		const signup = await ( await fetch( `${ url }/sign-up/` ) ).text();
		expect( signup ).toContain( 'data-form="signup"' );
		expect( signup ).toContain( 'build/frontend-signup.js' );
		expect( signup ).not.toContain( 'build/frontend-my-details.js' );
		const details = await ( await fetch( `${ url }/my-details/` ) ).text();
		expect( details ).toContain( 'data-form="my-details"' );

		// Started again: the same pages, no copies.
		const second = await siteCommand(
			[ 'start', '--port', String( port ) ],
			siteDir
		);
		expect( second.code ).toBe( 0 );
		expect( second.output ).toContain( `${ url }/sign-up/` );
		const state = JSON.parse(
			readFileSync( path.join( siteDir, 'state.json' ), 'utf8' )
		) as { adminUser: string; appPassword: string };
		const pages = ( await (
			await fetch(
				`${ url }/?rest_route=/wp/v2/pages&per_page=100&status=publish,draft`,
				{
					headers: {
						Authorization:
							'Basic ' +
							Buffer.from(
								`${ state.adminUser }:${ state.appPassword }`
							).toString( 'base64' ),
					},
				}
			)
		).json() ) as Array< { title: { rendered: string } } >;
		const titles = pages.map( ( page ) => page.title.rendered ).sort();
		expect(
			titles.filter( ( title ) => title === 'Sign up' )
		).toHaveLength( 1 );
		expect(
			titles.filter( ( title ) => title === 'My details' )
		).toHaveLength( 1 );
	}, 180000 );
} );
