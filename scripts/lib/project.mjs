/**
 * Project-level steps shared by `npm start` and `npm test`: npm packages and the build.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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
 * Installs npm packages when node_modules is missing or older than the lock file.
 */
export function ensureNodeModules( log = console.log ) {
	const marker = path.join(
		PROJECT_ROOT,
		'node_modules',
		'.package-lock.json'
	);
	const lock = path.join( PROJECT_ROOT, 'package-lock.json' );
	if (
		existsSync( marker ) &&
		( ! existsSync( lock ) ||
			statSync( marker ).mtimeMs >= statSync( lock ).mtimeMs )
	) {
		return;
	}
	log( 'Installing npm packages…' );
	// Not `npm ci`: it trips over optional platform packages missing from the lock (an npm bug).
	run( 'npm', [ 'install', '--no-audit', '--no-fund' ] );
}

/**
 * Builds the bundles and the sidecar when a source is newer than the last build.
 */
export function ensureBuild( log = console.log, { force = false } = {} ) {
	const newestInput = Math.max(
		...BUILD_INPUTS.filter( ( input ) =>
			existsSync( path.join( PROJECT_ROOT, input ) )
		).map( ( input ) => newestMtime( path.join( PROJECT_ROOT, input ) ) )
	);
	if (
		! force &&
		existsSync( BUILD_STAMP ) &&
		statSync( BUILD_STAMP ).mtimeMs >= newestInput
	) {
		return;
	}
	log( 'Building…' );
	run( 'npm', [ 'run', '--silent', 'build' ] );
	writeFileSync( BUILD_STAMP, new Date().toISOString() + '\n' );
}
