/**
 * Decides for a page of users at a time with the data fetched in bulk, and runs the batch (B5)
 * over every user in keyset pages. The event outbox runner is in events.ts.
 */
import { decideUser } from './decide';
import { checkEmail } from './email';
import { applyIsolated } from './isolate';
import type { Operation } from './operations';
import type { RunCounts, SyncPort } from './port';
import type {
	Candidate,
	ContactRecord,
	Decision,
	EngineSettings,
	Trigger,
	UserRecord,
} from './types';

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

/** What a page's decisions need from the site: candidates by email and the linked contacts. */
export interface PageData {
	candidates: Map< string, Candidate[] >;
	contacts: Map< number, ContactRecord >;
}

/** The unlinked users' valid emails, and the contacts of users linked with the switch on. */
function wantedFor( users: readonly UserRecord[] ): {
	emails: string[];
	contactIds: number[];
} {
	const emails = new Set< string >();
	const contactIds: number[] = [];
	for ( const user of users ) {
		const email = checkEmail( user.email );
		if ( ! user.link && email.ok ) {
			emails.add( email.email );
		}
		if ( user.link?.sync_enabled ) {
			contactIds.push( user.link.contact_id );
		}
	}
	return { emails: [ ...emails ], contactIds };
}

/** Candidates for these emails and these contacts, one request each (none for an empty list). */
async function lookUp(
	port: SyncPort,
	emails: string[],
	contactIds: number[]
): Promise< PageData > {
	const [ candidates, contacts ] = await Promise.all( [
		emails.length > 0
			? port.candidates( emails )
			: Promise.resolve( new Map< string, Candidate[] >() ),
		contactIds.length > 0
			? port.contacts( contactIds )
			: Promise.resolve( new Map< number, ContactRecord >() ),
	] );
	return { candidates, contacts };
}

/**
 * Candidates for the unlinked users' emails and the linked users' contacts. Candidates are
 * needed for unlinked users (to link) and for linked users whose email moved away from their
 * contact's (to report a collision, R5); the second set is known only once the contacts are in
 * (decidePage asks for it), and is usually empty.
 */
function fetchPageData(
	port: SyncPort,
	users: readonly UserRecord[]
): Promise< PageData > {
	const { emails, contactIds } = wantedFor( users );
	return lookUp( port, emails, contactIds );
}

/** The contacts and emails a page's operations may have changed on the site. */
interface Touched {
	contacts: Set< number >;
	emails: Set< string >;
}

/**
 * What applying these operations may change in another page's data: every contact they name
 * or unlink (the users' links, for unlink, delete_user and touch_link), and every email they
 * give a contact (a new contact's, an added or primary one).
 */
function touchedBy(
	operations: readonly Operation[],
	users: readonly UserRecord[]
): Touched {
	const touched: Touched = { contacts: new Set(), emails: new Set() };
	const linkOf = new Map(
		users.map( ( user ) => [ user.id, user.link?.contact_id ] )
	);
	const addEmail = ( raw: string ) => {
		const email = checkEmail( raw );
		touched.emails.add( email.ok ? email.email : raw.trim().toLowerCase() );
	};
	for ( const operation of operations ) {
		if ( 'contact_id' in operation && operation.contact_id ) {
			touched.contacts.add( operation.contact_id );
		}
		const linked = linkOf.get( operation.user_id ?? 0 );
		if ( linked ) {
			touched.contacts.add( linked );
		}
		if ( operation.kind === 'create_and_link' ) {
			addEmail( operation.contact.email );
		} else if ( operation.kind === 'update_contact' ) {
			( operation.add_emails ?? [] ).forEach( addEmail );
			if ( operation.primary_email ) {
				addEmail( operation.primary_email );
			}
		}
	}
	return touched;
}

/**
 * Data fetched while the page before was applied, made current: the candidates of emails that
 * page touched (or whose holders it touched) and its touched contacts are fetched again.
 */
async function refreshPageData(
	port: SyncPort,
	users: readonly UserRecord[],
	data: PageData,
	touched: Touched
): Promise< void > {
	const { emails, contactIds } = wantedFor( users );
	const staleEmails = emails.filter(
		( email ) =>
			touched.emails.has( email ) ||
			( data.candidates.get( email ) ?? [] ).some( ( candidate ) =>
				touched.contacts.has( candidate.contact_id )
			)
	);
	const staleContacts = contactIds.filter( ( id ) =>
		touched.contacts.has( id )
	);
	const fresh = await lookUp( port, staleEmails, staleContacts );
	for ( const email of staleEmails ) {
		data.candidates.delete( email );
		const found = fresh.candidates.get( email );
		if ( found ) {
			data.candidates.set( email, found );
		}
	}
	for ( const id of staleContacts ) {
		data.contacts.delete( id );
		const contact = fresh.contacts.get( id );
		if ( contact ) {
			data.contacts.set( id, contact );
		}
	}
}

/**
 * Decides for a page of users with the data fetched in bulk (fetched here unless given).
 * Within a page, a contact chosen for one user is no longer a candidate for the next (R2), so
 * one page never links a contact twice. `formerEmails`: per user, the addresses their profile
 * updates left behind (R5, events only).
 */
export async function decidePage(
	port: SyncPort,
	users: UserRecord[],
	triggers: Map< number, Trigger >,
	settings: EngineSettings,
	formerEmails: ReadonlyMap< number, readonly string[] > = new Map(),
	fetched?: PageData
): Promise< Array< { user: UserRecord; decision: Decision } > > {
	const { candidates, contacts } =
		fetched ?? ( await fetchPageData( port, users ) );
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
		// Former addresses the contact lacks: who else holds them is reported (R5).
		for ( const former of formerEmails.get( user.id ) ?? [] ) {
			const checked = checkEmail( former );
			if (
				contact &&
				checked.ok &&
				! contact.emails.includes( checked.email ) &&
				! candidates.has( checked.email )
			) {
				movedEmails.add( checked.email );
			}
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
			formerEmails: ( formerEmails.get( user.id ) ?? [] ).map(
				( former ) => {
					const checked = checkEmail( former );
					return {
						email: former,
						holders: checked.ok
							? ( candidates.get( checked.email ) ?? [] )
							: [],
					};
				}
			),
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
	counts: RunCounts;
	cursor: number;
}

export interface BatchOptions {
	runId: number | null;
	/**
	 * 'batch' (default): Synchronize Users to Contacts (B5), every user. 'resync': Update all
	 * synchronized users (B10), only users linked with the switch on, each pair brought up to
	 * date in the direction of its link.
	 */
	trigger?: 'batch' | 'resync';
	dryRun?: boolean;
	pageSize?: number;
	/** Resume after this user id. */
	startAfter?: number;
	onProgress?: ( progress: BatchProgress ) => void | Promise< void >;
	/** Checked between pages: true stops the run where it is (it can resume from the cursor). */
	shouldStop?: () => boolean;
	/**
	 * A dry run's planned outcomes, a page at a time; given, they are not kept in `planned`
	 * (a dry run of a million users would hold them all).
	 */
	onPlanned?: ( page: BatchResult[ 'planned' ] ) => void;
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

function countDecision( counts: RunCounts, decision: Decision ): void {
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
 * A request whose answer is awaited later. Its failure is marked handled at once: one that
 * fails while the runner awaits something else, or after the runner stopped on another
 * failure, is no unhandled rejection (which ends a Node process). Awaiting it still throws.
 */
function prefetch< T >( request: Promise< T > ): Promise< T > {
	request.catch( () => undefined );
	return request;
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
	const trigger = options.trigger ?? 'batch';
	const synchronized = trigger === 'resync';
	const counts: RunCounts = {
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
	// The next page and its data are fetched while the current one is decided and applied;
	// what the applied page touched is fetched again before the next is decided.
	let nextPage = prefetch(
		port.usersPage( cursor, pageSize, fields, synchronized )
	);
	let nextData: Promise< PageData > | null = null;
	let touched: Touched | null = null;
	for (;;) {
		const page = await nextPage;
		total = Math.max( total, page.total );
		if ( page.users.length === 0 ) {
			break;
		}
		const data = await ( nextData ?? fetchPageData( port, page.users ) );
		if ( touched ) {
			await refreshPageData( port, page.users, data, touched );
		}
		const pageCursor = page.users[ page.users.length - 1 ]?.id ?? cursor;
		nextPage =
			page.nextAfter === null
				? Promise.resolve( { users: [], nextAfter: null, total } )
				: prefetch(
						port.usersPage(
							pageCursor,
							pageSize,
							fields,
							synchronized
						)
					);
		nextData = prefetch(
			nextPage.then( ( next ) => fetchPageData( port, next.users ) )
		);
		const decided = await decidePage(
			port,
			page.users,
			new Map(
				page.users.map( ( user ): [ number, Trigger ] => [
					user.id,
					trigger,
				] )
			),
			settings,
			new Map(),
			data
		);
		const operations: Operation[] = [];
		const pagePlanned: BatchResult[ 'planned' ] = options.onPlanned
			? []
			: planned;
		for ( const { user, decision } of decided ) {
			countDecision( counts, decision );
			operations.push( ...withNotes( decision ) );
			if ( options.dryRun ) {
				pagePlanned.push( {
					user_id: user.id,
					operations: decision.operations,
					notes: explanation( decision ),
				} );
			}
		}
		if ( options.dryRun && options.onPlanned ) {
			options.onPlanned( pagePlanned );
		}
		touched = null;
		if ( ! options.dryRun && operations.length > 0 ) {
			await applyIsolated( port, operations, options.runId, pageCursor );
			touched = touchedBy( operations, page.users );
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
