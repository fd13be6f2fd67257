#!/usr/bin/env node
/**
 * `npm run make-pot`: languages/users-to-contacts.pot, the translation template, from the
 * translatable strings of the PHP (plugin.php, uninstall.php, includes/) and of the TypeScript
 * in src/ (`@wordpress/i18n`).
 *
 * GNU xgettext (Debian's gettext) reads the PHP. It cannot read TypeScript or JSX, so each
 * TypeScript file is first turned into plain JavaScript with TypeScript's transpileModule, in a
 * temp folder under the same relative path, so the references still name the sources.
 *
 * References name the file without a line number and the header carries no creation date, so
 * the file changes only when the strings do. `--check` writes nothing and fails when the
 * committed file is out of date (npm test runs it).
 */
import { spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from './lib/site.mjs';

const POT_FILE = path.join( 'languages', 'users-to-contacts.pot' );
const TEXT_DOMAIN = 'users-to-contacts';

// WordPress's translation functions: which arguments are the string, its plural and its context.
const PHP_KEYWORDS = [
	'__',
	'_e',
	'esc_html__',
	'esc_attr__',
	'esc_html_e',
	'esc_attr_e',
	'_x:1,2c',
	'_ex:1,2c',
	'esc_html_x:1,2c',
	'esc_attr_x:1,2c',
	'_n:1,2',
	'_nx:1,2,4c',
	'_n_noop:1,2',
	'_nx_noop:1,2,3c',
];
const JS_KEYWORDS = [ '__', '_x:1,2c', '_n:1,2', '_nx:1,2,4c' ];

/** Project-relative paths under `dir` whose names match `pattern`, sorted. */
function filesUnder( dir, pattern ) {
	return readdirSync( path.join( PROJECT_ROOT, dir ), {
		recursive: true,
		withFileTypes: true,
	} )
		.filter( ( entry ) => entry.isFile() && pattern.test( entry.name ) )
		.map( ( entry ) =>
			path.posix.join(
				path.relative( PROJECT_ROOT, entry.parentPath ?? entry.path ),
				entry.name
			)
		)
		.sort();
}

function xgettext( args, cwd ) {
	const result = spawnSync( 'xgettext', args, { cwd, encoding: 'utf8' } );
	if ( result.error?.code === 'ENOENT' ) {
		throw new Error(
			'xgettext is missing: install Debian\'s gettext ("apt-get install -y gettext").'
		);
	}
	if ( result.status !== 0 ) {
		throw new Error( `xgettext failed:\n${ result.stderr }` );
	}
}

const keywordArgs = ( keywords ) => [
	// An empty --keyword drops xgettext's own defaults (gettext(), _()).
	'--keyword',
	...keywords.map( ( keyword ) => `--keyword=${ keyword }` ),
];

/** The header: no creation date, so regenerating changes nothing until a string changes. */
function header() {
	const { version } = JSON.parse(
		readFileSync( path.join( PROJECT_ROOT, 'package.json' ), 'utf8' )
	);
	return [
		'# Copyright (C) Users to Contacts contributors',
		'# This file is distributed under the GPL-2.0-or-later.',
		'msgid ""',
		'msgstr ""',
		`"Project-Id-Version: Users to Contacts ${ version }\\n"`,
		'"Report-Msgid-Bugs-To: \\n"',
		'"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
		'"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
		'"Language-Team: LANGUAGE <LL@li.org>\\n"',
		'"MIME-Version: 1.0\\n"',
		'"Content-Type: text/plain; charset=UTF-8\\n"',
		'"Content-Transfer-Encoding: 8bit\\n"',
		`"X-Domain: ${ TEXT_DOMAIN }\\n"`,
	].join( '\n' );
}

/** The translatable plugin.php headers as PHP that xgettext reads: one `__()` each. */
function pluginHeaderStrings() {
	const source = readFileSync(
		path.join( PROJECT_ROOT, 'plugin.php' ),
		'utf8'
	);
	const lines = [ '<?php' ];
	for ( const name of [ 'Plugin Name', 'Description', 'Author' ] ) {
		const value = source.match(
			new RegExp( `^\\s*\\*\\s*${ name }:\\s*(.+)$`, 'm' )
		)?.[ 1 ];
		if ( value ) {
			const quoted = value.trim().replace( /[\\']/g, '\\$&' );
			lines.push( `// ${ name } of the plugin`, `__( '${ quoted }' );` );
		}
	}
	return lines.join( '\n' ) + '\n';
}

/**
 * A block.json's translatable fields as PHP that xgettext reads, with the contexts WordPress
 * translates them in (register_block_type() reads them with these contexts).
 *
 * @param {string} file Project-relative path of the block.json.
 */
function blockJsonStrings( file ) {
	const block = JSON.parse(
		readFileSync( path.join( PROJECT_ROOT, file ), 'utf8' )
	);
	const quote = ( text ) =>
		`'${ String( text ).replace( /[\\']/g, '\\$&' ) }'`;
	const lines = [ '<?php' ];
	if ( block.title ) {
		lines.push( `_x( ${ quote( block.title ) }, 'block title' );` );
	}
	if ( block.description ) {
		lines.push(
			`_x( ${ quote( block.description ) }, 'block description' );`
		);
	}
	for ( const keyword of block.keywords ?? [] ) {
		lines.push( `_x( ${ quote( keyword ) }, 'block keyword' );` );
	}
	return lines.join( '\n' ) + '\n';
}

/** The template's text, made in a temp folder. */
function makePot() {
	const temp = mkdtempSync( path.join( os.tmpdir(), 'utc-pot-' ) );
	try {
		const output = path.join( temp, 'messages.pot' );
		const common = [
			'--from-code=UTF-8',
			'--add-comments=translators:',
			'--add-location=file',
			'--sort-by-file',
			'--no-wrap',
			'--force-po',
			`--output=${ output }`,
		];
		const phpFiles = [
			'plugin.php',
			'uninstall.php',
			...filesUnder( 'includes', /\.php$/ ),
		];
		xgettext(
			[
				'--language=PHP',
				...common,
				...keywordArgs( PHP_KEYWORDS ),
				...phpFiles,
			],
			PROJECT_ROOT
		);

		// WordPress translates these plugin.php headers on the Plugins screen.
		const headerRoot = path.join( temp, 'headers' );
		mkdirSync( headerRoot );
		writeFileSync(
			path.join( headerRoot, 'plugin.php' ),
			pluginHeaderStrings()
		);
		xgettext(
			[
				'--language=PHP',
				'--join-existing',
				...common,
				'--add-comments',
				...keywordArgs( [ '__' ] ),
				'plugin.php',
			],
			headerRoot
		);

		// The blocks' titles, descriptions and keywords, under their block.json paths.
		const blockRoot = path.join( temp, 'blocks' );
		const blockFiles = filesUnder( 'includes', /^block\.json$/ );
		for ( const file of blockFiles ) {
			mkdirSync( path.join( blockRoot, path.dirname( file ) ), {
				recursive: true,
			} );
			writeFileSync(
				path.join( blockRoot, file ),
				blockJsonStrings( file )
			);
		}
		if ( blockFiles.length > 0 ) {
			xgettext(
				[
					'--language=PHP',
					'--join-existing',
					...common,
					...keywordArgs( [ '_x:1,2c' ] ),
					...blockFiles,
				],
				blockRoot
			);
		}

		const scriptRoot = path.join( temp, 'scripts' );
		const scriptFiles = filesUnder( 'src', /(?<!\.d)\.tsx?$/ );
		for ( const file of scriptFiles ) {
			const { outputText } = ts.transpileModule(
				readFileSync( path.join( PROJECT_ROOT, file ), 'utf8' ),
				{
					fileName: file,
					compilerOptions: {
						target: ts.ScriptTarget.ES2022,
						module: ts.ModuleKind.ESNext,
						// createElement calls: xgettext 0.21 does not read JSX.
						jsx: ts.JsxEmit.React,
					},
				}
			);
			mkdirSync( path.join( scriptRoot, path.dirname( file ) ), {
				recursive: true,
			} );
			writeFileSync( path.join( scriptRoot, file ), outputText );
		}
		xgettext(
			[
				'--language=JavaScript',
				'--join-existing',
				...common,
				...keywordArgs( JS_KEYWORDS ),
				...scriptFiles,
			],
			scriptRoot
		);

		const generated = readFileSync( output, 'utf8' );
		// xgettext's header entry ends at the first blank line.
		const body = generated.slice( generated.indexOf( '\n\n' ) );
		return header() + body;
	} finally {
		rmSync( temp, { recursive: true, force: true } );
	}
}

function main() {
	const target = path.join( PROJECT_ROOT, POT_FILE );
	const pot = makePot();
	const strings = ( pot.match( /^msgid "/gm ) ?? [] ).length - 1;
	if ( process.argv.includes( '--check' ) ) {
		const current = existsSync( target )
			? readFileSync( target, 'utf8' )
			: '';
		if ( current !== pot ) {
			throw new Error(
				`${ POT_FILE } is out of date with the strings in the code: run "npm run make-pot" and commit it.`
			);
		}
		console.log( `${ POT_FILE } is up to date (${ strings } strings).` );
		return;
	}
	mkdirSync( path.dirname( target ), { recursive: true } );
	writeFileSync( target, pot );
	console.log( `Wrote ${ POT_FILE } (${ strings } strings).` );
}

try {
	main();
} catch ( error ) {
	console.error( `Error: ${ error.message }` );
	process.exitCode = 1;
}
