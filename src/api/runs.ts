/**
 * Runs of the batch tool and their items, typed: mirrors includes/REST/RunsController.php.
 */
import { NAMESPACE } from './index';
import type { RunItemOutcome } from '../engine/operations';
import type { RunCounts } from '../engine/port';
import { ApiError, requestPage } from './transport';
import type { Page, Transport } from './transport';
export type RunKind = 'sync_users' | 'resync_all';

export type RunStatus =
	'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

// A run item's outcome and a run's counts are the engine's words.
export type { RunCounts, RunItemOutcome };

export interface Run {
	id: number;
	kind: RunKind;
	status: RunStatus;
	dry_run: boolean;
	/** The last user id handled: resume with users after it. */
	cursor: number;
	/** Users on the site when the run started. */
	total: number;
	counts: RunCounts;
	/** 0..1. */
	progress: number;
	/**
	 * Completed sync_users runs: exactly `Synchronize Users to Contacts completed. Checked N user
	 * records. Found M matching contact records. Created K new contact records.`
	 */
	summary: string;
	started: string;
	finished: string | null;
	/** The user id who started it. */
	started_by: number;
}

export interface RunItem {
	id: number;
	user_id: number;
	contact_id: number | null;
	outcome: RunItemOutcome;
	reason: string;
	created: string;
}

export interface RunListQuery {
	kind?: RunKind;
	status?: RunStatus;
	page?: number;
	per_page?: number;
}

export function listRuns(
	transport: Transport,
	query: RunListQuery = {}
): Promise< Page< Run > > {
	return requestPage< Run >( transport, `${ NAMESPACE }/runs`, query );
}

/**
 * Starts a run. Throws an ApiError `users_to_contacts_run_in_progress` (409) while another run of
 * the same kind is running or paused; its `data.run_id` names it.
 * @param transport
 * @param kind
 * @param dryRun
 */
export async function startRun(
	transport: Transport,
	kind: RunKind,
	dryRun = false
): Promise< Run > {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs`,
			method: 'POST',
			data: { kind, dry_run: dryRun },
		} )
	).data;
}

export async function getRun( transport: Transport, id: number ) {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs/${ id }`,
		} )
	).data;
}

export interface RunUpdate {
	status?: RunStatus;
	cursor?: number;
}

export async function updateRun(
	transport: Transport,
	id: number,
	update: RunUpdate
): Promise< Run > {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs/${ id }`,
			method: 'PATCH',
			data: update,
		} )
	).data;
}

export function listRunItems(
	transport: Transport,
	runId: number,
	query: { outcome?: RunItemOutcome; page?: number; per_page?: number } = {}
): Promise< Page< RunItem > > {
	return requestPage< RunItem >(
		transport,
		`${ NAMESPACE }/runs/${ runId }/items`,
		query
	);
}

/**
 * Starts a run of `kind`, or resumes the one still in progress, so an interrupted run carries
 * on from its cursor. `joined`: the run was running, not paused: its runner stopped, or it is
 * still working on it. Runners may share a run: items are recorded once per user, the cursor
 * only moves forward, and the first to reach the end completes it (see finishedMeanwhile()).
 *
 * A preview (`dryRun`, the Synchronize screen's) is never resumed: one left unfinished holds
 * nothing worth carrying on, and a real run must not carry on as one, so it is cancelled and
 * the run starts afresh. A preview does not start while a real run is in progress (the 409).
 */
export async function startOrResumeRun(
	transport: Transport,
	kind: RunKind,
	dryRun = false
): Promise< { run: Run; resumed: boolean; joined: boolean } > {
	try {
		return {
			run: await startRun( transport, kind, dryRun ),
			resumed: false,
			joined: false,
		};
	} catch ( error ) {
		const runId =
			error instanceof ApiError &&
			error.code === 'users_to_contacts_run_in_progress'
				? Number(
						( error.data as { run_id?: unknown } | undefined )
							?.run_id
					)
				: NaN;
		if ( ! Number.isInteger( runId ) ) {
			throw error;
		}
		let run = await getRun( transport, runId );
		if ( run.dry_run ) {
			await updateRun( transport, run.id, {
				status: 'cancelled',
			} ).catch( async ( failure: unknown ) => {
				// It may have ended meanwhile; anything else is a real failure.
				if (
					! ( await finishedMeanwhile( transport, run.id, failure ) )
				) {
					throw failure;
				}
			} );
			return {
				run: await startRun( transport, kind, dryRun ),
				resumed: false,
				joined: false,
			};
		}
		if ( dryRun ) {
			throw error;
		}
		const joined = run.status === 'running';
		if ( run.status === 'paused' ) {
			run = await updateRun( transport, run.id, { status: 'running' } );
		}
		return { run, resumed: true, joined };
	}
}

/**
 * The run, when `error` says it finished while this runner worked on it
 * (`users_to_contacts_run_finished`, from a batch or a status change): another runner sharing
 * it reached the end and completed it, or someone cancelled it. Null for any other error.
 */
export async function finishedMeanwhile(
	transport: Transport,
	runId: number,
	error: unknown
): Promise< Run | null > {
	if (
		! ( error instanceof ApiError ) ||
		error.code !== 'users_to_contacts_run_finished'
	) {
		return null;
	}
	const run = await getRun( transport, runId );
	return run.status === 'running' || run.status === 'paused' ? null : run;
}

/** Skipped users per request: the route's most (a few in a hundred users are skipped). */
const SKIPPED_PER_PAGE = 1000;

/**
 * Every user a run skipped, with the reason, a page at a time (B5: the skipped users are
 * listed); `total` is how many there are in all.
 */
export async function eachSkippedItemsPage(
	transport: Transport,
	runId: number,
	onPage: ( items: RunItem[], total: number ) => void
): Promise< void > {
	let seen = 0;
	for ( let page = 1; ; page++ ) {
		const result = await listRunItems( transport, runId, {
			outcome: 'skipped',
			page,
			per_page: SKIPPED_PER_PAGE,
		} );
		onPage( result.items, result.total );
		seen += result.items.length;
		if ( result.items.length < SKIPPED_PER_PAGE || seen >= result.total ) {
			return;
		}
	}
}

/** Every user a run skipped, with the reason (B5: the skipped users are listed). */
export async function listSkippedItems(
	transport: Transport,
	runId: number
): Promise< RunItem[] > {
	const items: RunItem[] = [];
	await eachSkippedItemsPage( transport, runId, ( page ) =>
		items.push( ...page )
	);
	return items;
}
