/**
 * Where the sidecar connects: flags first, then environment variables.
 */

export interface ConnectionOptions {
	siteUrl: string;
	user: string;
	password: string;
}

export class UsageError extends Error {}

/** Reads `--name value` and `--name=value` flags. */
export function parseFlags( args: string[] ): {
	positional: string[];
	flags: Map< string, string | true >;
} {
	const positional: string[] = [];
	const flags = new Map< string, string | true >();
	for ( let index = 0; index < args.length; index++ ) {
		const arg = args[ index ] ?? '';
		if ( ! arg.startsWith( '--' ) ) {
			positional.push( arg );
			continue;
		}
		const [ name = '', inline ] = arg.slice( 2 ).split( /=(.*)/s );
		const next = args[ index + 1 ];
		if ( inline !== undefined ) {
			flags.set( name, inline );
		} else if ( next !== undefined && ! next.startsWith( '--' ) ) {
			flags.set( name, next );
			index++;
		} else {
			flags.set( name, true );
		}
	}
	return { positional, flags };
}

export function connectionOptions(
	flags: Map< string, string | true >,
	env: Record< string, string | undefined >
): ConnectionOptions {
	const read = ( flag: string, variable: string ): string => {
		const value = flags.get( flag );
		return typeof value === 'string' ? value : ( env[ variable ] ?? '' );
	};
	const siteUrl = read( 'url', 'USERS_TO_CONTACTS_URL' );
	const user = read( 'user', 'USERS_TO_CONTACTS_USER' );
	const password = read( 'password', 'USERS_TO_CONTACTS_APP_PASSWORD' );
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
