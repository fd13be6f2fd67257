/**
 * `users-to-contacts sync`: the batch "Synchronize Users to Contacts" from a terminal.
 */
import type { Transport } from '../api/transport';
import {
	finishedMeanwhile,
	listSkippedItems,
	startOrResumeRun,
	updateRun,
} from '../api/sync';
import type { Run } from '../api/sync';
import { createRestSyncPort } from '../api/syncPort';
import { progressFigures, renderProgressLine } from '../engine/progress';
import { runBatch } from '../engine/runner';
import { explainFailure } from './errors';

export interface SyncCommandOptions {
	/** For messages. */
	siteUrl: string;
	dryRun: boolean;
	json: boolean;
	pageSize: number;
	/** Where progress goes (stderr), and whether it is a terminal. */
	progress: { write: ( text: string ) => void; isTTY: boolean };
	out: ( line: string ) => void;
	/** Set by SIGINT/SIGTERM: the run pauses after the current page. */
	stopRequested: () => boolean;
}

export async function syncCommand(
	transport: Transport,
	options: SyncCommandOptions
): Promise< number > {
	const port = createRestSyncPort( transport );
	const began = Date.now();
	let lastDraw = 0;
	let lastDone = -1;
	const draw = ( done: number, total: number, final = false ) => {
		const now = Date.now();
		if (
			! final &&
			now - lastDraw < ( options.progress.isTTY ? 100 : 2000 )
		) {
			return;
		}
		// Without a terminal each line stays on screen: never print the same count twice.
		if ( ! options.progress.isTTY && done === lastDone ) {
			return;
		}
		lastDraw = now;
		lastDone = done;
		const line = renderProgressLine(
			progressFigures( done, total, now - began )
		);
		options.progress.write(
			options.progress.isTTY
				? `\r${ line }${ final ? '\n' : '' }`
				: `${ line }\n`
		);
	};

	if ( options.dryRun ) {
		const result = await runBatch( port, {
			runId: null,
			dryRun: true,
			pageSize: options.pageSize,
			onProgress: ( progress ) => draw( progress.done, progress.total ),
		} );
		draw( result.done, result.total, true );
		if ( options.json ) {
			options.out(
				JSON.stringify( {
					dry_run: true,
					counts: result.counts,
					users: result.planned,
				} )
			);
		} else {
			const { counts } = result;
			options.out(
				`Dry run: nothing was written. Checked ${ counts.checked } user records. Would link ${ counts.matched } to matching contact records and create ${ counts.created } new contact records; ${ counts.skipped } would be skipped.`
			);
			for ( const planned of result.planned ) {
				const skip = planned.operations.find(
					( operation ) => operation.kind === 'skip'
				);
				if ( skip && skip.kind === 'skip' ) {
					options.out(
						`  skipped user ${ planned.user_id }: ${ skip.reason }`
					);
				}
			}
		}
		return 0;
	}

	const { run, resumed, joined } = await startOrResumeRun(
		transport,
		'sync_users'
	);
	if ( resumed ) {
		options.progress.write(
			joined
				? `Resuming run ${ run.id } after user ${ run.cursor }; it is running, so another sync may be working on it too: they finish it together.\n`
				: `Resuming run ${ run.id } after user ${ run.cursor }.\n`
		);
	}
	let finished: Run;
	let cursor = run.cursor;
	try {
		const result = await runBatch( port, {
			runId: run.id,
			pageSize: options.pageSize,
			startAfter: run.cursor,
			shouldStop: options.stopRequested,
			onProgress: ( progress ) => {
				cursor = progress.cursor;
				draw( progress.done, progress.total );
			},
		} );
		draw( result.done, result.total, true );
		if ( result.stopped ) {
			await updateRun( transport, run.id, { status: 'paused' } );
			options.out(
				`Paused run ${ run.id } after user ${ result.cursor }. Run "users-to-contacts sync" again to resume.`
			);
			return 130;
		}
		finished = await updateRun( transport, run.id, {
			status: 'completed',
		} );
	} catch ( error ) {
		// Runners sharing a run finish it together: the first to reach the end completes it.
		const ended = await finishedMeanwhile( transport, run.id, error );
		if ( ! ended ) {
			// Whatever stopped it (an outage it gave up waiting for, a refusal), the run keeps
			// its cursor: the next sync resumes it.
			options.progress.write(
				`${ options.progress.isTTY ? '\n' : '' }${ explainFailure(
					error,
					options.siteUrl
				) }\nRun ${ run.id } stopped after user ${ cursor }: run "users-to-contacts sync" again to resume it from there.\n`
			);
			return 1;
		}
		if ( ended.status !== 'completed' ) {
			options.progress.write(
				`\nRun ${ run.id } was ${ ended.status } while this sync worked on it. ${ ended.summary }\n`
			);
			return 1;
		}
		options.progress.write(
			`\nRun ${ run.id } was completed by another sync working on it; every user was handled.\n`
		);
		finished = ended;
	}
	const skipped = await listSkippedItems( transport, run.id );
	if ( options.json ) {
		options.out( JSON.stringify( { run: finished, skipped } ) );
		return 0;
	}
	options.out( finished.summary );
	if ( skipped.length > 0 ) {
		options.out(
			`Skipped ${ skipped.length } user record${ skipped.length === 1 ? '' : 's' }:`
		);
		for ( const item of skipped ) {
			options.out( `  user ${ item.user_id }: ${ item.reason }` );
		}
	}
	return 0;
}
