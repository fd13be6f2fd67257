/**
 * Runs decisions over many users: the batch (keyset pages) and the event outbox. All I/O goes
 * through a SyncPort, so the same code runs in the browser and in the Node sidecar.
 */
import { decideContactDeleted, decideUser, decideUserDeleted } from './decide';
import { checkEmail } from './email';
import type {
	Candidate,
	ContactRecord,
	Decision,
	EngineSettings,
	LinkState,
	Operation,
	Trigger,
	UserRecord,
} from './types';

export type EventType =
	| 'user_registered'
	| 'user_updated'
	| 'user_logged_in'
	| 'user_deleted'
	| 'crm_action'
	| 'contact_updated'
	| 'contact_deleted'
	| 'link_changed';

export interface SyncEvent {
	id: number;
	type: EventType;
	user_id: number;
	payload: Record< string, unknown >;
}

export interface ApplyCounts {
	checked: number;
	matched: number;
	created: number;
	skipped: number;
	updated: number;
}

export interface ApplyOutcome {
	results: Array< { index: number; status: string; reason?: string } >;
}

/** What the runner needs from WordPress. src/api/syncPort.ts implements it over REST. */
export interface SyncPort {
	settings: () => Promise< EngineSettings >;
	usersPage: (
		after: number,
		limit: number,
		fields: string[]
	) => Promise< {
		users: UserRecord[];
		nextAfter: number | null;
		total: number;
	} >;
	usersByIds: ( ids: number[], fields: string[] ) => Promise< UserRecord[] >;
	/** Contacts holding each email (keys are normalised emails). */
	candidates: ( emails: string[] ) => Promise< Map< string, Candidate[] > >;
	contacts: ( ids: number[] ) => Promise< Map< number, ContactRecord > >;
	links: ( userIds: number[] ) => Promise< Map< number, LinkState > >;
	/** Applies all or nothing; with a run, also records run items and stores the cursor. */
	apply: (
		operations: Operation[],
		runId: number | null,
		cursor?: number
	) => Promise< ApplyOutcome >;
	claimEvents: (
		limit: number,
		leaseSeconds: number
	) => Promise< { token: string; events: SyncEvent[] } >;
	ackEvents: (
		token: string,
		processed: number[],
		failed: Array< { id: number; error: string } >
	) => Promise< void >;
}

/** The user fields a decision needs: the mapped ones (mapped mode only). */
export function neededUserFields( settings: EngineSettings ): string[] {
	return settings.sync_mode === 'mapped'
		? [
				...new Set(
					settings.field_map.map( ( pair ) => pair.user_field )
				),
			]
		: [];
}

/**
 * Decides for a page of users with the data fetched in bulk: candidates for the unlinked users'
 * emails and the linked users' contacts. Within a page, a contact chosen for one user is no
 * longer a candidate for the next (R2), so one page never links a contact twice.
 */
export async function decidePage(
	port: SyncPort,
	users: UserRecord[],
	triggers: Map< number, Trigger >,
	settings: EngineSettings
): Promise< Array< { user: UserRecord; decision: Decision } > > {
	// Candidates are needed for unlinked users (to link) and for linked users whose email moved
	// away from their contact's (to report a collision, R5). The second set is known only once
	// the contacts are in, and is usually empty: most of a re-sync asks for no candidates at all.
	const unlinkedEmails = new Set< string >();
	const contactIds: number[] = [];
	for ( const user of users ) {
		const email = checkEmail( user.email );
		if ( ! user.link && email.ok ) {
			unlinkedEmails.add( email.email );
		}
		if ( user.link?.sync_enabled ) {
			contactIds.push( user.link.contact_id );
		}
	}
	const [ candidates, contacts ] = await Promise.all( [
		unlinkedEmails.size > 0
			? port.candidates( [ ...unlinkedEmails ] )
			: Promise.resolve( new Map< string, Candidate[] >() ),
		contactIds.length > 0
			? port.contacts( contactIds )
			: Promise.resolve( new Map< number, ContactRecord >() ),
	] );
	const movedEmails = new Set< string >();
	for ( const user of users ) {
		const email = checkEmail( user.email );
		const contact = user.link
			? contacts.get( user.link.contact_id )
			: undefined;
		if (
			email.ok &&
			contact &&
			contact.email !== email.email &&
			! candidates.has( email.email )
		) {
			movedEmails.add( email.email );
		}
	}
	if ( movedEmails.size > 0 ) {
		for ( const [ email, found ] of await port.candidates( [
			...movedEmails,
		] ) ) {
			candidates.set( email, found );
		}
	}
	const claimed = new Map< number, number >(); // contact id -> user id, chosen in this page
	const decided: Array< { user: UserRecord; decision: Decision } > = [];
	for ( const user of users ) {
		const email = checkEmail( user.email );
		const found =
			( email.ok ? candidates.get( email.email ) : undefined ) ?? [];
		const current = found.map( ( candidate ) => ( {
			...candidate,
			linked_user_id:
				candidate.linked_user_id ??
				claimed.get( candidate.contact_id ) ??
				null,
		} ) );
		const decision = decideUser( {
			user,
			trigger: triggers.get( user.id ) ?? 'batch',
			candidates: current,
			contact: user.link
				? ( contacts.get( user.link.contact_id ) ?? null )
				: null,
			settings,
		} );
		for ( const operation of decision.operations ) {
			if ( operation.kind === 'link' ) {
				claimed.set( operation.contact_id, user.id );
			}
		}
		decided.push( { user, decision } );
	}
	return decided;
}

export interface BatchProgress {
	done: number;
	total: number;
	counts: ApplyCounts;
	cursor: number;
}

export interface BatchOptions {
	runId: number | null;
	dryRun?: boolean;
	pageSize?: number;
	/** Resume after this user id. */
	startAfter?: number;
	onProgress?: ( progress: BatchProgress ) => void | Promise< void >;
	/** Checked between pages: true stops the run where it is (it can resume from the cursor). */
	shouldStop?: () => boolean;
}

export interface BatchResult extends BatchProgress {
	stopped: boolean;
	/** Per-user outcomes of a dry run (nothing written). */
	planned: Array< {
		user_id: number;
		operations: Operation[];
		notes: string[];
	} >;
}

/** Everything that explains a decision, warnings first. */
export function explanation( decision: Decision ): string[] {
	return [ ...( decision.warnings ?? [] ), ...decision.notes ];
}

/** The decision's operations, its explanation (if any) on the first one, for the run log. */
export function withNotes( decision: Decision ): Operation[] {
	const lines = explanation( decision );
	if ( lines.length === 0 ) {
		return decision.operations;
	}
	const reason = lines.join( '; ' ).slice( 0, 255 );
	return decision.operations.map( ( operation, index ) =>
		index === 0 && operation.kind !== 'skip'
			? { ...operation, reason }
			: operation
	);
}

function countDecision( counts: ApplyCounts, decision: Decision ): void {
	counts.checked += 1;
	const kinds = new Set(
		decision.operations.map( ( operation ) => operation.kind )
	);
	if ( kinds.has( 'create_and_link' ) ) {
		counts.created += 1;
	} else if ( kinds.has( 'skip' ) ) {
		counts.skipped += 1;
	} else {
		counts.matched += 1;
	}
	if ( kinds.has( 'update_contact' ) || kinds.has( 'update_user' ) ) {
		counts.updated += 1;
	}
}

/**
 * B5: checks every user, links or creates, in keyset pages; applies each page in one request.
 */
export async function runBatch(
	port: SyncPort,
	options: BatchOptions
): Promise< BatchResult > {
	const settings = await port.settings();
	const fields = neededUserFields( settings );
	const pageSize = options.pageSize ?? 5000;
	const counts: ApplyCounts = {
		checked: 0,
		matched: 0,
		created: 0,
		skipped: 0,
		updated: 0,
	};
	const planned: BatchResult[ 'planned' ] = [];
	let cursor = options.startAfter ?? 0;
	let total = 0;
	let done = 0;
	let stopped = false;
	// Fetch the next page while the current one is decided and applied.
	let nextPage = port.usersPage( cursor, pageSize, fields );
	for (;;) {
		const page = await nextPage;
		total = Math.max( total, page.total );
		if ( page.users.length === 0 ) {
			break;
		}
		const pageCursor = page.users[ page.users.length - 1 ]?.id ?? cursor;
		nextPage =
			page.nextAfter === null
				? Promise.resolve( { users: [], nextAfter: null, total } )
				: port.usersPage( pageCursor, pageSize, fields );
		const decided = await decidePage(
			port,
			page.users,
			new Map(),
			settings
		);
		const operations: Operation[] = [];
		for ( const { user, decision } of decided ) {
			countDecision( counts, decision );
			operations.push( ...withNotes( decision ) );
			if ( options.dryRun ) {
				planned.push( {
					user_id: user.id,
					operations: decision.operations,
					notes: explanation( decision ),
				} );
			}
		}
		if ( ! options.dryRun && operations.length > 0 ) {
			await port.apply( operations, options.runId, pageCursor );
		}
		cursor = pageCursor;
		done += page.users.length;
		await options.onProgress?.( {
			done,
			total: Math.max( total, done ),
			counts: { ...counts },
			cursor,
		} );
		if ( page.nextAfter === null ) {
			break;
		}
		if ( options.shouldStop?.() ) {
			stopped = true;
			break;
		}
	}
	return {
		done,
		total: Math.max( total, done ),
		counts,
		cursor,
		stopped,
		planned,
	};
}

const TRIGGER_OF_EVENT: Partial< Record< EventType, Trigger > > = {
	user_registered: 'registration',
	user_logged_in: 'login',
	crm_action: 'crm_action',
	user_updated: 'profile_update',
	contact_updated: 'resync',
	link_changed: 'resync',
};

// When one user has several events in a claim, the one that can link wins.
const TRIGGER_RANK: Record< Trigger, number > = {
	registration: 5,
	login: 4,
	crm_action: 3,
	batch: 2,
	resync: 1,
	profile_update: 0,
};

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
		const decision = decideContactDeleted( {
			user:
				survivors.find(
					( candidate ) => candidate.id === event.user_id
				) ?? null,
			link,
			settings,
			actingUserId: Number( payload.acting_user_id ?? 0 ),
		} );
		// The unlink already happened with the deletion; only a user deletion is left to do.
		operations.push(
			...decision.operations.filter(
				( operation ) => operation.kind === 'delete_user'
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
}

/**
 * Claims a batch of events, decides for their users and applies the result in one request.
 * At-least-once: a crash before the acknowledgement lets the lease expire and another runner
 * redo the batch, which the idempotent apply makes harmless.
 */
export async function processEvents(
	port: SyncPort,
	options: { limit?: number; leaseSeconds?: number } = {}
): Promise< EventsResult > {
	const { token, events } = await port.claimEvents(
		options.limit ?? 500,
		options.leaseSeconds ?? 60
	);
	if ( events.length === 0 ) {
		return {
			claimed: 0,
			processed: 0,
			failed: 0,
			operations: 0,
			notes: [],
		};
	}
	const settings = await port.settings();
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
				TRIGGER_RANK[ trigger ] > TRIGGER_RANK[ known ] )
		) {
			triggers.set( event.user_id, trigger );
		}
	}
	const operations: Operation[] = [];
	const notes: string[] = [];
	try {
		if ( triggers.size > 0 ) {
			const users = await port.usersByIds(
				[ ...triggers.keys() ],
				neededUserFields( settings )
			);
			const decided = await decidePage( port, users, triggers, settings );
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
			await port.apply( operations, null );
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
	await port.ackEvents(
		token,
		events.map( ( event ) => event.id ),
		[]
	);
	return {
		claimed: events.length,
		processed: events.length,
		failed: 0,
		operations: operations.length,
		notes,
	};
}
