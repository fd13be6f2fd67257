/**
 * How the engine and the screens talk to WordPress, whatever carries the request: api-fetch with
 * a cookie and nonce in the browser, fetch with an application password in Node.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
	/** Path under the REST root, such as `/users-to-contacts/v1/status`. */
	path: string;
	method?: HttpMethod;
	query?: Record< string, string | number | boolean | undefined >;
	data?: unknown;
}

export interface TransportResponse< T > {
	data: T;
	status: number;
	/** Response headers, lower-case names. */
	headers: Record< string, string >;
}

export interface Transport {
	request: < T >(
		request: TransportRequest
	) => Promise< TransportResponse< T > >;
}

/** A REST error as WordPress reports it: a code, a message for people, and the HTTP status. */
export class ApiError extends Error {
	readonly code: string;
	readonly status: number;
	readonly data: unknown;

	constructor(
		code: string,
		message: string,
		status: number,
		data?: unknown
	) {
		super( message );
		this.name = 'ApiError';
		this.code = code;
		this.status = status;
		this.data = data;
	}
}

/**
 * Builds `path?query` with the undefined values left out.
 */
export function withQuery(
	path: string,
	query: TransportRequest[ 'query' ]
): string {
	// No URLSearchParams: this module is shared with the engine, which has no DOM or Node API.
	const pairs = Object.entries( query ?? {} )
		.filter(
			( entry ): entry is [ string, string | number | boolean ] =>
				entry[ 1 ] !== undefined
		)
		.map(
			( [ name, value ] ) =>
				`${ encodeURIComponent( name ) }=${ encodeURIComponent( String( value ) ) }`
		);
	if ( pairs.length === 0 ) {
		return path;
	}
	return path + ( path.includes( '?' ) ? '&' : '?' ) + pairs.join( '&' );
}

function isErrorBody(
	body: unknown
): body is { code: string; message: string; data?: unknown } {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof ( body as { code?: unknown } ).code === 'string' &&
		typeof ( body as { message?: unknown } ).message === 'string'
	);
}

const ENTITIES: Record< string, string > = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

/**
 * A message as people read it: WordPress's wp_die() messages carry HTML (`<h1>Error
 * establishing a database connection</h1>`), which a log or a notice should not quote.
 */
export function plainText( html: string ): string {
	return html
		.replace( /<[^>]*>/g, ' ' )
		.replace( /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, ( entity, name: string ) => {
			if ( name[ 0 ] === '#' ) {
				const code =
					name[ 1 ]?.toLowerCase() === 'x'
						? parseInt( name.slice( 2 ), 16 )
						: parseInt( name.slice( 1 ), 10 );
				return code > 0 && code <= 0x10ffff
					? String.fromCodePoint( code )
					: entity;
			}
			return ENTITIES[ name.toLowerCase() ] ?? entity;
		} )
		.replace( /\s+/g, ' ' )
		.trim();
}

/**
 * Turns a WordPress error body (or anything else) into an ApiError, its message as plain text.
 */
export function toApiError( body: unknown, status: number ): ApiError {
	if ( isErrorBody( body ) ) {
		return new ApiError(
			body.code,
			plainText( body.message ),
			status,
			body.data
		);
	}
	return new ApiError(
		'users_to_contacts_unexpected_response',
		`The site answered with HTTP ${ status } and no WordPress error.`,
		status,
		body
	);
}

/** A page of a list, with the totals from the X-WP-Total and X-WP-TotalPages headers. */
export interface Page< T > {
	items: T[];
	total: number;
	totalPages: number;
}

function headerNumber(
	headers: Record< string, string >,
	name: string
): number {
	const value = Number( headers[ name ] );
	return Number.isFinite( value ) ? value : 0;
}

/** GET a list route; query values other than strings, numbers and booleans are left out. */
export async function requestPage< T >(
	transport: Transport,
	path: string,
	query: object = {}
): Promise< Page< T > > {
	const params: NonNullable< TransportRequest[ 'query' ] > = {};
	for ( const [ name, value ] of Object.entries( query ) ) {
		if (
			typeof value === 'string' ||
			typeof value === 'number' ||
			typeof value === 'boolean'
		) {
			params[ name ] = value;
		}
	}
	const response = await transport.request< T[] >( { path, query: params } );
	return {
		items: response.data,
		total: headerNumber( response.headers, 'x-wp-total' ),
		totalPages: headerNumber( response.headers, 'x-wp-totalpages' ),
	};
}
