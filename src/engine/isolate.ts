/**
 * R8: one bad operation fails alone. The site answers a well-formed operation it cannot apply
 * `refused` with its reason and applies the rest of the batch. A batch it refuses as a whole
 * (400: a malformed operation, or a site that does not refuse per operation) is split here, so
 * the good operations land and only the bad ones fail, with the site's message: runs record
 * their users as skipped with it, and events fail with it (events.ts).
 */
import type { ApplyOperationResult, Operation } from './operations';
import type { ApplyOutcome, SyncPort } from './port';
import type { SkipReason } from './types';

/** The reason of an operation that cannot apply as sent (the site's, and the runner's here). */
export const INVALID_OPERATION = 'invalid';

/** The longest reason a run item keeps. */
const REASON_LENGTH = 255;

/** A batch the site refused as a whole: its message, and the operation it named, if any. */
function refusedBatch(
	error: unknown
): { message: string; index: number | null } | null {
	if ( typeof error !== 'object' || error === null ) {
		return null;
	}
	const { status, code, message, data } = error as {
		status?: unknown;
		code?: unknown;
		message?: unknown;
		data?: { index?: unknown };
	};
	// Only a refusal of the operations themselves: not a finished run, a missing right, an
	// outage (those fail the batch as before, to be retried).
	if (
		status !== 400 ||
		( code !== 'users_to_contacts_invalid_operation' &&
			code !== 'rest_invalid_param' )
	) {
		return null;
	}
	const index = data?.index;
	return {
		message: String( message ),
		index: typeof index === 'number' && index >= 0 ? index : null,
	};
}

/**
 * The operations by whom they are for: one user's (or, naming no user, one contact's) stand or
 * fall together, since they were decided together (a link and the update sent with it).
 */
function groupsOf( operations: Operation[] ): number[][] {
	const groups = new Map< string, number[] >();
	operations.forEach( ( operation, index ) => {
		let key = `#${ index }`;
		if ( 'user_id' in operation && operation.user_id !== undefined ) {
			key = `u${ operation.user_id }`;
		} else if ( 'contact_id' in operation ) {
			key = `c${ operation.contact_id }`;
		}
		groups.set( key, [ ...( groups.get( key ) ?? [] ), index ] );
	} );
	return [ ...groups.values() ];
}

/**
 * Applies operations like port.apply(); when the site refuses the batch as a whole (400), it
 * applies the groups of operations apart (the one the site named first, the rest halved until
 * each refusal is down to one group), so only the groups the site refuses fail. Each of their
 * operations is answered `refused` with reason INVALID_OPERATION and the site's message; with
 * a run, their users are recorded as skipped with that message, and the cursor is stored then.
 * Replaying what landed before the refusal is harmless: applying is idempotent.
 */
export async function applyIsolated(
	port: SyncPort,
	operations: Operation[],
	runId: number | null,
	cursor?: number
): Promise< ApplyOutcome > {
	let first;
	try {
		return await port.apply( operations, runId, cursor );
	} catch ( error ) {
		first = refusedBatch( error );
		if ( ! first ) {
			throw error;
		}
	}
	const results: ApplyOperationResult[] = [];
	const failed = new Map< number, string >();
	// Splits groups the site refused together; `named` is the operation it named, if any.
	const split = async (
		groups: number[][],
		refused: { message: string },
		named: number | undefined
	): Promise< void > => {
		const [ only ] = groups;
		if ( groups.length === 1 && only ) {
			only.forEach( ( index ) => failed.set( index, refused.message ) );
			return;
		}
		// The operation the site named is a hint (a chunked request counts from its chunk):
		// its group is tried alone, so a wrong guess costs a request, never a good group.
		const suspect = groups.findIndex(
			( group ) => named !== undefined && group.includes( named )
		);
		if ( suspect >= 0 ) {
			await applyGroups( [ groups[ suspect ] as number[] ] );
			await applyGroups(
				groups.filter( ( _, position ) => position !== suspect )
			);
			return;
		}
		const half = Math.ceil( groups.length / 2 );
		await applyGroups( groups.slice( 0, half ) );
		await applyGroups( groups.slice( half ) );
	};
	const applyGroups = async ( groups: number[][] ): Promise< void > => {
		const indexes = groups.flat();
		if ( indexes.length === 0 ) {
			return;
		}
		try {
			const outcome = await port.apply(
				indexes.map( ( index ) => operations[ index ] as Operation ),
				runId
			);
			for ( const result of outcome.results ) {
				results.push( {
					...result,
					index: indexes[ result.index ] ?? result.index,
				} );
			}
		} catch ( error ) {
			const refused = refusedBatch( error );
			if ( ! refused ) {
				throw error;
			}
			await split(
				groups,
				refused,
				refused.index === null ? undefined : indexes[ refused.index ]
			);
		}
	};
	await split( groupsOf( operations ), first, first.index ?? undefined );

	const skips = new Map< number, string >();
	for ( const [ index, message ] of failed ) {
		results.push( {
			index,
			status: 'refused',
			reason: INVALID_OPERATION,
			message,
		} );
		const operation = operations[ index ];
		if ( operation && 'user_id' in operation && operation.user_id ) {
			skips.set( operation.user_id, message );
		}
	}
	if ( runId !== null && skips.size > 0 ) {
		await port.apply(
			[ ...skips ].map( ( [ userId, message ] ) => ( {
				kind: 'skip' as const,
				user_id: userId,
				// The site's message, not one of the engine's own skip reasons: the site keeps
				// any reason as the run item's (up to 255 characters).
				reason: ( message || INVALID_OPERATION ).slice(
					0,
					REASON_LENGTH
				) as SkipReason,
			} ) ),
			runId,
			cursor
		);
	}
	results.sort( ( a, b ) => a.index - b.index );
	return { results };
}
