/**
 * The life of "Synchronize Users to Contacts" in the admin's browser: a preview (a dry run on
 * the site: everything is applied and rolled back, the run items say what would happen), the
 * run itself with progress that moves, Pause, Resume, Cancel, and the run left behind when the
 * admin went to another page. The engine runs here, through api-fetch.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import {
	finishedMeanwhile,
	getRun,
	listRuns,
	startOrResumeRun,
	updateRun,
} from '../../api/runs';
import type { Run } from '../../api/runs';
import { createRestSyncPort } from '../../api/syncPort';
import type { Transport } from '../../api/transport';
import { runBatch } from '../../engine/runner';
import { createPageSizer, withSizedPages } from './pageSizer';
import { NO_COUNTS } from './progressWords';
import type { LiveProgress } from './progressWords';

export type Mode = 'preview' | 'sync';

export type SyncPhase =
	| { kind: 'loading' }
	| { kind: 'idle' }
	/** A run found in progress when the screen opened: its page was left, or it was paused. */
	| { kind: 'interrupted'; run: Run }
	| {
			kind: 'working';
			mode: Mode;
			run: Run;
			progress: LiveProgress;
			/** Pause or Cancel was pressed: it stops once the page in flight is applied. */
			stopping: 'pause' | 'cancel' | null;
	  }
	| { kind: 'paused'; run: Run }
	/** A completed preview: what a run would do. */
	| { kind: 'previewed'; run: Run }
	/** A completed or cancelled run. */
	| { kind: 'ended'; run: Run }
	| { kind: 'failed'; message: string; run: Run | null };

function messageOf( error: unknown ): string {
	return error instanceof Error ? error.message : String( error );
}

function inProgress( run: Run ): boolean {
	return run.status === 'running' || run.status === 'paused';
}

/**
 * The run to work on: the one known to wait (Resume), or the run in progress found on the site,
 * or a new one. Asking first, instead of starting and reading the 409, keeps the browser's
 * console free of failed requests; startOrResumeRun() still settles a race with another admin.
 * A preview left unfinished is cancelled: it holds nothing worth carrying on.
 */
async function begin(
	transport: Transport,
	mode: Mode,
	known: Run | null
): Promise< Run > {
	let waiting = known && ! known.dry_run ? known : null;
	if ( ! waiting ) {
		const newest = (
			await listRuns( transport, { kind: 'sync_users', per_page: 1 } )
		).items[ 0 ];
		if ( newest && inProgress( newest ) && newest.dry_run ) {
			await updateRun( transport, newest.id, {
				status: 'cancelled',
			} ).catch( () => undefined );
		} else if ( newest && inProgress( newest ) ) {
			waiting = newest;
		}
	}
	if ( waiting && mode === 'sync' ) {
		return waiting.status === 'paused'
			? updateRun( transport, waiting.id, { status: 'running' } )
			: getRun( transport, waiting.id );
	}
	return (
		await startOrResumeRun( transport, 'sync_users', mode === 'preview' )
	).run;
}

export interface SyncControls {
	phase: SyncPhase;
	/** Changes whenever a run starts or ends (the past runs reload). */
	version: number;
	preview: () => void;
	/** Starts a run, or resumes the one in progress. */
	synchronize: () => void;
	pause: () => void;
	/** Stops a preview at once; stops and cancels a run. */
	cancel: () => void;
	/** Back to the start (after a summary or a preview). */
	reset: () => void;
}

export function useSyncRun( transport: Transport ): SyncControls {
	const [ phase, setPhase ] = useState< SyncPhase >( { kind: 'loading' } );
	const [ version, setVersion ] = useState( 0 );
	const current = useRef< SyncPhase >( phase );
	const stopRequest = useRef< 'pause' | 'cancel' | null >( null );
	const busy = useRef( false );
	const show = useCallback( ( next: SyncPhase ) => {
		current.current = next;
		setPhase( next );
	}, [] );
	const changed = useCallback( () => setVersion( ( v ) => v + 1 ), [] );

	// What was going on when the screen opened: a run left in progress offers Resume. A
	// preview left unfinished is not worth resuming; starting anything cancels it.
	useEffect( () => {
		let open = true;
		listRuns( transport, { kind: 'sync_users', per_page: 1 } ).then(
			( page ) => {
				const newest = page.items[ 0 ];
				if ( open ) {
					show(
						newest && inProgress( newest ) && ! newest.dry_run
							? { kind: 'interrupted', run: newest }
							: { kind: 'idle' }
					);
				}
			},
			( error: unknown ) =>
				open &&
				show( {
					kind: 'failed',
					message: messageOf( error ),
					run: null,
				} )
		);
		return () => {
			open = false;
		};
	}, [ transport, show ] );

	const work = useCallback(
		async ( mode: Mode, known: Run | null ) => {
			if ( busy.current ) {
				return;
			}
			busy.current = true;
			stopRequest.current = null;
			let run: Run | null = null;
			try {
				run = await begin( transport, mode, known );
				changed();
				const started = run;
				const progress: LiveProgress = {
					total: started.total,
					before: started.counts,
					session: NO_COUNTS,
					startedAt: Date.now(),
				};
				show( {
					kind: 'working',
					mode,
					run: started,
					progress,
					stopping: null,
				} );
				// Pages of about 0.45 s: the count moves and Pause lands within a second, at
				// nearly the speed of the CLI's 5,000-user pages (sync-tool-large.spec.ts).
				const sizer = createPageSizer( {
					startedAt: progress.startedAt,
				} );
				let usersBefore = 0;
				const result = await runBatch(
					withSizedPages( createRestSyncPort( transport ), sizer ),
					{
						runId: started.id,
						startAfter: started.cursor,
						shouldStop: () => stopRequest.current !== null,
						onProgress: ( { done, counts } ) => {
							sizer.pageDone( done - usersBefore, Date.now() );
							usersBefore = done;
							const now = current.current;
							show( {
								kind: 'working',
								mode,
								run: started,
								progress: { ...progress, session: counts },
								stopping:
									now.kind === 'working'
										? now.stopping
										: null,
							} );
						},
					}
				);
				if ( result.stopped && stopRequest.current === 'pause' ) {
					show( {
						kind: 'paused',
						run: await updateRun( transport, started.id, {
							status: 'paused',
						} ),
					} );
					return;
				}
				const ended = await updateRun( transport, started.id, {
					status: result.stopped ? 'cancelled' : 'completed',
				} );
				if ( mode === 'preview' ) {
					show(
						ended.status === 'completed'
							? { kind: 'previewed', run: ended }
							: { kind: 'idle' }
					);
				} else {
					show( { kind: 'ended', run: ended } );
				}
			} catch ( error ) {
				// Another runner sharing the run finished it, or someone cancelled it elsewhere.
				const ended =
					run === null
						? null
						: await finishedMeanwhile(
								transport,
								run.id,
								error
							).catch( () => null );
				if ( ended && mode === 'sync' ) {
					show( { kind: 'ended', run: ended } );
				} else {
					show( {
						kind: 'failed',
						message: messageOf( error ),
						run,
					} );
				}
			} finally {
				busy.current = false;
				changed();
			}
		},
		[ transport, show, changed ]
	);

	const pause = useCallback( () => {
		const now = current.current;
		if ( now.kind === 'working' && now.mode === 'sync' ) {
			stopRequest.current = 'pause';
			show( { ...now, stopping: 'pause' } );
		}
	}, [ show ] );

	const cancel = useCallback( async () => {
		const now = current.current;
		if ( now.kind === 'working' ) {
			stopRequest.current = 'cancel';
			show( { ...now, stopping: 'cancel' } );
			return;
		}
		const run =
			now.kind === 'paused' || now.kind === 'interrupted'
				? now.run
				: null;
		if ( ! run ) {
			return;
		}
		try {
			show( {
				kind: 'ended',
				run: await updateRun( transport, run.id, {
					status: 'cancelled',
				} ),
			} );
		} catch ( error ) {
			// It may have finished meanwhile (another admin's browser, the CLI).
			const latest = await getRun( transport, run.id ).catch(
				() => null
			);
			if ( latest && ! inProgress( latest ) ) {
				show( { kind: 'ended', run: latest } );
			} else {
				show( { kind: 'failed', message: messageOf( error ), run } );
			}
		}
		changed();
	}, [ transport, show, changed ] );

	return {
		phase,
		version,
		preview: () => void work( 'preview', null ),
		synchronize: () => {
			const now = current.current;
			void work(
				'sync',
				now.kind === 'paused' ||
					now.kind === 'interrupted' ||
					now.kind === 'failed'
					? now.run
					: null
			);
		},
		pause,
		cancel: () => void cancel(),
		reset: () => show( { kind: 'idle' } ),
	};
}
