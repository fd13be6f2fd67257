/**
 * The Node transport keeps the cookies a site sets (WordPress Playground logs a cookie-less
 * request in with a redirect) and says plainly when a site only ever redirects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetchTransport } from '../../src/api/fetchTransport';
import { ApiError } from '../../src/api/transport';
import { transientFailure } from '../../src/api/retry';
import { explainFailure } from '../../src/sidecar/errors';

type Handler = (
	request: http.IncomingMessage,
	response: http.ServerResponse
) => void;

async function serve( handler: Handler ) {
	const server = http.createServer( handler );
	await new Promise< void >( ( resolve ) =>
		server.listen( 0, '127.0.0.1', resolve )
	);
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${ port }`,
		close: () =>
			new Promise< void >( ( resolve ) =>
				server.close( () => resolve() )
			),
	};
}

function transport( url: string ) {
	return createFetchTransport( {
		siteUrl: url,
		user: 'admin',
		password: 'app password',
	} );
}

describe( 'the fetch transport and cookies', () => {
	it( 'keeps the cookie of a Playground-style login redirect, sends the request again with its body, and keeps WordPress login cookies out', async () => {
		const seen: Array< { cookie: string; body: string; method: string } > =
			[];
		const site = await serve( ( request, response ) => {
			let body = '';
			request.on( 'data', ( chunk ) => ( body += chunk ) );
			request.on( 'end', () => {
				const cookie = request.headers.cookie ?? '';
				seen.push( { cookie, body, method: request.method ?? '' } );
				if (
					! cookie.includes(
						'playground_auto_login_already_happened=1'
					)
				) {
					response.writeHead( 302, {
						Location: request.url,
						'Set-Cookie': [
							'wordpress_logged_in_abc=admin%7C1; path=/; HttpOnly',
							'playground_auto_login_already_happened=1',
						],
					} );
					response.end();
					return;
				}
				response.writeHead( 200, {
					'Content-Type': 'application/json',
				} );
				response.end( JSON.stringify( { ok: true, body } ) );
			} );
		} );
		try {
			const client = transport( site.url );
			const first = await client.request< { ok: boolean; body: string } >(
				{
					path: '/users-to-contacts/v1/events/claim',
					method: 'POST',
					data: { limit: 5 },
				}
			);
			expect( first.data ).toEqual( { ok: true, body: '{"limit":5}' } );
			// The second request goes straight through: the cookie was kept.
			await client.request( { path: '/users-to-contacts/v1/status' } );
			expect( seen.map( ( request ) => request.method ) ).toEqual( [
				'POST',
				'POST',
				'GET',
			] );
			expect( seen[ 2 ]?.cookie ).toBe(
				'playground_auto_login_already_happened=1'
			);
		} finally {
			await site.close();
		}
	} );

	it( 'a site that only ever redirects fails at once with a plain message, and is not retried', async () => {
		let requests = 0;
		const site = await serve( ( request, response ) => {
			requests += 1;
			response.writeHead( 302, { Location: '/?rest_route=/elsewhere' } );
			response.end();
		} );
		try {
			const failure = await transport( site.url )
				.request( { path: '/users-to-contacts/v1/status' } )
				.catch( ( error: unknown ) => error );
			expect( failure ).toBeInstanceOf( ApiError );
			expect( ( failure as ApiError ).code ).toBe(
				'users_to_contacts_redirect_loop'
			);
			expect( transientFailure( failure ) ).toBeNull();
			expect( explainFailure( failure, site.url ) ).toMatch(
				/answers with redirects instead of the REST API\. The site keeps redirecting .* \(HTTP 302 to \/\?rest_route=\/elsewhere, 6 times in a row\)/
			);
			expect( requests ).toBe( 6 );
		} finally {
			await site.close();
		}
	} );
} );
