/**
 * Waiting out an outage: which failures are retried, the backoff with jitter, the bound on the
 * wait, one notice per retry however many requests wait, and the words the sidecar says.
 */
import { backoffDelay } from '../../src/engine/backoff';
import {
	SiteUnavailableError,
	transientFailure,
	withRetries,
} from '../../src/api/retry';
import type { RetryNotice } from '../../src/api/retry';
import { ApiError, plainText, toApiError } from '../../src/api/transport';
import type { Transport } from '../../src/api/transport';
import { explainFailure, retryMessage } from '../../src/sidecar/errors';

const SITE = 'http://127.0.0.1:8888';

/** WordPress's answer while its database is down (wp_die through the JSON handler). */
const deadDatabase = () =>
	toApiError(
		{
			code: 'wp_die',
			message: '<h1>Error establishing a database connection</h1>',
			data: { status: 500 },
		},
		500
	);

const noAnswer = () =>
	Object.assign( new TypeError( 'fetch failed' ), {
		cause: { code: 'ECONNREFUSED' },
	} );

/** A transport that fails with each of `failures` in turn, then answers `{ ok: n }`. */
function failingTransport( failures: Array< () => unknown > ) {
	let calls = 0;
	const transport: Transport = {
		request: async < T >() => {
			calls += 1;
			const failure = failures[ calls - 1 ];
			if ( failure ) {
				throw failure();
			}
			return { data: { ok: calls } as T, status: 200, headers: {} };
		},
	};
	return { transport, calls: () => calls };
}

describe( 'transientFailure', () => {
	it.each( [
		[ 'no answer at all', noAnswer(), 'network' ],
		[
			'a timeout',
			Object.assign( new Error( 'timed out' ), { name: 'TimeoutError' } ),
			'network',
		],
		[
			'api-fetch offline',
			new ApiError( 'fetch_error', 'You are probably offline.', 0 ),
			'network',
		],
		[ "WordPress's database connection error", deadDatabase(), 'database' ],
		[
			"the plugin's database error",
			new ApiError(
				'users_to_contacts_database_error',
				'The database failed',
				503
			),
			'database',
		],
		[ '502', new ApiError( 'x', 'Bad gateway', 502 ), 'server' ],
		[ '503', new ApiError( 'x', 'Unavailable', 503 ), 'server' ],
		[ '504', new ApiError( 'x', 'Gateway timeout', 504 ), 'server' ],
		[ '429', new ApiError( 'x', 'Too many', 429 ), 'server' ],
		[ '408', new ApiError( 'x', 'Timeout', 408 ), 'server' ],
	] )( 'retries %s', ( _name, error, kind ) => {
		expect( transientFailure( error ) ).toBe( kind );
	} );

	it( 'fails at once on a port fetch refuses to use (a mistaken address)', () => {
		expect(
			transientFailure(
				Object.assign( new TypeError( 'fetch failed' ), {
					cause: { message: 'bad port' },
				} )
			)
		).toBeNull();
	} );

	it.each( [ 400, 401, 403, 404, 409, 410, 500 ] )(
		'fails at once on %i (the request or the code is at fault)',
		( status ) => {
			expect(
				transientFailure( new ApiError( 'x', 'Refused', status ) )
			).toBeNull();
		}
	);
} );

describe( 'backoffDelay', () => {
	it( 'doubles from 0.5 s, between half and all of the step', () => {
		expect( backoffDelay( 0, () => 0 ) ).toBe( 250 );
		expect( backoffDelay( 0, () => 1 ) ).toBe( 500 );
		expect( backoffDelay( 3, () => 0 ) ).toBe( 2000 );
		expect( backoffDelay( 3, () => 1 ) ).toBe( 4000 );
		expect( backoffDelay( 3, () => 0.5 ) ).toBe( 3000 );
	} );

	it( 'stops growing at 30 s', () => {
		expect( backoffDelay( 20, () => 1 ) ).toBe( 30000 );
		expect( backoffDelay( 20, () => 0 ) ).toBe( 15000 );
	} );

	it( 'spreads runners that fail together (jitter)', () => {
		const delays = new Set(
			Array.from( { length: 50 }, () => backoffDelay( 4 ) )
		);
		expect( delays.size ).toBeGreaterThan( 10 );
		for ( const delay of delays ) {
			expect( delay ).toBeGreaterThanOrEqual( 4000 );
			expect( delay ).toBeLessThanOrEqual( 8000 );
		}
	} );
} );

describe( 'withRetries', () => {
	it( 'retries while the database is down, says so each time, and says when it is back', async () => {
		const { transport, calls } = failingTransport( [
			deadDatabase,
			noAnswer,
			deadDatabase,
		] );
		const notices: RetryNotice[] = [];
		const recovered: Array< { retries: number } > = [];
		const retrying = withRetries( transport, {
			maxWaitMs: 60000,
			delay: ( attempt ) => attempt + 1,
			onRetry: ( notice ) => notices.push( notice ),
			onRecovered: ( outage ) => recovered.push( outage ),
		} );
		const response = await retrying.request< { ok: number } >( {
			path: '/x',
		} );
		expect( response.data ).toEqual( { ok: 4 } );
		expect( calls() ).toBe( 4 );
		expect(
			notices.map( ( { kind, retries, delayMs } ) => [
				kind,
				retries,
				delayMs,
			] )
		).toEqual( [
			[ 'database', 1, 1 ],
			[ 'network', 2, 2 ],
			[ 'database', 3, 3 ],
		] );
		expect( recovered ).toEqual( [
			{ retries: 3, waitedMs: expect.any( Number ) },
		] );
	} );

	it.each( [ 400, 401, 403 ] )(
		'does not retry a %i: the request is at fault',
		async ( status ) => {
			const refusal = new ApiError( 'refused', 'No', status );
			const { transport, calls } = failingTransport( [ () => refusal ] );
			const onRetry = jest.fn();
			await expect(
				withRetries( transport, {
					maxWaitMs: 60000,
					delay: () => 1,
					onRetry,
				} ).request( { path: '/x' } )
			).rejects.toBe( refusal );
			expect( calls() ).toBe( 1 );
			expect( onRetry ).not.toHaveBeenCalled();
		}
	);

	it( 'gives up once the outage outlasts the wait, naming the cause', async () => {
		const { transport, calls } = failingTransport(
			Array.from( { length: 100 }, () => deadDatabase )
		);
		const failure = await withRetries( transport, {
			maxWaitMs: 100,
			delay: () => 30,
		} )
			.request( { path: '/x' } )
			.catch( ( error: unknown ) => error );
		expect( failure ).toBeInstanceOf( SiteUnavailableError );
		const unavailable = failure as SiteUnavailableError;
		expect( unavailable.kind ).toBe( 'database' );
		expect( unavailable.stopped ).toBe( false );
		expect( unavailable.retries ).toBeGreaterThanOrEqual( 2 );
		expect( unavailable.retries ).toBeLessThanOrEqual( 4 );
		expect( calls() ).toBe( unavailable.retries + 1 );
		expect( unavailable.cause ).toBeInstanceOf( ApiError );
	} );

	it( 'never waits with a wait of 0', async () => {
		const { transport, calls } = failingTransport( [ noAnswer ] );
		await expect(
			withRetries( transport, { maxWaitMs: 0 } ).request( {
				path: '/x',
			} )
		).rejects.toBeInstanceOf( SiteUnavailableError );
		expect( calls() ).toBe( 1 );
	} );

	it( 'gives one notice per retry however many requests wait', async () => {
		let down = true;
		let calls = 0;
		const transport: Transport = {
			request: async < T >() => {
				calls += 1;
				if ( down ) {
					throw deadDatabase();
				}
				return { data: {} as T, status: 200, headers: {} };
			},
		};
		const notices: RetryNotice[] = [];
		const retrying = withRetries( transport, {
			maxWaitMs: 60000,
			delay: () => 20,
			onRetry: ( notice ) => notices.push( notice ),
		} );
		const requests = [ 1, 2, 3 ].map( () =>
			retrying.request( { path: '/x' } )
		);
		setTimeout( () => ( down = false ), 50 );
		await Promise.all( requests );
		// Three requests, about three attempts each; the notices count the attempts once.
		expect( notices.length ).toBeGreaterThanOrEqual( 2 );
		expect( notices.length ).toBeLessThanOrEqual( 4 );
		expect( calls ).toBeGreaterThanOrEqual( 3 * notices.length );
	} );

	it( 'stops waiting at once when its signal fires', async () => {
		const { transport } = failingTransport(
			Array.from( { length: 100 }, () => noAnswer )
		);
		const controller = new AbortController();
		const pending = withRetries( transport, {
			maxWaitMs: 600000,
			delay: () => 60000,
			signal: controller.signal,
		} )
			.request( { path: '/x' } )
			.catch( ( error: unknown ) => error );
		setTimeout( () => controller.abort(), 20 );
		const began = Date.now();
		const failure = await pending;
		expect( Date.now() - began ).toBeLessThan( 1000 );
		expect( failure ).toBeInstanceOf( SiteUnavailableError );
		expect( ( failure as SiteUnavailableError ).stopped ).toBe( true );
	} );
} );

describe( 'the words', () => {
	it( "quotes WordPress's message without its HTML", () => {
		expect( deadDatabase().message ).toBe(
			'Error establishing a database connection'
		);
		expect(
			plainText(
				'<p>Tom &amp; Jerry&#8217;s <b>site</b>&nbsp;is down</p>'
			)
		).toBe( 'Tom & Jerry’s site is down' );
	} );

	it( 'says what is down and when the next attempt comes', () => {
		const notice: RetryNotice = {
			error: deadDatabase(),
			kind: 'database',
			delayMs: 4000,
			retries: 1,
			waitedMs: 0,
			maxWaitMs: 600000,
		};
		expect( retryMessage( notice, SITE ) ).toBe(
			"The site's database is not answering (HTTP 500: Error establishing a database connection); retrying in 4.0 s, for up to 10 min."
		);
		expect(
			retryMessage(
				{
					...notice,
					error: noAnswer(),
					kind: 'network',
					retries: 2,
					delayMs: 12400,
				},
				SITE
			)
		).toBe(
			`Could not reach ${ SITE }: nothing answers at that address (connection refused); retrying in 12 s.`
		);
	} );

	it( 'says it gave up, and why', () => {
		expect(
			explainFailure(
				new SiteUnavailableError( deadDatabase(), 'database', {
					waitedMs: 600000,
					retries: 25,
					stopped: false,
				} ),
				SITE
			)
		).toBe(
			"Gave up after waiting 10 min (25 retries). The site's database is not answering (HTTP 500: Error establishing a database connection)."
		);
	} );
} );
