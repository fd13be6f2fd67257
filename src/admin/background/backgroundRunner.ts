/**
 * Waiting work, processed in the browser: while events are pending and no sidecar was heard
 * from recently, the one tab holding the lease (leader.ts) processes them with the engine,
 * through the same REST routes the sidecar uses. Cheap when there is nothing to do: one small
 * status request every few seconds from one tab, and every half minute while a sidecar runs.
 */
import { sendHeartbeat } from '../../api/events';
import { getRunnerStatus } from '../../api/runnerStatus';
import type { RunnerStatus } from '../../api/runnerStatus';
import { createRestSyncPort } from '../../api/syncPort';
import type { Transport } from '../../api/transport';
import { backoffDelay } from '../../engine/backoff';
import { processEvents } from '../../engine/events';
import { holdLease, releaseLease } from './leader';
import type { SharedStorage } from './leader';

/** What the leader saw last, shared with the other tabs (they show it, and ask no server). */
export interface SharedStatus {
	status: RunnerStatus;
	/** When it was read, in milliseconds since the epoch. */
	at: number;
	/** The leader is processing events right now. */
	processing: boolean;
}

export const STATUS_KEY = 'users-to-contacts:runner-status';

/**
 * How long a claim holds its events. A browser tab may go at any moment (the admin clicks a
 * link) and leave its claim unacknowledged, so it is short: a batch of 200 takes about a second.
 */
const LEASE_SECONDS = 15;

export interface BackgroundOptions {
	transport: Transport;
	storage: SharedStorage | null;
	/** This tab's name in the lease. */
	tab: string;
	/** Between status requests while no sidecar runs. */
	intervalMs?: number;
	/** Between status requests while a sidecar runs. */
	sidecarIntervalMs?: number;
	/** How long one round may keep processing before it lets the page breathe. */
	roundMs?: number;
	/** A new status, read here or by another tab. */
	onStatus?: ( shared: SharedStatus ) => void;
	/** Timers: the page's by default, a fake clock in tests. */
	setTimer?: ( callback: () => void, ms: number ) => unknown;
	now?: () => number;
}

export function readSharedStatus(
	storage: SharedStorage | null
): SharedStatus | null {
	try {
		const shared = JSON.parse(
			storage?.getItem( STATUS_KEY ) ?? 'null'
		) as SharedStatus | null;
		return shared &&
			typeof shared.at === 'number' &&
			typeof shared.status?.pending === 'number'
			? shared
			: null;
	} catch {
		return null;
	}
}

/**
 * Starts the loop; returns a function that stops it (and gives the lease up).
 */
export function startBackgroundProcessing(
	options: BackgroundOptions
): () => void {
	const intervalMs = options.intervalMs ?? 5000;
	const sidecarIntervalMs = options.sidecarIntervalMs ?? 30000;
	const roundMs = options.roundMs ?? 20000;
	const now = options.now ?? ( () => Date.now() );
	const setTimer =
		options.setTimer ??
		( ( callback: () => void, ms: number ) =>
			window.setTimeout( callback, ms ) );
	// The lease outlives a missed beat or two of the leader, no more.
	const leaseMs = intervalMs * 3;
	const runner = `browser-${ options.tab }`;
	let stopped = false;
	let failures = 0;
	let lastRequest = 0;

	const publish = ( status: RunnerStatus, processing: boolean ) => {
		const shared = { status, at: now(), processing };
		try {
			options.storage?.setItem( STATUS_KEY, JSON.stringify( shared ) );
		} catch {}
		options.onStatus?.( shared );
	};

	async function processWaiting( status: RunnerStatus ) {
		publish( status, true );
		await sendHeartbeat( options.transport, runner, 'browser' );
		const port = createRestSyncPort( options.transport );
		const deadline = now() + roundMs;
		while ( ! stopped && now() < deadline ) {
			const result = await processEvents( port, {
				limit: 200,
				leaseSeconds: LEASE_SECONDS,
			} );
			holdLease( options.storage, options.tab, now(), leaseMs );
			if ( result.claimed === 0 ) {
				break;
			}
		}
		return getRunnerStatus( options.transport );
	}

	async function tick() {
		if ( stopped ) {
			return;
		}
		let next = intervalMs;
		const shared = readSharedStatus( options.storage );
		if ( ! holdLease( options.storage, options.tab, now(), leaseMs ) ) {
			// Another tab leads: show what it saw.
			if ( shared ) {
				options.onStatus?.( shared );
			}
		} else if (
			shared &&
			shared.status.sidecar_alive &&
			now() - Math.max( shared.at, lastRequest ) < sidecarIntervalMs
		) {
			// A sidecar does the work; ask again later (the lease stays renewed).
			options.onStatus?.( shared );
		} else {
			try {
				lastRequest = now();
				let status = await getRunnerStatus( options.transport );
				publish( status, false );
				if ( ! status.sidecar_alive && status.pending > 0 ) {
					status = await processWaiting( status );
					publish( status, false );
				}
				failures = 0;
			} catch {
				// Offline, logged out, or the site is down: try again later, quietly.
				next = Math.max( intervalMs, backoffDelay( failures ) );
				failures += 1;
			}
		}
		if ( ! stopped ) {
			setTimer( tick, next );
		}
	}

	// A page opened right after another one waits for the rest of the interval: navigating
	// through wp-admin asks the site at most every few seconds.
	const shared = readSharedStatus( options.storage );
	setTimer(
		tick,
		shared
			? Math.max(
					0,
					Math.min( intervalMs, shared.at + intervalMs - now() )
				)
			: 0
	);
	return () => {
		stopped = true;
		releaseLease( options.storage, options.tab );
	};
}
