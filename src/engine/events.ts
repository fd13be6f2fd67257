/**
 * Processes the event outbox: claims a batch of events, decides for their users and deletions,
 * applies the result in one request and acknowledges the events.
 */
import {
	decideContactDeleted,
	decideUserDeleted,
	LINK_MOMENTS,
} from './decide';
import { applyIsolated, INVALID_OPERATION } from './isolate';
import { RIGHTS_REFUSALS } from './operations';
import type { ApplyOperationResult, Operation } from './operations';
import type { EventType, SyncEvent, SyncPort } from './port';
import { decidePage, neededUserFields } from './runner';
import type { Candidate, EngineSettings, LinkState, Trigger } from './types';

const TRIGGER_OF_EVENT: Partial< Record< EventType, Trigger > > = {
	user_registered: 'registration',
	user_logged_in: 'login',
	crm_action: 'crm_action',
	user_updated: 'profile_update',
	contact_updated: 'resync',
	link_changed: 'resync',
	email_confirmed: 'email_confirmed',
	// An administrator asked (Users list bulk action, the switch on a user screen): link or
	// create now whatever "link when" says, as the batch tool does (B5, B7).
	sync_requested: 'batch',
};

// When one user has several events in a claim, the one that can link wins.
// An administrator's request (batch) outranks the link moments, which "link when" may turn off.
const TRIGGER_RANK: Record< Trigger, number > = {
	email_confirmed: 7,
	batch: 6,
	registration: 5,
	login: 4,
	crm_action: 3,
	resync: 1,
	profile_update: 0,
};

/**
 * A trigger's rank in a claim under these settings. A link moment "link when" turns off links
 * nothing, so it gives way to one that can (a login and a My details save claimed together,
 * with only CRM actions linking); it still outranks the triggers that never link.
 */
function rankOf( trigger: Trigger, settings: EngineSettings ): number {
	const off =
		LINK_MOMENTS.has( trigger ) &&
		! settings.link_when.includes(
			trigger as EngineSettings[ 'link_when' ][ number ]
		);
	return off ? 1.5 + TRIGGER_RANK[ trigger ] / 100 : TRIGGER_RANK[ trigger ];
}

/** Fields a person saved while not yet linked (My details): the latest save per user wins. */
function detailsByUser(
	events: SyncEvent[]
): Map< number, Record< string, string > > {
	const details = new Map< number, Record< string, string > >();
	for ( const event of events ) {
		const saved =
			event.type === 'crm_action' ? event.payload.details : undefined;
		if ( saved && typeof saved === 'object' ) {
			const fields: Record< string, string > = {};
			for ( const [ key, value ] of Object.entries( saved ) ) {
				if ( typeof value === 'string' ) {
					fields[ key ] = value;
				}
			}
			details.set( event.user_id, {
				...details.get( event.user_id ),
				...fields,
			} );
		}
	}
	return details;
}

/**
 * R5: the addresses each user's profile updates left behind, oldest first. Each event carries
 * the email before the change, so every former address is known however many changes came
 * before a runner saw them, while the user's current state shows only the last one.
 */
function formerEmailsByUser( events: SyncEvent[] ): Map< number, string[] > {
	const former = new Map< number, string[] >();
	for ( const event of events ) {
		const oldEmail =
			event.type === 'user_updated' ? event.payload.old_email : undefined;
		if ( typeof oldEmail === 'string' && oldEmail !== '' ) {
			former.set( event.user_id, [
				...( former.get( event.user_id ) ?? [] ),
				oldEmail,
			] );
		}
	}
	return former;
}

/** B3: the details saved with the CRM action go to the contact the action links. */
function withDetails(
	operations: Operation[],
	details: Record< string, string > | undefined
): Operation[] {
	if ( ! details || Object.keys( details ).length === 0 ) {
		return operations;
	}
	return operations.flatMap( ( operation ): Operation[] => {
		if ( operation.kind === 'create_and_link' ) {
			return [
				{
					...operation,
					contact: {
						...operation.contact,
						...details,
						type: 'individual',
						email: operation.contact.email,
					},
				},
			];
		}
		if ( operation.kind === 'link' ) {
			return [
				operation,
				{
					kind: 'update_contact',
					user_id: operation.user_id,
					contact_id: operation.contact_id,
					fields: details,
				},
			];
		}
		return [ operation ];
	} );
}

/**
 * B12 both ways. A deleted user still has their link row; a deleted contact's link is gone
 * already (removed with the contact), so its event carries what the link was.
 */
async function decideDeletions(
	port: SyncPort,
	deletions: SyncEvent[],
	settings: EngineSettings
): Promise< Operation[] > {
	const userDeletions = deletions.filter(
		( event ) => event.type === 'user_deleted'
	);
	const contactDeletions = deletions.filter(
		( event ) => event.type === 'contact_deleted'
	);
	const [ links, survivors ] = await Promise.all( [
		userDeletions.length > 0
			? port.links( userDeletions.map( ( event ) => event.user_id ) )
			: Promise.resolve( new Map< number, LinkState >() ),
		contactDeletions.length > 0
			? port.usersByIds(
					contactDeletions.map( ( event ) => event.user_id ),
					[]
				)
			: Promise.resolve( [] ),
	] );
	const operations: Operation[] = [];
	for ( const event of userDeletions ) {
		operations.push(
			...decideUserDeleted( {
				userId: event.user_id,
				link: links.get( event.user_id ) ?? null,
				settings,
			} ).operations
		);
	}
	for ( const event of contactDeletions ) {
		const { payload } = event;
		const link: LinkState | null =
			payload.source === 'user' || payload.source === 'contact'
				? {
						contact_id: Number( payload.contact_id ),
						source: payload.source,
						sync_enabled: payload.sync_enabled === true,
					}
				: null;
		// Who deleted the contact (events from before R7 carry it in the payload only).
		const actingUserId = Number(
			event.actor_id || ( payload.acting_user_id ?? 0 )
		);
		const decision = decideContactDeleted( {
			user:
				survivors.find(
					( candidate ) => candidate.id === event.user_id
				) ?? null,
			link,
			settings,
			actingUserId,
		} );
		// The unlink already happened with the deletion; only a user deletion is left to do,
		// and only if the person who deleted the contact may delete the user (R7).
		operations.push(
			...decision.operations.flatMap( ( operation ): Operation[] =>
				operation.kind === 'delete_user'
					? [
							actingUserId > 0
								? { ...operation, on_behalf_of: actingUserId }
								: operation,
						]
					: []
			)
		);
	}
	return operations;
}

export interface EventsResult {
	claimed: number;
	processed: number;
	failed: number;
	operations: number;
	/** The decisions' warnings, for whoever watches the log. */
	notes: string[];
	/**
	 * With `deferAck`: the acknowledgement of the processed events, under way. The watch loop
	 * claims the next batch meanwhile (those events are leased: no other claim gets them).
	 */
	acknowledged?: Promise< void >;
}

/**
 * R7: the events whose change a person may not make, each with the site's reason: every event
 * of a user an operation was refused for that way. They fail at once and are not retried
 * (another attempt would only be refused again); the admin sees why on the event. So do the
 * events of a user whose operation cannot apply as sent (R8: INVALID_OPERATION): their
 * neighbours in the claim are done, only they fail.
 */
function refusedForRights(
	events: SyncEvent[],
	operations: Operation[],
	results: ApplyOperationResult[]
): Map< number, string > {
	const byUser = new Map< number, string >();
	for ( const result of results ) {
		const operation = operations[ result.index ];
		if (
			result.status === 'refused' &&
			( RIGHTS_REFUSALS.includes( result.reason ?? '' ) ||
				result.reason === INVALID_OPERATION ) &&
			operation &&
			'user_id' in operation &&
			operation.user_id !== undefined
		) {
			byUser.set(
				operation.user_id,
				`${ result.reason }: ${ result.message ?? '' }`.trim()
			);
		}
	}
	const refused = new Map< number, string >();
	for ( const event of events ) {
		const error = byUser.get( event.user_id );
		if ( error !== undefined ) {
			refused.set( event.id, error );
		}
	}
	return refused;
}

/**
 * `port`, answering candidates from those the claim brought when it has every email asked for
 * (a former address of R5 may not be among them: that one is asked for).
 */
function withCandidates(
	port: SyncPort,
	known: Map< string, Candidate[] > | undefined
): SyncPort {
	if ( ! known ) {
		return port;
	}
	return {
		...port,
		candidates: async ( emails ) =>
			emails.every( ( email ) => known.has( email ) )
				? new Map(
						emails.map( ( email ) => [
							email,
							known.get( email ) ?? [],
						] )
					)
				: port.candidates( emails ),
	};
}

/**
 * Claims a batch of events, decides for their users and applies the result in one request.
 * At-least-once: a crash before the acknowledgement lets the lease expire and another runner
 * redo the batch, which the idempotent apply makes harmless.
 */
export async function processEvents(
	port: SyncPort,
	options: { limit?: number; leaseSeconds?: number; deferAck?: boolean } = {}
): Promise< EventsResult > {
	const claim = await port.claimEvents(
		options.limit ?? 500,
		options.leaseSeconds ?? 60
	);
	const { token, events } = claim;
	if ( events.length === 0 ) {
		return {
			claimed: 0,
			processed: 0,
			failed: 0,
			operations: 0,
			notes: [],
		};
	}
	// What the site sent with the claim saves two requests (users read with these settings).
	const sent =
		claim.settings && claim.users
			? { settings: claim.settings, users: claim.users }
			: null;
	const settings = sent?.settings ?? ( await port.settings() );
	const deciding = withCandidates( port, claim.candidates );
	const triggers = new Map< number, Trigger >();
	const deletions: SyncEvent[] = [];
	for ( const event of events ) {
		if (
			event.type === 'user_deleted' ||
			event.type === 'contact_deleted'
		) {
			deletions.push( event );
			continue;
		}
		const trigger = TRIGGER_OF_EVENT[ event.type ];
		const known = triggers.get( event.user_id );
		if (
			trigger &&
			( known === undefined ||
				rankOf( trigger, settings ) > rankOf( known, settings ) )
		) {
			triggers.set( event.user_id, trigger );
		}
	}
	const operations: Operation[] = [];
	const notes: string[] = [];
	let refused = new Map< number, string >();
	try {
		if ( triggers.size > 0 ) {
			const users = sent
				? sent.users.filter( ( user ) => triggers.has( user.id ) )
				: await port.usersByIds(
						[ ...triggers.keys() ],
						neededUserFields( settings )
					);
			const decided = await decidePage(
				deciding,
				users,
				triggers,
				settings,
				formerEmailsByUser( events )
			);
			const details = detailsByUser( events );
			decided.forEach( ( { user, decision } ) => {
				operations.push(
					...withDetails(
						decision.operations,
						details.get( user.id )
					)
				);
				for ( const note of decision.warnings ?? [] ) {
					notes.push( `user ${ user.id }: ${ note }` );
				}
			} );
		}
		if ( deletions.length > 0 ) {
			operations.push(
				...( await decideDeletions( port, deletions, settings ) )
			);
		}
		if ( operations.length > 0 ) {
			const { results } = await applyIsolated( port, operations, null );
			refused = refusedForRights( events, operations, results );
		}
	} catch ( error ) {
		const message =
			error instanceof Error ? error.message : String( error );
		await port.ackEvents(
			token,
			[],
			events.map( ( event ) => ( { id: event.id, error: message } ) )
		);
		return {
			claimed: events.length,
			processed: 0,
			failed: events.length,
			operations: 0,
			notes: [],
		};
	}
	// Acknowledged only now that the batch is applied.
	const acknowledged = port.ackEvents(
		token,
		events
			.filter( ( event ) => ! refused.has( event.id ) )
			.map( ( event ) => event.id ),
		[ ...refused ].map( ( [ id, error ] ) => ( {
			id,
			error,
			retry: false,
		} ) )
	);
	const result: EventsResult = {
		claimed: events.length,
		processed: events.length - refused.size,
		failed: refused.size,
		operations: operations.length,
		notes,
	};
	if ( options.deferAck ) {
		// Handled: whoever awaits `acknowledged` sees its failure; no unhandled rejection before.
		acknowledged.catch( () => {} );
		return { ...result, acknowledged };
	}
	await acknowledged;
	return result;
}
