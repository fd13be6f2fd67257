/**
 * The product's own engine and REST port (the built sidecar), driven here for two runs the
 * CLI has no command for:
 *   per-user N   Synchronize Users to Contacts one user per page (baseline (c): one round of
 *                requests per user), stopped after N users; prints the run's counts and cursor.
 *   resync       Update all synchronized users (what Settings' button runs), to the end.
 * Prints one JSON line.
 */
const path = require( 'node:path' );

const built = ( file ) =>
	require( path.join( __dirname, '..', '..', 'build', 'sidecar', file ) );
const { createFetchTransport } = built( 'api/fetchTransport.js' );
const { startOrResumeRun, updateRun } = built( 'api/sync.js' );
const { createRestSyncPort } = built( 'api/syncPort.js' );
const { runBatch } = built( 'engine/runner.js' );

async function main() {
	const [ mode, sample ] = process.argv.slice( 2 );
	const transport = createFetchTransport( {
		siteUrl: process.env.USERS_TO_CONTACTS_URL,
		user: process.env.USERS_TO_CONTACTS_USER,
		password: process.env.USERS_TO_CONTACTS_APP_PASSWORD,
	} );
	const port = createRestSyncPort( transport );
	const kind = mode === 'resync' ? 'resync_all' : 'sync_users';
	const { run } = await startOrResumeRun( transport, kind );
	let done = 0;
	const result = await runBatch( port, {
		runId: run.id,
		trigger: mode === 'resync' ? 'resync' : 'batch',
		pageSize: mode === 'resync' ? 5000 : 1,
		onProgress: ( progress ) => {
			done = progress.done;
		},
		shouldStop: () => mode === 'per-user' && done >= Number( sample ),
	} );
	const finished = await updateRun( transport, run.id, {
		status: result.stopped ? 'paused' : 'completed',
	} );
	process.stdout.write(
		JSON.stringify( {
			counts: result.counts,
			cursor: result.cursor,
			done: result.done,
			run: finished,
		} ) + '\n'
	);
}

main().catch( ( error ) => {
	process.stderr.write( `${ error.stack }\n` );
	process.exitCode = 1;
} );
