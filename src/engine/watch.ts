/**
 * The real-time runner: claims events continuously, backs off while the site is down, and
 * stops cleanly when its signal fires.
 */
import { backoffDelay } from './backoff';
import { processEvents } from './events';
import type { EventsResult } from './events';
import type { SyncPort } from './port';

/** The part of AbortSignal the engine needs (browsers and Node both have AbortSignal). */
export interface StopSignal {
	readonly aborted: boolean;
	addEventListener: ( type: 'abort', listener: () => void ) => void;
	removeEventListener: ( type: 'abort', listener: () => void ) => void;
}

export interface WatchOptions {
	/** Stops the loop (SIGINT / SIGTERM in the sidecar, leaving the page in the browser). */
	signal: StopSignal;
	/** Milliseconds between polls when nothing is pending. */
	idleMs?: number;
	batchSize?: number;
	leaseSeconds?: number;
	/** Tells the site this runner is alive; called at most every `heartbeatMs`. */
	heartbeat?: () => Promise< void >;
	heartbeatMs?: number;
	log?: ( message: string ) => void;
	/** Words for a failure (the host knows its network errors best). */
	describeError?: ( error: unknown ) => string;
	onBatch?: ( result: EventsResult ) => void;
}

/** Resolves after `ms`, or at once when the signal fires. */
export function sleep( ms: number, signal: StopSignal ): Promise< void > {
	return new Promise( ( resolve ) => {
		if ( signal.aborted ) {
			resolve();
			return;
		}
		const timer = setTimeout( done, ms );
		function done() {
			clearTimeout( timer );
			signal.removeEventListener( 'abort', done );
			resolve();
		}
		signal.addEventListener( 'abort', done );
	} );
}

export async function watch(
	port: SyncPort,
	options: WatchOptions
): Promise< void > {
	const { signal } = options;
	const log = options.log ?? ( () => {} );
	const describe = ( error: unknown ): string =>
		options.describeError
			? options.describeError( error )
			: String( error instanceof Error ? error.message : error );
	let failures = 0;
	let lastHeartbeat = 0;
	// The previous batch's acknowledgement, still under way while the next batch is claimed.
	let acknowledging: Promise< void > = Promise.resolve();
	while ( ! signal.aborted ) {
		try {
			if (
				options.heartbeat &&
				Date.now() - lastHeartbeat >= ( options.heartbeatMs ?? 10000 )
			) {
				await options.heartbeat();
				lastHeartbeat = Date.now();
			}
			const [ acked, processed ] = await Promise.allSettled( [
				acknowledging,
				processEvents( port, {
					limit: options.batchSize ?? 500,
					leaseSeconds: options.leaseSeconds ?? 60,
					deferAck: true,
				} ),
			] );
			acknowledging =
				processed.status === 'fulfilled'
					? ( processed.value.acknowledged ?? Promise.resolve() )
					: Promise.resolve();
			if ( acked.status === 'rejected' ) {
				// Those events stay leased until their lease ends, then are claimed again.
				throw acked.reason;
			}
			if ( processed.status === 'rejected' ) {
				throw processed.reason;
			}
			const result = processed.value;
			if ( failures > 0 ) {
				log( 'Connected again.' );
			}
			failures = 0;
			if ( result.claimed > 0 ) {
				options.onBatch?.( result );
				continue; // More may be waiting: no pause while there is work.
			}
			await sleep( options.idleMs ?? 250, signal );
		} catch ( error ) {
			if ( signal.aborted ) {
				break; // Stopped mid-request (or while its transport waited for the site).
			}
			const delay = backoffDelay( failures );
			failures += 1;
			log(
				`Cannot process events (${ describe( error ) }); retrying in ${ ( delay / 1000 ).toFixed( 1 ) } s.`
			);
			await sleep( delay, signal );
		}
	}
	// Stopping: the last batch's acknowledgement is sent before the runner says goodbye.
	try {
		await acknowledging;
	} catch ( error ) {
		log(
			`Cannot acknowledge the last events (${ describe( error ) }); they are processed again when their lease ends.`
		);
	}
}
