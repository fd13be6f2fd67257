/**
 * `users-to-contacts <command>`: the Node sidecar on the same engine as the admin screens.
 */
import { getStatus } from '../api';
import { ApiError } from '../api/transport';
import { createFetchTransport } from '../api/fetchTransport';
import { UsageError, connectionOptions, parseFlags } from './options';

const USAGE = `Usage: users-to-contacts <command> [--url URL --user NAME --password APP_PASSWORD]

Commands:
  status    Check the connection and show the plugin and WordPress versions.

Connection flags can also come from USERS_TO_CONTACTS_URL, USERS_TO_CONTACTS_USER and
USERS_TO_CONTACTS_APP_PASSWORD (an application password from Users > Profile).`;

/** Explains a failed request in terms of what the person can fix. */
export function explainFailure( error: unknown, siteUrl: string ): string {
	if ( error instanceof ApiError ) {
		if ( error.code === 'rest_no_route' ) {
			return `${ siteUrl } answered, but Users to Contacts is not active there.`;
		}
		if ( error.status === 401 ) {
			return `${ siteUrl } refused the user name or application password (${ error.message }).`;
		}
		if ( error.status === 403 ) {
			return `That user may not manage contacts on ${ siteUrl }.`;
		}
		if ( error.code === 'users_to_contacts_unexpected_response' ) {
			return `${ siteUrl } does not look like a WordPress site (HTTP ${ error.status }).`;
		}
		return `${ siteUrl }: ${ error.message } (${ error.code }).`;
	}
	const message = error instanceof Error ? error.message : String( error );
	return `Could not reach ${ siteUrl }: ${ message }.`;
}

export async function main(
	args: string[],
	env: Record< string, string | undefined >
): Promise< number > {
	const { positional, flags } = parseFlags( args );
	const command = positional[ 0 ];
	if ( ! command || flags.has( 'help' ) ) {
		console.log( USAGE );
		return command ? 0 : 2;
	}
	let connection;
	try {
		connection = connectionOptions( flags, env );
	} catch ( error ) {
		if ( error instanceof UsageError ) {
			console.error( `${ error.message }\n\n${ USAGE }` );
			return 2;
		}
		throw error;
	}
	const transport = createFetchTransport( connection );
	try {
		switch ( command ) {
			case 'status': {
				const status = await getStatus( transport );
				if ( flags.has( 'json' ) ) {
					console.log( JSON.stringify( status ) );
				} else {
					console.log(
						`Connected to ${ connection.siteUrl } as ${ status.user.display_name }: Users to Contacts ${ status.plugin_version } on WordPress ${ status.wordpress_version }, PHP ${ status.php_version }.`
					);
				}
				return 0;
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
