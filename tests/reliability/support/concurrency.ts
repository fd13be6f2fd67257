/**
 * The concurrency scenarios, on one web node or several: runners racing over the same users,
 * and a burst of registrations with `watch` running.
 */
import {
	insertRegistrationEvents,
	insertUsers,
	settleEvents,
	sqlNumber,
} from './database';
import { startCli, startWatch, stopWatch } from './cli';
import type { CliExit, CliProcess } from './cli';
import { linkedCount, registerAt } from './people';
import { sleep } from './processes';
import { drained } from './watchThroughFault';

/** Resolves once a sync run is in progress (or the process has ended). */
async function runningOrDone( sync: CliProcess ): Promise< void > {
	let done = false;
	void sync.exited.then( () => ( done = true ) );
	while (
		! done &&
		sqlNumber(
			"SELECT COUNT(*) FROM wp_utc_runs WHERE kind = 'sync_users' AND status = 'running'"
		) === 0
	) {
		await sleep( 20 );
	}
}

async function withWatchers< T >(
	urls: string[],
	body: () => Promise< T >
): Promise< T > {
	const watchers: CliProcess[] = [];
	try {
		for ( const url of urls ) {
			watchers.push( await startWatch( { url } ) );
		}
		return await body();
	} finally {
		const exits = await Promise.all( watchers.map( stopWatch ) );
		expect( exits.map( ( exit ) => exit.code ) ).toEqual(
			watchers.map( () => 0 )
		);
	}
}

export interface RaceFigures {
	users: number;
	events: number;
	syncs: CliExit[];
	ms: number;
}

/**
 * `users` new users (30 % with a matching contact), each with a registration event, processed
 * at once by one `sync` per `syncUrls` entry and one `watch` per `watchUrls` entry.
 */
export async function runnersRace( options: {
	prefix: string;
	users: number;
	syncUrls: string[];
	watchUrls: string[];
} ): Promise< RaceFigures > {
	settleEvents();
	insertUsers(
		options.prefix,
		options.users,
		Math.round( options.users * 0.3 )
	);
	const began = Date.now();
	return withWatchers( options.watchUrls, async () => {
		const events = insertRegistrationEvents( options.prefix );
		// The first starts the run; each next one starts once it is running, so all of them
		// take part in that one run, as processes started together by a scheduler do.
		const syncs: Array< Promise< CliExit > > = [];
		for ( const url of options.syncUrls ) {
			const sync = startCli( [ 'sync', '--json', '--page-size', '200' ], {
				url,
			} );
			syncs.push( sync.exited );
			await runningOrDone( sync );
		}
		const exits = await Promise.all( syncs );
		await drained( 60000 );
		return {
			users: options.users,
			events,
			syncs: exits,
			ms: Date.now() - began,
		};
	} );
}

/**
 * Every runner of a race succeeded (exit 0), including one that found the shared run completed
 * by another (issue 8, finding 5).
 */
export function expectRunnersSucceeded( syncs: CliExit[] ): void {
	expect(
		syncs
			.filter( ( sync ) => sync.code !== 0 )
			.map( ( sync ) => `${ sync.code }: ${ sync.err.slice( -300 ) }` )
	).toEqual( [] );
}

export interface BurstFigures {
	registrations: number;
	/** From the first form post to the last answer. */
	postsMs: number;
	/** From the last answer to every new user linked. */
	linkedAfterMs: number;
}

/** `count` registrations at once through wp-login.php, spread over `urls`, with `watch` running. */
export async function registrationBurst( options: {
	prefix: string;
	count: number;
	urls: string[];
	watchUrls: string[];
	withinMs: number;
} ): Promise< BurstFigures > {
	settleEvents();
	return withWatchers( options.watchUrls, async () => {
		const began = Date.now();
		await Promise.all(
			Array.from( { length: options.count }, ( _unused, index ) =>
				registerAt(
					options.urls[ index % options.urls.length ] as string,
					`${ options.prefix }${ index }`,
					`${ options.prefix }${ index }@example.com`
				)
			)
		);
		const answered = Date.now();
		while ( linkedCount( options.prefix ) < options.count ) {
			if ( Date.now() - answered > options.withinMs ) {
				break;
			}
			await sleep( 50 );
		}
		const linkedAfterMs = Date.now() - answered;
		await drained( 30000 );
		return {
			registrations: options.count,
			postsMs: answered - began,
			linkedAfterMs,
		};
	} );
}
