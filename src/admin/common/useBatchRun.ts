/**
 * The life of a run in the admin's browser (the batch tool's `sync_users`, "Update all
 * synchronized users"' `resync_all`): start, progress, pause, resume, cancel, the summary and the
 * users skipped. The engine runs here, through api-fetch. A run left running (the admin went
 * to another page) is found again and carried on from its cursor; a paused one waits for Resume.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import {
	finishedMeanwhile,
	getRun,
	listRuns,
	listSkippedItems,
	startOrResumeRun,
	updateRun,
} from '../../api/runs';
import type { Run, RunItem, RunKind } from '../../api/runs';
import { createRestSyncPort } from '../../api/syncPort';
import type { Transport } from '../../api/transport';
import { runBatch } from '../../engine/runner';

export type RunPhase =
	| { kind: 'loading' }
	| { kind: 'idle' }
	| {
			kind: 'running';
			done: number;
			total: number;
			/** Pause or Cancel was pressed: it stops after the page it is on. */
			stopping: 'pause' | 'cancel' | null;
	  }
	| { kind: 'paused'; run: Run }
	/** Completed or cancelled. */
	| { kind: 'finished'; run: Run; skipped: RunItem[] }
	| { kind: 'failed'; message: string };

export interface BatchRunControls {
	phase: RunPhase;
	/** Starts a run, or carries on the one in progress. */
	start: () => void;
	pause: () => void;
	cancel: () => void;
}

const RUN_KIND_TRIGGER: Record< RunKind, 'batch' | 'resync' > = {
	sync_users: 'batch',
	resync_all: 'resync',
};

/** The run of `kind` still in progress (running or paused), or null. */
async function inProgress(
	transport: Transport,
	kind: RunKind
): Promise< Run | null > {
	const newest = ( await listRuns( transport, { kind, per_page: 1 } ) )
		.items[ 0 ];
	return newest?.status === 'running' || newest?.status === 'paused'
		? newest
		: null;
}

/**
 * Carries on the run in progress, or starts one. Looking first keeps the usual path free of the
 * 409 a start answers while a run is in progress (the browser logs every refused request); the
 * 409 is still handled when someone else starts one at the same moment.
 * @param transport
 * @param kind
 */
async function resumeOrStart(
	transport: Transport,
	kind: RunKind
): Promise< Run > {
	const current = await inProgress( transport, kind );
	if ( current?.status === 'paused' ) {
		return updateRun( transport, current.id, { status: 'running' } );
	}
	return current ?? ( await startOrResumeRun( transport, kind ) ).run;
}

function messageOf( error: unknown ): string {
	return error instanceof Error ? error.message : String( error );
}

/**
 * @param transport The REST transport.
 * @param kind      Which tool's runs.
 * @param pageSize  Users per request: smaller pages answer Pause sooner.
 */
export function useBatchRun(
	transport: Transport,
	kind: RunKind,
	pageSize = 1000
): BatchRunControls {
	const [ phase, setPhase ] = useState< RunPhase >( { kind: 'loading' } );
	const current = useRef< RunPhase >( phase );
	// 'leave': the screen went away; the run stays in progress for the next visit to carry on.
	const stopRequest = useRef< 'pause' | 'cancel' | 'leave' | null >( null );
	const busy = useRef( false );
	const mounted = useRef( true );
	const show = useCallback( ( next: RunPhase ) => {
		current.current = next;
		if ( mounted.current ) {
			setPhase( next );
		}
	}, [] );

	const finish = useCallback(
		async ( run: Run ) => {
			show( {
				kind: 'finished',
				run,
				skipped:
					run.counts.skipped > 0
						? await listSkippedItems( transport, run.id )
						: [],
			} );
		},
		[ transport, show ]
	);

	const stopping = useCallback(
		(): 'pause' | 'cancel' | null =>
			stopRequest.current === 'leave' ? null : stopRequest.current,
		[]
	);

	const go = useCallback( async () => {
		if ( busy.current ) {
			return;
		}
		busy.current = true;
		stopRequest.current = null;
		let runId: number | null = null;
		try {
			const run = await resumeOrStart( transport, kind );
			runId = run.id;
			// A resumed run already checked some users; the bar shows the whole run.
			const before = run.counts.checked;
			show( {
				kind: 'running',
				done: before,
				total: run.total,
				stopping: null,
			} );
			const result = await runBatch( createRestSyncPort( transport ), {
				runId: run.id,
				trigger: RUN_KIND_TRIGGER[ kind ],
				startAfter: run.cursor,
				pageSize,
				shouldStop: () => stopRequest.current !== null,
				onProgress: ( progress ) =>
					show( {
						kind: 'running',
						done: Math.min( run.total, before + progress.done ),
						total: run.total,
						stopping: stopping(),
					} ),
			} );
			if ( result.stopped && stopRequest.current === 'leave' ) {
				return;
			}
			if ( result.stopped && stopRequest.current === 'pause' ) {
				show( {
					kind: 'paused',
					run: await updateRun( transport, run.id, {
						status: 'paused',
					} ),
				} );
				return;
			}
			await finish(
				await updateRun( transport, run.id, {
					status: result.stopped ? 'cancelled' : 'completed',
				} )
			);
		} catch ( error ) {
			// Another runner sharing the run finished it, or someone cancelled it elsewhere.
			const finished =
				runId === null
					? null
					: await finishedMeanwhile( transport, runId, error ).catch(
							() => null
						);
			if ( finished ) {
				await finish( finished );
			} else {
				show( { kind: 'failed', message: messageOf( error ) } );
			}
		} finally {
			busy.current = false;
		}
	}, [ transport, kind, pageSize, show, finish, stopping ] );

	// Coming back to the page: carry on a run left running; show a paused one.
	useEffect( () => {
		mounted.current = true;
		inProgress( transport, kind ).then(
			( found ) => {
				if ( found?.status === 'running' ) {
					go();
				} else if ( found?.status === 'paused' ) {
					show( { kind: 'paused', run: found } );
				} else {
					show( { kind: 'idle' } );
				}
			},
			( error: unknown ) =>
				show( { kind: 'failed', message: messageOf( error ) } )
		);
		return () => {
			mounted.current = false;
			// This page's runner stops after its current page; the run stays in progress.
			stopRequest.current = 'leave';
		};
	}, [ transport, kind, go, show ] );

	const pause = useCallback( () => {
		if ( current.current.kind !== 'running' ) {
			return;
		}
		stopRequest.current = 'pause';
		show( { ...current.current, stopping: 'pause' } );
	}, [ show ] );

	const cancel = useCallback( async () => {
		const now = current.current;
		if ( now.kind === 'running' ) {
			stopRequest.current = 'cancel';
			show( { ...now, stopping: 'cancel' } );
			return;
		}
		if ( now.kind !== 'paused' ) {
			return;
		}
		try {
			await finish(
				await updateRun( transport, now.run.id, {
					status: 'cancelled',
				} )
			);
		} catch ( error ) {
			// It may have finished meanwhile (another admin's browser, the CLI).
			const run = await getRun( transport, now.run.id ).catch(
				() => null
			);
			if ( run && run.status !== 'paused' && run.status !== 'running' ) {
				await finish( run );
			} else {
				show( { kind: 'failed', message: messageOf( error ) } );
			}
		}
	}, [ transport, finish, show ] );

	return {
		phase,
		start: () => void go(),
		pause,
		cancel: () => void cancel(),
	};
}
