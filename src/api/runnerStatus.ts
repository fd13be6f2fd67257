/**
 * Whether anything processes events, and how many wait: mirrors
 * includes/REST/RunnerStatusController.php.
 */
import { NAMESPACE } from './index';
import type { Transport } from './transport';

export interface RunnerStatus {
	/** Events waiting to be processed (or being processed right now). */
	pending: number;
	/** Events whose last attempt failed (retried later) or that ran out of attempts. */
	failed: number;
	/** A sidecar was heard from in the last minute and has not said it stopped. */
	sidecar_alive: boolean;
	/** Seconds since a sidecar was last heard from; null when none was in the last day. */
	sidecar_seconds_ago: number | null;
}

export async function getRunnerStatus(
	transport: Transport
): Promise< RunnerStatus > {
	return (
		await transport.request< RunnerStatus >( {
			path: `${ NAMESPACE }/runner-status`,
		} )
	).data;
}
