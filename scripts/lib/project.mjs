/**
 * Project-level steps shared by `npm start` and `npm test`: npm packages and the build.
 */
import {
	existsSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './site.mjs';

const BUILD_STAMP = path.join( PROJECT_ROOT, 'build', '.stamp' );
const BUILD_INPUTS = [
	'src',
	'webpack.config.js',
	'tsconfig.json',
	'tsconfig.sidecar.json',
	'package-lock.json',
];

function newestMtime( target ) {
	const stats = statSync( target );
	if ( ! stats.isDirectory() ) {
		return stats.mtimeMs;
	}
	let newest = stats.mtimeMs;
	for ( const entry of readdirSync( target ) ) {
		newest = Math.max( newest, newestMtime( path.join( target, entry ) ) );
	}
	return newest;
}

export function run( command, args, { cwd = PROJECT_ROOT, env } = {} ) {
	const result = spawnSync( command, args, {
		cwd,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`"${ command } ${ args.join( ' ' ) }" failed (exit code ${ result.status ?? result.signal }).`
		);
	}
}

/**
 * Why node_modules cannot be trusted, in words, or null when it looks complete. An install
 * stopped part way (Ctrl+C during a first `npm start`) leaves packages without their commands
 * (`wp-scripts: not found`), so besides npm's own record of a finished install
 * (node_modules/.package-lock.json, written last, not older than package-lock.json) every
 * package the project names must be there with every command it provides.
 *
 * @param {string} root The project folder.
 * @return {string|null} The problem, or null.
 */
export function nodeModulesProblem( root = PROJECT_ROOT ) {
	const finished = path.join( root, 'node_modules', '.package-lock.json' );
	if ( ! existsSync( finished ) ) {
		return 'no finished install';
	}
	const lock = path.join( root, 'package-lock.json' );
	if (
		existsSync( lock ) &&
		statSync( finished ).mtimeMs < statSync( lock ).mtimeMs
	) {
		return 'package-lock.json changed since the last install';
	}
	return missingPackage( root );
}

/**
 * The first package of package.json, or command of one, that node_modules lacks; null if none.
 *
 * @param {string} root The project folder.
 * @return {string|null} What is missing, or null.
 */
function missingPackage( root ) {
	const modules = path.join( root, 'node_modules' );
	const manifest = JSON.parse(
		readFileSync( path.join( root, 'package.json' ), 'utf8' )
	);
	const names = Object.keys( {
		...manifest.dependencies,
		...manifest.devDependencies,
	} );
	for ( const name of names ) {
		let installed;
		try {
			installed = JSON.parse(
				readFileSync(
					path.join( modules, name, 'package.json' ),
					'utf8'
				)
			);
		} catch {
			return `${ name } is missing`;
		}
		const commands =
			typeof installed.bin === 'string'
				? [ name.split( '/' ).pop() ]
				: Object.keys( installed.bin ?? {} );
		for ( const command of commands ) {
			// existsSync follows the link: a command whose file never arrived counts as missing.
			if ( ! existsSync( path.join( modules, '.bin', command ) ) ) {
				return `the ${ command } command of ${ name } is missing`;
			}
		}
	}
	return null;
}

/**
 * Installs npm packages when node_modules is missing, incomplete or older than the lock file.
 * When `npm install` does not repair an install left half done (it trusts the packages it
 * finds), node_modules is deleted and installed again from scratch.
 */
export function ensureNodeModules( log = console.log ) {
	const problem = nodeModulesProblem();
	if ( problem === null ) {
		return;
	}
	log( `Installing npm packages (${ problem })…` );
	// Not `npm ci`: it trips over optional platform packages missing from the lock (an npm bug).
	run( 'npm', [ 'install', '--no-audit', '--no-fund' ] );
	// After a successful install only what is missing counts (npm may leave its record's date
	// alone when it had nothing to do).
	const left = missingPackage( PROJECT_ROOT );
	if ( left === null ) {
		return;
	}
	log(
		`node_modules is still incomplete (${ left }): installing from scratch…`
	);
	rmSync( path.join( PROJECT_ROOT, 'node_modules' ), {
		recursive: true,
		force: true,
	} );
	run( 'npm', [ 'install', '--no-audit', '--no-fund' ] );
	const still = missingPackage( PROJECT_ROOT );
	if ( still !== null ) {
		throw new Error(
			`npm install left node_modules incomplete: ${ still }.`
		);
	}
}

/** Whether a source is newer than the last build (or there is none). */
function buildIsStale() {
	const newestInput = Math.max(
		...BUILD_INPUTS.filter( ( input ) =>
			existsSync( path.join( PROJECT_ROOT, input ) )
		).map( ( input ) => newestMtime( path.join( PROJECT_ROOT, input ) ) )
	);
	return (
		! existsSync( BUILD_STAMP ) ||
		statSync( BUILD_STAMP ).mtimeMs < newestInput
	);
}

/**
 * Builds the bundles and the sidecar when a source is newer than the last build.
 */
export function ensureBuild( log = console.log, { force = false } = {} ) {
	if ( ! force && ! buildIsStale() ) {
		return;
	}
	log( 'Building…' );
	run( 'npm', [ 'run', '--silent', 'build' ] );
	writeFileSync( BUILD_STAMP, new Date().toISOString() + '\n' );
}

/**
 * ensureBuild() without blocking, so something else (a WordPress starting) can run meanwhile.
 * The build's own output is kept and shown only when it fails.
 *
 * @return {Promise<boolean>} Whether it built (false: the build was current).
 */
export function ensureBuildInBackground( log = console.log ) {
	if ( ! buildIsStale() ) {
		return Promise.resolve( false );
	}
	log( 'Building the plugin in the background…' );
	return new Promise( ( resolve, reject ) => {
		const child = spawn( 'npm', [ 'run', '--silent', 'build' ], {
			cwd: PROJECT_ROOT,
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		let output = '';
		child.stdout.on( 'data', ( chunk ) => ( output += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( output += chunk ) );
		child.on( 'error', reject );
		child.on( 'exit', ( code ) => {
			if ( code !== 0 ) {
				reject(
					new Error(
						`"npm run build" failed (exit code ${ code }):\n${ output }`
					)
				);
				return;
			}
			writeFileSync( BUILD_STAMP, new Date().toISOString() + '\n' );
			resolve( true );
		} );
	} );
}
