#!/usr/bin/env node
/**
 * `npm run plugin-zip`: users-to-contacts.zip, installable from Plugins › Add New › Upload.
 *
 * The zip holds one folder, `users-to-contacts/` (so WordPress installs it under the plugin's
 * slug), with every project file that .distignore lets through, as `wp dist-archive` would:
 * plugin.php, uninstall.php, readme.txt, includes/, languages/ and the built bundles. It builds
 * first when a source is newer than the build.
 *
 * Not `wp-scripts plugin-zip`: without package.json `files` it looks for users-to-contacts.php
 * (ours is plugin.php), and with `files` npm adds package.json, README.md and the CLI.
 *
 * `--output <file>` writes the zip elsewhere; `--no-build` zips the build as it is (the
 * integration test uses both: npm test builds before the suites run).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { ensureBuild } from './lib/project.mjs';
import { PROJECT_ROOT } from './lib/site.mjs';

const SLUG = 'users-to-contacts';

/** One .distignore line as a test on a project-relative path ("a/b.php"). */
function ignoreRule( line ) {
	const directoryOnly = line.endsWith( '/' );
	const pattern = line.replace( /\/$/, '' );
	// Like .gitignore: a slash in the pattern anchors it to the project folder; otherwise it
	// matches a file or folder name at any depth.
	const anchored = pattern.includes( '/' );
	const source = pattern
		.replace( /^\//, '' )
		.split( '' )
		.map( ( char ) => {
			if ( char === '*' ) {
				return '[^/]*';
			}
			if ( char === '?' ) {
				return '[^/]';
			}
			return char.replace( /[.+^${}()|[\]\\]/, '\\$&' );
		} )
		.join( '' );
	const regex = new RegExp( `^${ source }$` );
	return ( relative, isDirectory ) => {
		if ( directoryOnly && ! isDirectory ) {
			return false;
		}
		return regex.test(
			anchored ? relative : path.posix.basename( relative )
		);
	};
}

function readIgnoreRules() {
	return readFileSync( path.join( PROJECT_ROOT, '.distignore' ), 'utf8' )
		.split( '\n' )
		.map( ( line ) => line.trim() )
		.filter( ( line ) => line && ! line.startsWith( '#' ) )
		.map( ignoreRule );
}

/** Project-relative paths of the files that go into the zip, sorted. */
function pluginFiles() {
	const rules = readIgnoreRules();
	const files = [];
	const walk = ( relativeDir ) => {
		for ( const entry of readdirSync(
			path.join( PROJECT_ROOT, relativeDir ),
			{
				withFileTypes: true,
			}
		) ) {
			const relative = path.posix.join( relativeDir, entry.name );
			const isDirectory = statSync(
				path.join( PROJECT_ROOT, relative )
			).isDirectory();
			if (
				rules.some( ( ignores ) => ignores( relative, isDirectory ) )
			) {
				continue;
			}
			if ( isDirectory ) {
				walk( relative );
			} else {
				files.push( relative );
			}
		}
	};
	walk( '' );
	return files.sort();
}

/** Every bundle PHP enqueues (build/NAME.asset.php) must have its script beside it. */
function assertBundlesBuilt( files ) {
	const assets = files.filter( ( file ) =>
		/^build\/[^/]+\.asset\.php$/.test( file )
	);
	const missing = assets
		.map( ( asset ) => asset.replace( /\.asset\.php$/, '.js' ) )
		.filter( ( script ) => ! files.includes( script ) );
	if ( assets.length === 0 || missing.length > 0 ) {
		throw new Error(
			`The zip needs the built bundles (${ missing.join( ', ' ) || 'build/*.asset.php' } missing): run "npm run build".`
		);
	}
}

function outputFromArgs( args ) {
	const index = args.indexOf( '--output' );
	if ( index < 0 ) {
		return path.join( PROJECT_ROOT, `${ SLUG }.zip` );
	}
	if ( ! args[ index + 1 ] ) {
		throw new Error( '--output needs a file name.' );
	}
	return path.resolve( args[ index + 1 ] );
}

function main() {
	const args = process.argv.slice( 2 );
	const output = outputFromArgs( args );
	if ( ! args.includes( '--no-build' ) ) {
		ensureBuild();
	}
	const files = pluginFiles();
	assertBundlesBuilt( files );
	const zip = new AdmZip();
	for ( const file of files ) {
		const source = path.join( PROJECT_ROOT, file );
		zip.addFile(
			`${ SLUG }/${ file }`,
			readFileSync( source ),
			'',
			statSync( source )
		);
	}
	zip.writeZip( output );
	const kilobytes = ( statSync( output ).size / 1024 ).toFixed( 1 );
	const shown = path.relative( process.cwd(), output );
	console.log(
		`${ shown.startsWith( '..' ) ? output : shown }: ${ files.length } files in ${ SLUG }/, ${ kilobytes } KB.`
	);
}

try {
	main();
} catch ( error ) {
	console.error( `Error: ${ error.message }` );
	process.exitCode = 1;
}
