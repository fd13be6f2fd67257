#!/usr/bin/env node
/**
 * `php -l` over every PHP file the project writes: the plugin (plugin.php, uninstall.php,
 * includes/), the local-site helpers (scripts/wp/) and the project's own sniffs (scripts/phpcs/).
 * Prints each file that fails with PHP's message and exits 1; phpcs (phpcs.xml.dist) checks the
 * style of the plugin's files afterwards.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const SOURCES = [
	'plugin.php',
	'uninstall.php',
	'includes',
	'scripts/wp',
	'scripts/phpcs',
];

function phpFiles( relative ) {
	if ( relative.endsWith( '.php' ) ) {
		return [ relative ];
	}
	return readdirSync( path.join( ROOT, relative ), {
		withFileTypes: true,
	} ).flatMap( ( entry ) => {
		const child = path.join( relative, entry.name );
		if ( entry.isDirectory() ) {
			return phpFiles( child );
		}
		return entry.name.endsWith( '.php' ) ? [ child ] : [];
	} );
}

const files = SOURCES.flatMap( phpFiles );
const failures = [];
for ( const file of files ) {
	// One file per run: `php -l` checks only the first file it is given.
	const result = spawnSync( 'php', [ '-l', file ], {
		cwd: ROOT,
		encoding: 'utf8',
	} );
	if ( result.status !== 0 ) {
		const message = `${ result.stdout }${ result.stderr }`
			.split( '\n' )
			.filter(
				( line ) => line.trim() && ! line.startsWith( 'Errors parsing' )
			)
			.join( '\n' );
		failures.push(
			`${ file }:\n${ message || result.error?.message || 'php -l failed' }`
		);
	}
}

if ( failures.length ) {
	console.error( failures.join( '\n\n' ) );
	console.error(
		`\n${ failures.length } of ${ files.length } PHP files do not parse.`
	);
	process.exitCode = 1;
} else {
	console.log( `${ files.length } PHP files parse.` );
}
