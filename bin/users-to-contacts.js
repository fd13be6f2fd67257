#!/usr/bin/env -S node --max-semi-space-size=1 --max-old-space-size=128
/**
 * The sidecar CLI; its code is compiled from src/sidecar by `npm run build`.
 *
 * sync streams pages of thousands of users: it makes garbage fast while its live heap stays
 * small (a page or two; a dry run's plans and the skipped users are written as they come), so
 * V8's heap limits are set for that (bench/sync.mjs, issue 13).
 * --max-semi-space-size=1: the default 16 MB young generation let the peak memory reach 177 MB
 * at 100,000 users; 1 MB semi-spaces kept it near 145-155 MB at no measurable cost in time.
 * --max-old-space-size=128: without a limit V8 lets garbage pile up to 150-157 MB at 100,000
 * users and past 160 MB at 1,000,000; with it, 102-110 MB, for about 0.5 s more of Node's CPU
 * per 100,000 users (2.2 s to 2.7 s; the run takes about 20 s, most of it in PHP).
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
