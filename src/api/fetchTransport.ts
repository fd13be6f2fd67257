/**
 * Transport over `fetch` with an application password (Node 20+, or any runtime with fetch).
 * It keeps the cookies the site sets (see cookieJar.ts: WordPress Playground needs that).
 */
import { CookieJar, fetchWithCookies } from './cookieJar';
import { toApiError, withQuery } from './transport';
import type {
	Transport,
	TransportRequest,
	TransportResponse,
} from './transport';

export interface FetchTransportOptions {
	/** Site URL, such as `http://127.0.0.1:8888`. */
	siteUrl: string;
	user: string;
	/** Application password (spaces allowed, as WordPress shows it). */
	password: string;
	/** Abort a request after this many milliseconds. */
	timeoutMs?: number;
}

function encodeBase64( text: string ): string {
	const bytes = new TextEncoder().encode( text );
	let binary = '';
	bytes.forEach( ( byte ) => ( binary += String.fromCharCode( byte ) ) );
	return btoa( binary );
}

export function createFetchTransport(
	options: FetchTransportOptions
): Transport {
	const root = options.siteUrl.replace( /\/+$/, '' ) + '/?rest_route=';
	const authorization =
		'Basic ' + encodeBase64( `${ options.user }:${ options.password }` );
	const jar = new CookieJar();
	return {
		async request< T >(
			request: TransportRequest
		): Promise< TransportResponse< T > > {
			// `?rest_route=` works with and without pretty permalinks.
			const [ routePath, routeQuery ] = withQuery(
				request.path,
				request.query
			).split( '?' );
			const url =
				root +
				encodeURI( routePath ?? '' ) +
				( routeQuery ? '&' + routeQuery : '' );
			const response = await fetchWithCookies(
				url,
				{
					method: request.method ?? 'GET',
					headers: {
						Authorization: authorization,
						Accept: 'application/json',
						...( request.data === undefined
							? {}
							: { 'Content-Type': 'application/json' } ),
					},
					body:
						request.data === undefined
							? null
							: JSON.stringify( request.data ),
					signal: AbortSignal.timeout( options.timeoutMs ?? 60000 ),
				},
				jar
			);
			const text = await response.text();
			let body: unknown = null;
			if ( text ) {
				try {
					body = JSON.parse( text );
				} catch {
					throw toApiError( text.slice( 0, 200 ), response.status );
				}
			}
			if ( ! response.ok ) {
				throw toApiError( body, response.status );
			}
			const headers: Record< string, string > = {};
			response.headers.forEach(
				( value, name ) => ( headers[ name.toLowerCase() ] = value )
			);
			return { data: body as T, status: response.status, headers };
		},
	};
}
