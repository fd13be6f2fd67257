/**
 * `users-to-contacts <command>`: the Node sidecar on the same engine as the admin screens.
 */
import { getStatus } from '../api';
import { ApiError } from '../api/transport';
import { createFetchTransport } from '../api/fetchTransport';
import { UsageError, connectionOptions, parseCommandLine } from './options';
import { explainFailure } from './errors';
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
	const transport = createFetchTransport( connection );
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
				return await watchCommand( transport, {
					signal: controller.signal,
					idleMs:
						Number.isFinite( idleMs ) && idleMs > 0 ? idleMs : 250,
					log,
				} );
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
				await getStatus( transport );
				let stopRequested = false;
				const stop = () => {
					stopRequested = true;
					process.stderr.write(
						'\nStopping after the current page…\n'
					);
				};
				process.once( 'SIGINT', stop );
				process.once( 'SIGTERM', stop );
				return await syncCommand( transport, {
					dryRun: flags[ 'dry-run' ] === true,
					json: flags.json === true,
					pageSize,
					progress: {
						write: ( text ) => process.stderr.write( text ),
						isTTY: Boolean( process.stderr.isTTY ),
					},
					out: ( line ) => console.log( line ),
					stopRequested: () => stopRequested,
				} );
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
