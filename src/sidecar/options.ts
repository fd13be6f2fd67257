/**
 * The command line (node:util parseArgs), and where the sidecar connects: flags first, then
 * environment variables.
 */
import { parseArgs } from 'node:util';

export interface ConnectionOptions {
	siteUrl: string;
	user: string;
	password: string;
}

export class UsageError extends Error {}

/** Every flag the commands take; anything else is refused, so a mistyped flag never goes unnoticed. */
const FLAGS = {
	url: { type: 'string' },
	user: { type: 'string' },
	password: { type: 'string' },
	json: { type: 'boolean' },
	'dry-run': { type: 'boolean' },
	'page-size': { type: 'string' },
	'idle-ms': { type: 'string' },
	'wait-minutes': { type: 'string' },
	help: { type: 'boolean' },
} as const;

function parse( args: string[] ) {
	return parseArgs( {
		args,
		options: FLAGS,
		allowPositionals: true,
		strict: true,
	} );
}

export type Flags = ReturnType< typeof parse >[ 'values' ];

/** Reads `--name value` and `--name=value` flags, and the command. */
export function parseCommandLine( args: string[] ): {
	positional: string[];
	flags: Flags;
} {
	try {
		const { positionals, values } = parse( args );
		return { positional: positionals, flags: values };
	} catch ( error ) {
		// parseArgs names the flag in its first sentence ("Unknown option '--dryrun'."); the rest
		// is about positionals starting with a dash, which no command takes.
		const message = String( ( error as { message?: unknown } ).message );
		throw new UsageError( message.replace( /\.\s.*$/s, '.' ) );
	}
}

export function connectionOptions(
	flags: Pick< Flags, 'url' | 'user' | 'password' >,
	env: Record< string, string | undefined >
): ConnectionOptions {
	const siteUrl = flags.url ?? env.USERS_TO_CONTACTS_URL ?? '';
	const user = flags.user ?? env.USERS_TO_CONTACTS_USER ?? '';
	const password = flags.password ?? env.USERS_TO_CONTACTS_APP_PASSWORD ?? '';
	const missing = [
		! siteUrl && '--url (or USERS_TO_CONTACTS_URL)',
		! user && '--user (or USERS_TO_CONTACTS_USER)',
		! password && '--password (or USERS_TO_CONTACTS_APP_PASSWORD)',
	].filter( Boolean );
	if ( missing.length > 0 ) {
		throw new UsageError( `Missing ${ missing.join( ', ' ) }.` );
	}
	let parsed: URL;
	try {
		parsed = new URL( siteUrl );
	} catch {
		throw new UsageError(
			`"${ siteUrl }" is not a URL. Give the site address, such as http://127.0.0.1:8888.`
		);
	}
	if ( parsed.protocol !== 'http:' && parsed.protocol !== 'https:' ) {
		throw new UsageError( `"${ siteUrl }" is not an http(s) address.` );
	}
	return { siteUrl: parsed.toString().replace( /\/+$/, '' ), user, password };
}
