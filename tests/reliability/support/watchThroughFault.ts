/**
 * One shape for "a fault under `watch`": a backlog of registration events, the fault, and the
 * check that every event was processed exactly once afterwards.
 *
 * `midBatch: false` puts the fault between two backlogs (watch idle, polling): it recovers as
 * soon as the site answers. `midBatch: true` lets it cut into a backlog being processed: watch
 * holds the batch it had claimed and retries its requests, so the batch is applied and
 * acknowledged once the site is back (before issue 8 it waited out its 60 s lease).
 */
import {
	insertRegistrationEvents,
	insertUsers,
	pendingEvents,
	settleEvents,
	sqlNumber,
} from './database';
import { expectExactEndState, expectSiteIntegrity } from './endState';
import { retriesIn, startWatch, stopWatch } from './cli';
import { sleep } from './processes';

export interface FaultFigures {
	users: number;
	events: number;
	/** Events still waiting when the fault hit. */
	waitingAtFault: number;
	/** Of those, events claimed by watch (a batch in its hands). */
	claimedAtFault: number;
	retries: number;
	/** From the site's return to watch's "Connected again." */
	reconnectMs: number;
	/** From the site's return to the last event processed. */
	recoverMs: number;
}

/** Polls until no event waits. */
export async function drained( timeoutMs: number ): Promise< void > {
	const began = Date.now();
	while ( pendingEvents() > 0 ) {
		if ( Date.now() - began > timeoutMs ) {
			throw new Error(
				`${ pendingEvents() } events still wait after ${ timeoutMs } ms`
			);
		}
		await sleep( 100 );
	}
}

export async function watchThroughFault( options: {
	prefix: string;
	users: number;
	midBatch: boolean;
	/** Breaks the site and repairs it; resolves once the site is back. */
	fault: () => Promise< void >;
	/** Every event processed within this long after the site is back. */
	recoverWithinMs?: number;
} ): Promise< FaultFigures > {
	const { prefix, users, midBatch } = options;
	settleEvents();
	const watcher = await startWatch();
	try {
		const before = midBatch ? users : Math.floor( users / 2 );
		insertUsers( `${ prefix }a`, before );
		let events = insertRegistrationEvents( `${ prefix }a` );
		if ( midBatch ) {
			await watcher.waitFor( 'Processed', 20000 );
		} else {
			await drained( 30000 );
		}
		const claimed = () =>
			sqlNumber(
				'SELECT COUNT(*) FROM wp_utc_events WHERE processed_at IS NULL AND claimed_until > NOW()'
			);
		if ( midBatch ) {
			// Strike while watch holds a claimed batch (it claims the next one at once).
			const deadline = Date.now() + 10000;
			while ( claimed() === 0 && pendingEvents() > 0 ) {
				if ( Date.now() > deadline ) {
					throw new Error( 'watch claimed no further batch' );
				}
				await sleep( 10 );
			}
		}
		const waitingAtFault = pendingEvents();
		const claimedAtFault = claimed();
		await options.fault();
		const back = Date.now();
		if ( ! midBatch ) {
			// Registrations carry on once the site is back.
			insertUsers( `${ prefix }b`, users - before );
			events += insertRegistrationEvents( `${ prefix }b` );
		}
		await watcher.waitFor( 'Connected again.', 60000 );
		const reconnectMs = Date.now() - back;
		// Every event processed (one given up on would stay waiting, visibly failed).
		await drained( 90000 );
		const recoverMs = Date.now() - back;

		expectExactEndState( prefix, users );
		expectSiteIntegrity();
		const retries = retriesIn( watcher.output() );
		expect( retries ).toBeGreaterThan( 0 );
		if ( options.recoverWithinMs !== undefined ) {
			expect( recoverMs ).toBeLessThan( options.recoverWithinMs );
		}
		return {
			users,
			events,
			waitingAtFault,
			claimedAtFault,
			retries,
			reconnectMs,
			recoverMs,
		};
	} finally {
		const exit = await stopWatch( watcher );
		expect( exit.code ).toBe( 0 );
	}
}
