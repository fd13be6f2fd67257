/**
 * `users-to-contacts watch`: processes events as they happen, until SIGINT or SIGTERM.
 */
import { hostname } from 'node:os';
import type { Transport } from '../api/transport';
import { sendHeartbeat } from '../api/sync';
import { createRestSyncPort } from '../api/syncPort';
import { watch } from '../engine/watch';
import { ApiError } from '../api/transport';
import { SiteUnavailableError } from '../api/retry';
import { networkReason } from './errors';

export interface WatchCommandOptions {
	signal: AbortSignal;
	idleMs: number;
	log: ( line: string ) => void;
}

export async function watchCommand(
	transport: Transport,
	options: WatchCommandOptions
): Promise< number > {
	const runner = `${ hostname() }:${ process.pid }`;
	options.log(
		`Watching for events as runner ${ runner }. Stop with Ctrl+C.`
	);
	await watch( createRestSyncPort( transport ), {
		signal: options.signal,
		idleMs: options.idleMs,
		heartbeat: async () => {
			await sendHeartbeat( transport, runner, 'sidecar' );
		},
		log: options.log,
		describeError: ( error ) => {
			if ( error instanceof ApiError ) {
				return `${ error.message } (${ error.code })`;
			}
			return error instanceof SiteUnavailableError
				? error.message
				: networkReason( error );
		},
		onBatch: ( result ) => {
			options.log(
				`Processed ${ result.processed } event${ result.processed === 1 ? '' : 's' }` +
					( result.failed
						? `, ${ result.failed } failed (will retry)`
						: '' ) +
					` with ${ result.operations } change${ result.operations === 1 ? '' : 's' }.`
			);
			result.notes.forEach( ( note ) =>
				options.log( `Note: ${ note }` )
			);
		},
	} );
	try {
		await sendHeartbeat( transport, runner, 'sidecar', true );
	} catch {
		// The site is gone too; the heartbeat simply ages out.
	}
	options.log( 'Stopped.' );
	return 0;
}
