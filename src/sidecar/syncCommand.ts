/**
 * `users-to-contacts sync`: the batch "Synchronize Users to Contacts" from a terminal.
 */
import type { Transport } from '../api/transport';
import {
	finishedMeanwhile,
	eachSkippedItemsPage,
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
	/** Output as it comes, without a line break (JSON is written as the users are read). */
	write: ( text: string ) => void;
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
		// Streamed a page at a time: a dry run of a million users holds no list of them all.
		// JSON: every user's plan, written as it comes, the counts last; text: the skipped ones
		// (a few in a hundred) after the summary.
		const skippedLines: string[] = [];
		let first = true;
		if ( options.json ) {
			options.write( '{"dry_run":true,"users":[' );
		}
		const result = await runBatch( port, {
			runId: null,
			dryRun: true,
			pageSize: options.pageSize,
			onProgress: ( progress ) => draw( progress.done, progress.total ),
			onPlanned: ( page ) => {
				if ( options.json ) {
					if ( page.length > 0 ) {
						options.write(
							( first ? '' : ',' ) +
								page
									.map( ( planned ) =>
										JSON.stringify( planned )
									)
									.join( ',' )
						);
						first = false;
					}
					return;
				}
				for ( const planned of page ) {
					const skip = planned.operations.find(
						( operation ) => operation.kind === 'skip'
					);
					if ( skip && skip.kind === 'skip' ) {
						skippedLines.push(
							`  skipped user ${ planned.user_id }: ${ skip.reason }`
						);
					}
				}
			},
		} );
		draw( result.done, result.total, true );
		if ( options.json ) {
			options.write(
				`],"counts":${ JSON.stringify( result.counts ) }}\n`
			);
		} else {
			const { counts } = result;
			options.out(
				`Dry run: nothing was written. Checked ${ counts.checked } user records. Would link ${ counts.matched } to matching contact records and create ${ counts.created } new contact records; ${ counts.skipped } would be skipped.`
			);
			for ( const line of skippedLines ) {
				options.out( line );
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
	// The skipped users are written as they are read: a large site's list is not held whole.
	if ( options.json ) {
		options.write( `{"run":${ JSON.stringify( finished ) },"skipped":[` );
	} else {
		options.out( finished.summary );
	}
	let first = true;
	await eachSkippedItemsPage( transport, run.id, ( items, total ) => {
		if ( options.json ) {
			if ( items.length > 0 ) {
				options.write(
					( first ? '' : ',' ) +
						items
							.map( ( item ) => JSON.stringify( item ) )
							.join( ',' )
				);
			}
		} else {
			if ( first && total > 0 ) {
				options.out(
					`Skipped ${ total } user record${ total === 1 ? '' : 's' }:`
				);
			}
			for ( const item of items ) {
				options.out( `  user ${ item.user_id }: ${ item.reason }` );
			}
		}
		first = first && items.length === 0;
	} );
	if ( options.json ) {
		options.write( ']}\n' );
	}
	return 0;
}
