#!/usr/bin/env -S node --max-semi-space-size=1
/**
 * The sidecar CLI; its code is compiled from src/sidecar by `npm run build`.
 *
 * --max-semi-space-size=1: sync streams pages of thousands of users, so it makes garbage fast
 * while its live heap stays small; V8's default 16 MB young generation let the peak memory
 * reach 177 MB at 100,000 users, 1 MB semi-spaces keep it near 145 MB at no measurable cost in
 * time (bench/sync.mjs, issue 13).
 */
const path = require( 'path' );
const fs = require( 'fs' );

const entry = path.join(
	__dirname,
	'..',
	'build',
	'sidecar',
	'sidecar',
	'cli.js'
);
if ( ! fs.existsSync( entry ) ) {
	console.error( 'The sidecar is not built yet: run "npm run build" first.' );
	process.exit( 1 );
}
require( entry )
	.main( process.argv.slice( 2 ), process.env )
	.then( ( code ) => {
		process.exitCode = code;
	} );
