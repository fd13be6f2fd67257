/**
 * The cookies a site sets, kept between the requests of one Node client, and redirects followed
 * by hand so the cookies of each hop are kept too (fetch's own redirects drop them).
 *
 * Why: WordPress Playground (wp-env's Playground runtime) logs every request that carries no
 * cookie in as the administrator, sets its cookies and redirects to the same address; a client
 * that drops the cookies is redirected forever. With its cookie kept, the next request is served.
 *
 * WordPress's own login cookies (`wordpress_…`) are not kept: a client that signs its requests
 * with an application password must stay an application-password client, and a REST request
 * that carries a login cookie without a nonce is answered as logged out.
 */
import { ApiError } from './transport';

/** Redirects followed for one request before it counts as a loop. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = [ 301, 302, 303, 307, 308 ];

export class CookieJar {
	private readonly cookies = new Map< string, string >();

	/** Keeps (or forgets, when expired) the cookies of one response. */
	store( headers: Headers ): void {
		for ( const line of headers.getSetCookie() ) {
			const [ pair = '', ...attributes ] = line.split( ';' );
			const separator = pair.indexOf( '=' );
			if ( separator <= 0 ) {
				continue;
			}
			const name = pair.slice( 0, separator ).trim();
			const value = pair.slice( separator + 1 ).trim();
			if ( name.startsWith( 'wordpress_' ) ) {
				continue;
			}
			const expired = attributes.some( ( attribute ) => {
				const [ key = '', setting = '' ] = attribute
					.split( '=' )
					.map( ( part ) => part.trim() );
				return (
					( key.toLowerCase() === 'max-age' &&
						Number( setting ) <= 0 ) ||
					( key.toLowerCase() === 'expires' &&
						Date.parse( setting ) < Date.now() )
				);
			} );
			if ( expired ) {
				this.cookies.delete( name );
			} else {
				this.cookies.set( name, value );
			}
		}
	}

	/** The `Cookie` header to send, or null when there is none. */
	header(): string | null {
		if ( this.cookies.size === 0 ) {
			return null;
		}
		return Array.from(
			this.cookies,
			( [ name, value ] ) => `${ name }=${ value }`
		).join( '; ' );
	}
}

/**
 * fetch() that sends and keeps the jar's cookies and follows up to MAX_REDIRECTS redirects
 * itself. A request redirected more often throws an ApiError `users_to_contacts_redirect_loop`
 * (status: the last redirect's), which no retry repeats: the site's setup has to change.
 */
export async function fetchWithCookies(
	url: string,
	init: RequestInit & { headers: Record< string, string > },
	jar: CookieJar
): Promise< Response > {
	let target = url;
	let request = init;
	for ( let hop = 0; ; hop++ ) {
		const cookie = jar.header();
		const response = await fetch( target, {
			...request,
			headers: {
				...request.headers,
				...( cookie ? { Cookie: cookie } : {} ),
			},
			redirect: 'manual',
		} );
		jar.store( response.headers );
		const location = response.headers.get( 'location' );
		if ( ! REDIRECT_STATUSES.includes( response.status ) || ! location ) {
			return response;
		}
		// The body of a redirect is not needed; free the connection.
		await response.arrayBuffer().catch( () => undefined );
		if ( hop >= MAX_REDIRECTS ) {
			throw new ApiError(
				'users_to_contacts_redirect_loop',
				`The site keeps redirecting ${ target } (HTTP ${ response.status } to ${ location }, ${
					hop + 1
				} times in a row) instead of answering. Check the site address (http or https, www or not) and any login or redirect plugin in front of the REST API.`,
				response.status
			);
		}
		target = new URL( location, target ).toString();
		// Only a 303 turns the request into a GET. The REST API itself never redirects: a 301 or
		// 302 comes from something in front of it (Playground's login) that wants the same
		// request again, body included.
		if ( response.status === 303 ) {
			const headers = { ...request.headers };
			delete headers[ 'Content-Type' ];
			request = { ...request, method: 'GET', body: null, headers };
		}
	}
}
