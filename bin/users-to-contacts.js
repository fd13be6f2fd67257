#!/usr/bin/env node
/**
 * The sidecar CLI; its code is compiled from src/sidecar by `npm run build`.
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
