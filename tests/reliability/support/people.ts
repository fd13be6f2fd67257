/**
 * Registrations through the real form, against any web node (tests/support/people.ts always
 * uses the first one).
 */
import { quote, sqlNumber } from './database';

/** Registers through wp-login.php?action=register at `url`; resolves when WordPress says so. */
export async function registerAt(
	url: string,
	login: string,
	email: string
): Promise< void > {
	const response = await fetch( `${ url }/wp-login.php?action=register`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams( {
			user_login: login,
			user_email: email,
			'wp-submit': 'Register',
			redirect_to: '',
		} ),
	} );
	if (
		response.status !== 302 ||
		! ( response.headers.get( 'location' ) ?? '' ).includes(
			'checkemail=registered'
		)
	) {
		const page = await response.text();
		// WordPress says why in #login_error.
		const why = /id="login_error">([\s\S]*?)<\/div>/.exec( page )?.[ 1 ];
		throw new Error(
			`Registration of ${ login } failed: HTTP ${ response.status } ${ (
				why ?? page.slice( 0, 300 )
			)
				.replace( /<[^>]+>/g, '' )
				.trim() }`
		);
	}
}

/** How many users of `prefix` are linked (read from the database). */
export function linkedCount( prefix: string ): number {
	return sqlNumber(
		`SELECT COUNT(*) FROM wp_users u JOIN wp_utc_links l ON l.user_id = u.ID WHERE u.user_login LIKE ${ quote( prefix + '%' ) }`
	);
}
