/**
 * Waiting out an outage: a Transport that retries the requests a site or its database could not
 * answer, with backoff and jitter, for a bounded time. Every runner request may be sent again:
 * reads change nothing, `/bulk/apply` and `/events/ack` are idempotent, a claim whose answer was
 * lost only leaves its events to their lease, and starting a run that exists answers 409.
 */
import { backoffDelay } from '../engine/backoff';
import { sleep } from '../engine/watch';
import type { StopSignal } from '../engine/watch';
import { ApiError } from './transport';
import type {
	Transport,
	TransportRequest,
	TransportResponse,
} from './transport';

/**
 * Why a request failed in a way that passes: `network` no answer at all (refused, reset, timed
 * out), `database` the site answered that its database failed, `server` the site or a proxy in
 * front of it is restarting or overloaded (408, 429, 502, 503, 504).
 */
export type TransientKind = 'network' | 'database' | 'server';

const PASSING_STATUSES = [ 408, 429, 502, 503, 504 ];

/**
 * Whether trying again later can help, and why. A 4xx is the request's own fault (a wrong
 * password, a refused value, a conflict) and a 500 is a fault of the site's code: asking again
 * gives the same answer, so they fail at once (null). A 500 that names the database is WordPress
 * failing to connect to it (wp_die "Error establishing a database connection").
 */
export function transientFailure( error: unknown ): TransientKind | null {
	if ( ! ( error instanceof ApiError ) ) {
		// The transport throws an ApiError for every answer; anything else means none came,
		// except a port fetch refuses to use (a mistake in the address, not an outage).
		return ( error as { cause?: { message?: unknown } } | null )?.cause
			?.message === 'bad port'
			? null
			: 'network';
	}
	if ( error.status === 0 ) {
		return 'network'; // api-fetch's "You are probably offline."
	}
	if (
		error.code === 'users_to_contacts_database_error' ||
		( error.status >= 500 && /database/i.test( error.message ) )
	) {
		return 'database';
	}
	return PASSING_STATUSES.includes( error.status ) ? 'server' : null;
}

/** One retry, as a runner reports it. */
export interface RetryNotice {
	error: unknown;
	kind: TransientKind;
	/** How long until the next attempt. */
	delayMs: number;
	/** Retries in this outage so far, this one included. */
	retries: number;
	/** Since the first failure of this outage. */
	waitedMs: number;
	/** How long the runner waits in all before giving up. */
	maxWaitMs: number;
}

/** An outage outlasted the wait (or the runner was stopped while waiting). */
export class SiteUnavailableError extends Error {
	override readonly cause: unknown;
	readonly kind: TransientKind;
	readonly waitedMs: number;
	readonly retries: number;
	/** True when the stop signal ended the wait, not the time. */
	readonly stopped: boolean;

	constructor(
		cause: unknown,
		kind: TransientKind,
		outage: { waitedMs: number; retries: number; stopped: boolean }
	) {
		const reason = cause instanceof Error ? cause.message : String( cause );
		super(
			outage.stopped
				? `Stopped while waiting for the site (${ reason }).`
				: `The site did not answer for ${ Math.round(
						outage.waitedMs / 1000
					) } s (${ reason }).`
		);
		this.name = 'SiteUnavailableError';
		this.cause = cause;
		this.kind = kind;
		this.waitedMs = outage.waitedMs;
		this.retries = outage.retries;
		this.stopped = outage.stopped;
	}
}

export interface RetryOptions {
	/** Give up once the site has failed for this long; 0 never retries. */
	maxWaitMs: number;
	/** Ends the waiting at once (the request then fails with SiteUnavailableError). */
	signal?: StopSignal;
	onRetry?: ( notice: RetryNotice ) => void;
	/** The site answered again after an outage. */
	onRecovered?: ( outage: { waitedMs: number; retries: number } ) => void;
	/** Delay before retry number `attempt` (0 first); backoff with jitter by default. */
	delay?: ( attempt: number ) => number;
}

const NEVER_STOPS: StopSignal = {
	aborted: false,
	addEventListener: () => {},
	removeEventListener: () => {},
};

/**
 * `transport`, retrying transient failures. Requests in flight together share one outage: one
 * schedule of attempts and one notice per retry, however many requests wait (the batch runner
 * fetches its next page while it applies the current one).
 */
export function withRetries(
	transport: Transport,
	options: RetryOptions
): Transport {
	const signal = options.signal ?? NEVER_STOPS;
	const delayOf = options.delay ?? ( ( attempt ) => backoffDelay( attempt ) );
	let outage: {
		since: number;
		retries: number;
		gaveUp: boolean;
	} | null = null;
	// The next attempt, when one is scheduled: requests failing meanwhile wait for it too.
	let nextAttempt: Promise< void > | null = null;

	async function waitBeforeRetry( error: unknown, kind: TransientKind ) {
		if ( nextAttempt && ! signal.aborted ) {
			await nextAttempt;
			return;
		}
		const now = Date.now();
		outage ??= { since: now, retries: 0, gaveUp: false };
		const waitedMs = now - outage.since;
		const delayMs = delayOf( outage.retries );
		if (
			signal.aborted ||
			outage.gaveUp ||
			waitedMs + delayMs > options.maxWaitMs
		) {
			outage.gaveUp = true;
			throw new SiteUnavailableError( error, kind, {
				waitedMs,
				retries: outage.retries,
				stopped: signal.aborted,
			} );
		}
		outage.retries += 1;
		options.onRetry?.( {
			error,
			kind,
			delayMs,
			retries: outage.retries,
			waitedMs,
			maxWaitMs: options.maxWaitMs,
		} );
		nextAttempt = sleep( delayMs, signal ).then( () => {
			nextAttempt = null;
		} );
		await nextAttempt;
	}

	return {
		async request< T >(
			request: TransportRequest
		): Promise< TransportResponse< T > > {
			for (;;) {
				try {
					const response = await transport.request< T >( request );
					if ( outage ) {
						// After giving up, the runner's own loop said so and says when it is back.
						if ( ! outage.gaveUp ) {
							options.onRecovered?.( {
								waitedMs: Date.now() - outage.since,
								retries: outage.retries,
							} );
						}
						outage = null;
					}
					return response;
				} catch ( error ) {
					const kind = transientFailure( error );
					if ( kind === null ) {
						throw error;
					}
					await waitBeforeRetry( error, kind );
				}
			}
		},
	};
}
