/**
 * Pages sized by time, not by count: the browser's batch wants a page to take well under a
 * second (the count moves, and Pause waits only for the page in flight), while each request
 * costs WordPress's start-up, so small pages on a fast site lose speed. The sizer measures how
 * long each page took and sizes the next for `targetMs`, between `min` and `max` users.
 */
import type { SyncPort } from '../../engine/port';

export interface PageSizer {
	/** Users to ask for in the next page. */
	next: () => number;
	/** A page of `users` was decided and applied at `now` (ms). */
	pageDone: ( users: number, now: number ) => void;
}

export function createPageSizer( {
	startedAt,
	first = 1000,
	min = 250,
	max = 5000,
	targetMs = 450,
}: {
	startedAt: number;
	first?: number;
	min?: number;
	max?: number;
	targetMs?: number;
} ): PageSizer {
	let size = first;
	let last = startedAt;
	return {
		next: () => size,
		pageDone( users, now ) {
			const took = Math.max( 1, now - last );
			last = now;
			if ( users > 0 ) {
				// Hundreds, so a page's size does not wobble with every measurement.
				const fitting =
					Math.round( ( ( users / took ) * targetMs ) / 100 ) * 100;
				size = Math.min( max, Math.max( min, fitting ) );
			}
		},
	};
}

/** The port, its users read in pages of the sizer's size (runBatch's own size is ignored). */
export function withSizedPages( port: SyncPort, sizer: PageSizer ): SyncPort {
	return {
		...port,
		usersPage: ( after, _limit, fields, synchronized ) =>
			port.usersPage( after, sizer.next(), fields, synchronized ),
	};
}
