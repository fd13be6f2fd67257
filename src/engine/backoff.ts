/**
 * Retry delays for a runner whose site or database is down: exponential, capped, with jitter
 * so that several runners do not hammer a recovering site in step.
 */
export function backoffDelay(
	attempt: number,
	random: () => number = Math.random
): number {
	const base = 500;
	const cap = 30000;
	const exponential = Math.min( cap, base * 2 ** Math.max( 0, attempt ) );
	// Full jitter between half and all of the delay.
	return Math.round( exponential / 2 + ( random() * exponential ) / 2 );
}
