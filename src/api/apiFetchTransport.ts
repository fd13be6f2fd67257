/**
 * Transport over @wordpress/api-fetch: the logged-in admin's cookie plus the REST nonce that
 * WordPress gives api-fetch on every admin page.
 */
import apiFetch from '@wordpress/api-fetch';
import { toApiError, withQuery } from './transport';
import type {
	Transport,
	TransportRequest,
	TransportResponse,
} from './transport';

export function createApiFetchTransport(): Transport {
	return {
		async request< T >(
			request: TransportRequest
		): Promise< TransportResponse< T > > {
			let response: Response;
			try {
				response = await apiFetch< Response, false >( {
					path: withQuery( request.path, request.query ),
					method: request.method ?? 'GET',
					data: request.data as Record< string, unknown > | undefined,
					parse: false,
				} );
			} catch ( error ) {
				if ( error instanceof Response ) {
					throw toApiError(
						await error.json().catch( () => null ),
						error.status
					);
				}
				// api-fetch rejects with the parsed WordPress error for non-2xx answers.
				throw toApiError( error, 0 );
			}
			const headers: Record< string, string > = {};
			response.headers.forEach(
				( value, name ) => ( headers[ name.toLowerCase() ] = value )
			);
			const data = (
				response.status === 204 ? null : await response.json()
			) as T;
			return { data, status: response.status, headers };
		},
	};
}
