/**
 * `users-to-contacts <command>`: the Node sidecar on the same engine as the admin screens.
 */
import { getStatus } from '../api';
import { ApiError } from '../api/transport';
import { createFetchTransport } from '../api/fetchTransport';
import { UsageError, connectionOptions, parseCommandLine } from './options';
import { withRetries } from '../api/retry';
import type { RetryOptions } from '../api/retry';
import { duration, explainFailure, retryMessage } from './errors';
import { syncCommand } from './syncCommand';
import { watchCommand } from './watchCommand';

const USAGE = `Usage: users-to-contacts <command> [--url URL --user NAME --password APP_PASSWORD]

Commands:
  status    Check the connection and show the plugin and WordPress versions.
  watch     Process events as they happen (registrations, logins, profile changes, deletions)
            until stopped with Ctrl+C or SIGTERM. --idle-ms N: pause between polls (250).
  sync      Synchronize Users to Contacts: check every user, link or create contacts.
            --dry-run: show what would happen, write nothing. --json: machine-readable output.
            --page-size N: users per request (5000, the most a request takes). Interrupted runs resume where they stopped.

watch and sync wait while the site or its database does not answer, retrying with backoff;
--wait-minutes N: how long before they give up (10; 0 never waits). watch then keeps trying on
its own schedule; sync exits 1 and its run resumes when sync is started again.

Connection flags can also come from USERS_TO_CONTACTS_URL, USERS_TO_CONTACTS_USER and
USERS_TO_CONTACTS_APP_PASSWORD (an application password from Users > Profile).`;

export async function main(
	args: string[],
	env: Record< string, string | undefined >
): Promise< number > {
	const usageMistake = ( error: unknown ): number => {
		if ( error instanceof UsageError ) {
			console.error( `${ error.message }\n\n${ USAGE }` );
			return 2;
		}
		throw error;
	};
	let commandLine;
	try {
		commandLine = parseCommandLine( args );
	} catch ( error ) {
		return usageMistake( error );
	}
	const { flags } = commandLine;
	const command = commandLine.positional[ 0 ];
	if ( ! command || flags.help ) {
		console.log( USAGE );
		return command ? 0 : 2;
	}
	let connection;
	try {
		connection = connectionOptions( flags, env );
	} catch ( error ) {
		return usageMistake( error );
	}
	const waitMinutes = Number( flags[ 'wait-minutes' ] ?? 10 );
	if ( ! Number.isFinite( waitMinutes ) || waitMinutes < 0 ) {
		console.error(
			'--wait-minutes must be a number of minutes, 0 or more.'
		);
		return 2;
	}
	const transport = createFetchTransport( connection );
	/** The transport for a runner's work: it waits out outages, saying so through `say`. */
	const waitingTransport = (
		say: ( line: string ) => void,
		signal: NonNullable< RetryOptions[ 'signal' ] >
	) =>
		withRetries( transport, {
			maxWaitMs: waitMinutes * 60000,
			signal,
			onRetry: ( notice ) =>
				say( retryMessage( notice, connection.siteUrl ) ),
			onRecovered: ( outage ) =>
				say(
					`Connected again. The site answered after ${ duration(
						outage.waitedMs
					) } and ${ outage.retries } ${
						outage.retries === 1 ? 'retry' : 'retries'
					}.`
				),
		} );
	try {
		switch ( command ) {
			case 'status': {
				const status = await getStatus( transport );
				if ( flags.json ) {
					console.log( JSON.stringify( status ) );
				} else {
					console.log(
						`Connected to ${ connection.siteUrl } as ${ status.user.display_name }: Users to Contacts ${ status.plugin_version } on WordPress ${ status.wordpress_version }, PHP ${ status.php_version }.`
					);
				}
				return 0;
			}
			case 'watch': {
				const log = ( line: string ) =>
					console.log( `[${ new Date().toISOString() }] ${ line }` );
				try {
					await getStatus( transport );
				} catch ( error ) {
					// A site that answers "no" (wrong password, no plugin) will not change its mind:
					// say so and stop. One that does not answer yet may be starting: keep trying.
					if ( error instanceof ApiError ) {
						throw error;
					}
					log(
						`${ explainFailure( error, connection.siteUrl ) } Retrying until it answers.`
					);
				}
				const controller = new AbortController();
				const stop = () => controller.abort();
				process.once( 'SIGINT', stop );
				process.once( 'SIGTERM', stop );
				const idleMs = Number( flags[ 'idle-ms' ] ?? 250 );
				return await watchCommand(
					waitingTransport( log, controller.signal ),
					{
						signal: controller.signal,
						idleMs:
							Number.isFinite( idleMs ) && idleMs > 0
								? idleMs
								: 250,
						log,
					}
				);
			}
			case 'sync': {
				const pageSize = Number( flags[ 'page-size' ] ?? 5000 );
				if (
					! Number.isInteger( pageSize ) ||
					pageSize < 1 ||
					pageSize > 5000
				) {
					console.error(
						'--page-size must be a whole number from 1 to 5000.'
					);
					return 2;
				}
				// A wrong address or password fails at once; an outage later in the run is waited out.
				await getStatus( transport );
				let stopRequested = false;
				const controller = new AbortController();
				const stop = () => {
					stopRequested = true;
					// Stopping also ends a wait for the site: the run resumes later from its cursor.
					controller.abort();
					process.stderr.write(
						'\nStopping after the current page…\n'
					);
				};
				process.once( 'SIGINT', stop );
				process.once( 'SIGTERM', stop );
				const say = ( line: string ) =>
					process.stderr.write(
						`${ process.stderr.isTTY ? '\n' : '' }${ line }\n`
					);
				return await syncCommand(
					waitingTransport( say, controller.signal ),
					{
						siteUrl: connection.siteUrl,
						dryRun: flags[ 'dry-run' ] === true,
						json: flags.json === true,
						pageSize,
						progress: {
							write: ( text ) => process.stderr.write( text ),
							isTTY: Boolean( process.stderr.isTTY ),
						},
						out: ( line ) => console.log( line ),
						write: ( text ) => process.stdout.write( text ),
						stopRequested: () => stopRequested,
					}
				);
			}
			default:
				console.error(
					`Unknown command "${ command }".\n\n${ USAGE }`
				);
				return 2;
		}
	} catch ( error ) {
		console.error( explainFailure( error, connection.siteUrl ) );
		return 1;
	}
}
