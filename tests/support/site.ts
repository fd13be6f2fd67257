/**
 * The throwaway WordPress that `npm test` starts, and plain HTTP helpers for it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CookieJar, fetchWithCookies } from '../../src/api/cookieJar';

export interface TestSite {
	url: string;
	adminUser: string;
	adminPassword: string;
	appPassword: string;
}

export interface Credentials {
	user: string;
	password: string;
}

export function testSite(): TestSite {
	const file = process.env.USERS_TO_CONTACTS_TEST_SITE;
	if ( ! file ) {
		throw new Error(
			'No test site: run these tests through "npm test", which starts one.'
		);
	}
	return JSON.parse( readFileSync( file, 'utf8' ) ) as TestSite;
}

export function adminCredentials(): Credentials {
	const site = testSite();
	return { user: site.adminUser, password: site.appPassword };
}

const cookies = new CookieJar();

export interface RestResult< T = unknown > {
	status: number;
	body: T;
	headers: Headers;
}

/**
 * One REST request to a route such as `/users-to-contacts/v1/status`, with the admin's
 * application password unless `auth` says otherwise (`auth: null` sends no credentials).
 */
export async function rest< T = unknown >(
	path: string,
	options: {
		method?: string;
		body?: unknown;
		auth?: Credentials | null;
		query?: Record< string, string >;
	} = {}
): Promise< RestResult< T > > {
	const site = testSite();
	const auth = options.auth === undefined ? adminCredentials() : options.auth;
	const query = options.query
		? '&' + new URLSearchParams( options.query ).toString()
		: '';
	const headers: Record< string, string > = { Accept: 'application/json' };
	if ( auth ) {
		headers.Authorization =
			'Basic ' +
			Buffer.from( `${ auth.user }:${ auth.password }` ).toString(
				'base64'
			);
	}
	if ( options.body !== undefined ) {
		headers[ 'Content-Type' ] = 'application/json';
	}
	// The cookies a site sets are kept, as the CLI keeps them (a Playground site needs that).
	const response = await fetchWithCookies(
		`${ site.url }/?rest_route=${ encodeURIComponent( path ) }${ query }`,
		{
			method: options.method ?? 'GET',
			headers,
			body:
				options.body === undefined
					? null
					: JSON.stringify( options.body ),
		},
		cookies
	);
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse( text );
	} catch {}
	return {
		status: response.status,
		body: body as T,
		headers: response.headers,
	};
}

let userCounter = 0;

/**
 * Creates a user with a role and an application password; returns its credentials.
 */
export async function createUser(
	role: string,
	fields: Record< string, unknown > = {}
) {
	userCounter += 1;
	const login = `${ role }_${ Date.now().toString( 36 ) }_${ userCounter }`;
	const created = await rest< { id: number } >( '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email: `${ login }@example.com`,
			password: 'secret-password-123',
			roles: [ role ],
			...fields,
		},
	} );
	if ( created.status !== 201 ) {
		throw new Error(
			`Could not create a ${ role }: ${ JSON.stringify( created.body ) }`
		);
	}
	const id = created.body.id;
	const appPassword = await rest< { password: string } >(
		`/wp/v2/users/${ id }/application-passwords`,
		{
			method: 'POST',
			body: { name: 'tests' },
		}
	);
	if ( appPassword.status !== 201 ) {
		throw new Error(
			`Could not create an application password: ${ JSON.stringify( appPassword.body ) }`
		);
	}
	return {
		id,
		login,
		credentials: { user: login, password: appPassword.body.password },
	};
}

/**
 * Marks every waiting event processed (pending or failed), so a test sees only the events it
 * makes itself, not what earlier test files left behind.
 */
export function settleEvents(): void {
	runPhp(
		'global $wpdb; $wpdb->query( "UPDATE {$wpdb->prefix}utc_events SET processed_at = UTC_TIMESTAMP() WHERE processed_at IS NULL" );'
	);
}

/**
 * Runs PHP inside the test site's WordPress (for what has no HTTP route, such as adding user
 * meta no REST route exposes, or running the uninstaller as WordPress does). Returns stdout.
 *
 * @param code PHP statements, run after wp-load.php.
 */
export function runPhp( code: string ): string {
	const site = testSite() as TestSite & {
		wpDir: string;
		phpRoute?: string;
	};
	if ( site.phpRoute ) {
		return runPhpOverHttp( site, code );
	}
	const url = new URL( site.url );
	const script = [
		`$_SERVER['HTTP_HOST'] = ${ JSON.stringify( url.host ) };`,
		"$_SERVER['REQUEST_URI'] = '/';",
		`require ${ JSON.stringify( site.wpDir + '/wp-load.php' ) };`,
		code,
	].join( '\n' );
	const result = spawnSync( 'php', [ '-r', script ], { encoding: 'utf8' } );
	if ( result.status !== 0 ) {
		throw new Error( `PHP failed: ${ result.stdout }\n${ result.stderr }` );
	}
	return result.stdout;
}

/**
 * runPhp() on a site whose PHP runs inside its server (wp-env's Playground runtime, in
 * WebAssembly): the test stage gives that throwaway site a must-use plugin with an
 * administrators-only route that runs the code (scripts/test.mjs). Synchronous, as runPhp() is.
 */
function runPhpOverHttp(
	site: TestSite & { phpRoute?: string },
	code: string
): string {
	// A child Node process makes the request, so this stays synchronous (no curl needed).
	const request = `
		const [ url, authorization, code ] = JSON.parse( process.argv[ 1 ] );
		fetch( url, {
			method: 'POST',
			headers: {
				Authorization: authorization,
				Cookie: 'playground_auto_login_already_happened=1',
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { code } ),
		} ).then( async ( response ) => {
			process.stdout.write( response.status + '\\n' + ( await response.text() ) );
		} );`;
	const result = spawnSync(
		process.execPath,
		[
			'-e',
			request,
			JSON.stringify( [
				`${ site.url }/?rest_route=${ encodeURIComponent( site.phpRoute ?? '' ) }`,
				'Basic ' +
					Buffer.from(
						`${ site.adminUser }:${ site.appPassword }`
					).toString( 'base64' ),
				code,
			] ),
		],
		{ encoding: 'utf8' }
	);
	const [ status, ...lines ] = ( result.stdout ?? '' ).split( '\n' );
	const body = lines.join( '\n' );
	if ( result.status !== 0 || status !== '200' ) {
		throw new Error(
			`PHP failed (HTTP ${ status }): ${ body }${ result.stderr }`
		);
	}
	return ( JSON.parse( body ) as { output: string } ).output;
}
