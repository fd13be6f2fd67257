/**
 * An `npm install` stopped part way must not be trusted by `npm start` / `npm test`
 * (issue 8, finding 5): scripts/lib/project.mjs's nodeModulesProblem() on small made-up
 * project folders. (It is an ES module: asked through a node process.)
 */
import { spawnSync } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	rmSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PROJECT_MODULE = path.resolve(
	__dirname,
	'..',
	'..',
	'scripts',
	'lib',
	'project.mjs'
);

function problemOf( root: string ): string | null {
	const result = spawnSync(
		process.execPath,
		[
			'--input-type=module',
			'-e',
			`const { nodeModulesProblem } = await import( ${ JSON.stringify(
				PROJECT_MODULE
			) } ); console.log( JSON.stringify( nodeModulesProblem( ${ JSON.stringify(
				root
			) } ) ) );`,
		],
		{ encoding: 'utf8' }
	);
	if ( result.status !== 0 ) {
		throw new Error( result.stderr );
	}
	return JSON.parse( result.stdout ) as string | null;
}

/** A project needing `tool` (with a `tool` command), installed completely. */
function completeProject(): string {
	const root = mkdtempSync( path.join( os.tmpdir(), 'utc-install-' ) );
	const write = ( file: string, text: string ) => {
		mkdirSync( path.dirname( path.join( root, file ) ), {
			recursive: true,
		} );
		writeFileSync( path.join( root, file ), text );
	};
	write(
		'package.json',
		JSON.stringify( { devDependencies: { tool: '^1.0.0' } } )
	);
	write( 'package-lock.json', '{}' );
	write(
		'node_modules/tool/package.json',
		JSON.stringify( { name: 'tool', bin: { tool: 'cli.js' } } )
	);
	write( 'node_modules/tool/cli.js', '' );
	mkdirSync( path.join( root, 'node_modules', '.bin' ) );
	symlinkSync(
		'../tool/cli.js',
		path.join( root, 'node_modules', '.bin', 'tool' )
	);
	write( 'node_modules/.package-lock.json', '{}' );
	const past = new Date( Date.now() - 60000 );
	utimesSync( path.join( root, 'package-lock.json' ), past, past );
	return root;
}

describe( 'an interrupted npm install is noticed', () => {
	const roots: string[] = [];
	const project = () => {
		const root = completeProject();
		roots.push( root );
		return root;
	};
	afterAll( () =>
		roots.forEach( ( root ) =>
			rmSync( root, { recursive: true, force: true } )
		)
	);

	it( 'trusts a complete install', () => {
		expect( problemOf( project() ) ).toBeNull();
	} );

	it( 'notices that npm never finished (no node_modules/.package-lock.json)', () => {
		const root = project();
		rmSync( path.join( root, 'node_modules', '.package-lock.json' ) );
		expect( problemOf( root ) ).toBe( 'no finished install' );
	} );

	it( 'notices a lock file newer than the install', () => {
		const root = project();
		const now = new Date();
		utimesSync( path.join( root, 'package-lock.json' ), now, now );
		const past = new Date( Date.now() - 120000 );
		utimesSync(
			path.join( root, 'node_modules', '.package-lock.json' ),
			past,
			past
		);
		expect( problemOf( root ) ).toBe(
			'package-lock.json changed since the last install'
		);
	} );

	it( 'notices a package that never arrived', () => {
		const root = project();
		rmSync( path.join( root, 'node_modules', 'tool' ), {
			recursive: true,
		} );
		expect( problemOf( root ) ).toBe( 'tool is missing' );
	} );

	it( 'notices a command that was never linked (wp-scripts: not found)', () => {
		const root = project();
		rmSync( path.join( root, 'node_modules', '.bin', 'tool' ) );
		expect( problemOf( root ) ).toBe(
			'the tool command of tool is missing'
		);
	} );

	it( 'notices a command linked to a file that never arrived', () => {
		const root = project();
		rmSync( path.join( root, 'node_modules', 'tool', 'cli.js' ) );
		expect( problemOf( root ) ).toBe(
			'the tool command of tool is missing'
		);
	} );
} );
