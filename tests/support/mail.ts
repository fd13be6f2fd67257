/**
 * The mail the test site sent: the local-site mu-plugin writes each message as a JSON file in
 * the site's `mail/` folder (scripts/lib/site.mjs, scripts/wp/local-site.php) instead of sending it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { testSite } from './site';

export interface SentMail {
	to: string[];
	subject: string;
	message: string;
	/** The file it was read from. */
	file: string;
}

function mailFolder(): string {
	const site = testSite() as ReturnType< typeof testSite > & { dir: string };
	return path.join( site.dir, 'mail' );
}

/** Every message sent to `address` (compared case-insensitively), oldest first. */
export function mailTo( address: string ): SentMail[] {
	const folder = mailFolder();
	if ( ! existsSync( folder ) ) {
		return [];
	}
	const wanted = address.trim().toLowerCase();
	return readdirSync( folder )
		.filter( ( name ) => name.endsWith( '.json' ) )
		.sort()
		.map( ( name ) => {
			const file = path.join( folder, name );
			const mail = JSON.parse( readFileSync( file, 'utf8' ) ) as Omit<
				SentMail,
				'file'
			>;
			return { ...mail, file };
		} )
		.filter( ( mail ) =>
			mail.to.some(
				( to ) =>
					to.trim().toLowerCase() === wanted ||
					to.toLowerCase().endsWith( `<${ wanted }>` )
			)
		);
}

/** The newest message sent to `address`, or undefined when there is none. */
export function newestMailTo( address: string ): SentMail | undefined {
	return mailTo( address ).at( -1 );
}

/**
 * The newest message to `address` with WordPress's set-password link (the registration e-mail).
 * Not simply the newest message: the plugin's own confirmation message (R6) can follow it.
 */
export function passwordMailTo( address: string ): SentMail | undefined {
	return mailTo( address )
		.filter( ( mail ) => mail.message.includes( 'action=rp' ) )
		.at( -1 );
}

/** The first link in a message that contains `contains`. */
export function linkIn( mail: SentMail, contains: string ): string {
	const link = ( mail.message.match( /https?:\/\/[^\s<>]+/g ) ?? [] ).find(
		( url ) => url.includes( contains )
	);
	if ( ! link ) {
		throw new Error(
			`No link with "${ contains }" in "${ mail.subject }":\n${ mail.message }`
		);
	}
	return link;
}

/**
 * Sets a password through a link WordPress mailed (registration, "Lost your password?"), as a
 * browser does: the link stores the key in a cookie and redirects; the form posts the password.
 */
export async function setPasswordThroughMailedLink(
	link: string,
	password: string
): Promise< void > {
	const opened = await fetch( link, { redirect: 'manual' } );
	const cookies = opened.headers
		.getSetCookie()
		.map( ( cookie ) => cookie.split( ';' )[ 0 ] )
		.filter( ( cookie ): cookie is string => !! cookie );
	const key = new URL( link ).searchParams.get( 'key' ) ?? '';
	if ( opened.status !== 302 || cookies.length === 0 ) {
		throw new Error(
			`The password link did not open: HTTP ${ opened.status }`
		);
	}
	const site = testSite();
	const posted = await fetch( `${ site.url }/wp-login.php?action=resetpass`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: cookies.join( '; ' ),
		},
		body: new URLSearchParams( {
			pass1: password,
			pass2: password,
			rp_key: key,
			'wp-submit': 'Save Password',
		} ),
	} );
	const page = await posted.text();
	if (
		posted.status !== 200 ||
		! page.includes( 'Your password has been reset' )
	) {
		throw new Error(
			`Setting the password failed: HTTP ${ posted.status } ${ page.slice( 0, 300 ) }`
		);
	}
}
