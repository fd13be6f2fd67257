/**
 * What a person does in a browser, over plain HTTP: register through wp-login.php, log in.
 */
import { rest, testSite } from './site';

/** Registers through the real form (wp-login.php?action=register); returns the new user's id. */
export async function registerThroughForm(
	login: string,
	email: string
): Promise< number > {
	const site = testSite();
	const response = await fetch(
		`${ site.url }/wp-login.php?action=register`,
		{
			method: 'POST',
			redirect: 'manual',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams( {
				user_login: login,
				user_email: email,
				'wp-submit': 'Register',
				redirect_to: '',
			} ),
		}
	);
	if (
		response.status !== 302 ||
		! ( response.headers.get( 'location' ) ?? '' ).includes(
			'checkemail=registered'
		)
	) {
		throw new Error(
			`Registration of ${ login } failed: HTTP ${ response.status } ${ ( await response.text() ).slice( 0, 300 ) }`
		);
	}
	return userIdOf( login );
}

/** The id of a user, by login (as the admin). */
export async function userIdOf( login: string ): Promise< number > {
	const found = await rest< Array< { id: number; username: string } > >(
		'/wp/v2/users',
		{
			query: { search: login, context: 'edit', per_page: '100' },
		}
	);
	const user = found.body.find(
		( candidate ) => candidate.username === login
	);
	if ( ! user ) {
		throw new Error( `No user ${ login }` );
	}
	return user.id;
}

/** Logs in through the real form (wp-login.php), as a browser does; returns the cookies. */
export async function logInThroughForm(
	login: string,
	password: string
): Promise< string > {
	const site = testSite();
	const response = await fetch( `${ site.url }/wp-login.php`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
		},
		body: new URLSearchParams( {
			log: login,
			pwd: password,
			'wp-submit': 'Log In',
			testcookie: '1',
			redirect_to: `${ site.url }/wp-admin/`,
		} ),
	} );
	const cookies = response.headers
		.getSetCookie()
		.map( ( cookie ) => cookie.split( ';' )[ 0 ] );
	if (
		response.status !== 302 ||
		! cookies.some( ( cookie ) =>
			cookie?.startsWith( 'wordpress_logged_in_' )
		)
	) {
		throw new Error(
			`Login of ${ login } failed: HTTP ${ response.status }`
		);
	}
	return cookies.join( '; ' );
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually< T >(
	check: () => Promise< T | undefined >,
	timeoutMs: number,
	what: string
): Promise< { value: T; ms: number } > {
	const began = Date.now();
	for (;;) {
		const value = await check();
		if ( value !== undefined ) {
			return { value, ms: Date.now() - began };
		}
		if ( Date.now() - began > timeoutMs ) {
			throw new Error(
				`${ what } did not happen within ${ timeoutMs } ms`
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
	}
}
