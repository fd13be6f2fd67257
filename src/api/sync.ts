/**
 * The sync engine's side of the REST API, typed: the event outbox, runs and run items, and the
 * bulk routes. Mirrors includes/REST/EventsController.php, RunsController.php and
 * BulkController.php.
 */
import { NAMESPACE } from './index';
import type { EventType } from '../engine/runner';
import type { ContactFields, ContactType, LinkSource } from './contacts';
import { ApiError, requestPage } from './transport';
import type { Page, Transport } from './transport';

/* ---------------------------------------------------------------- events */

// Event types are the engine's (src/engine/runner.ts), which decides what each one means.
export type { EventType };

export type EventStatus = 'pending' | 'processed' | 'failed';

/** What the hook saw; every field is optional because a CRM action carries its own. */
export interface EventPayload {
	/** The user's email (after the change, for user_updated). */
	email?: string;
	login?: string;
	/** user_updated: the email before the change. */
	old_email?: string;
	/** user_deleted: who gets the user's content, or null. */
	reassign?: number | null;
	/** contact_updated, contact_deleted, link_changed: the contact. */
	contact_id?: number;
	[ key: string ]: unknown;
}

/** A row of the outbox. */
export interface Event {
	id: number;
	type: EventType;
	user_id: number;
	payload: EventPayload;
	/** ISO 8601 UTC. */
	created: string;
	/** failed: the last attempt reported an error, or it ran out of attempts (will_retry false). */
	status: EventStatus;
	/** How many times a runner claimed it (at most 10). */
	attempts: number;
	will_retry: boolean;
	error: string | null;
	/** A runner holds it right now. */
	claimed: boolean;
	/** When its lease or retry delay ends; null when it is claimable now or processed. */
	available_at: string | null;
	processed_at: string | null;
}

export interface EventCounts {
	pending: number;
	failed: number;
	processed: number;
}

export interface ClaimResult {
	/** 32 hex characters; acknowledge with it. */
	claim_token: string;
	/** When the lease ends; null when nothing was claimed. */
	lease_until: string | null;
	/** Oldest first. */
	events: Event[];
}

export interface AckRequest {
	claim_token: string;
	processed?: number[];
	failed?: Array< { id: number; error: string } >;
}

/** The ids acknowledged; not_held: ids the token does not hold (left unchanged). */
export interface AckResult {
	processed: number[];
	failed: number[];
	not_held: number[];
}

export type RunnerKind = 'sidecar' | 'browser';

export interface Heartbeat {
	runner: string;
	kind: RunnerKind;
	last_seen: string;
	seconds_ago: number;
	/** Heard from within the last 60 seconds, and has not said it stopped. */
	alive: boolean;
	stopped: boolean;
}

export interface EventListQuery {
	status?: EventStatus;
	type?: EventType;
	user_id?: number;
	page?: number;
	per_page?: number;
}

export type { Page } from './transport';

export function listEvents(
	transport: Transport,
	query: EventListQuery = {}
): Promise< Page< Event > > {
	return requestPage< Event >( transport, `${ NAMESPACE }/events`, query );
}

export async function getEventCounts(
	transport: Transport
): Promise< EventCounts > {
	return (
		await transport.request< EventCounts >( {
			path: `${ NAMESPACE }/events/counts`,
		} )
	).data;
}

/**
 * Leases up to `limit` (1..1000) events for `leaseSeconds` (5..600).
 * @param transport
 * @param limit
 * @param leaseSeconds
 */
export async function claimEvents(
	transport: Transport,
	limit: number,
	leaseSeconds: number
): Promise< ClaimResult > {
	return (
		await transport.request< ClaimResult >( {
			path: `${ NAMESPACE }/events/claim`,
			method: 'POST',
			data: { limit, lease_seconds: leaseSeconds },
		} )
	).data;
}

/**
 * Acknowledges claimed events. Throws an ApiError with code
 * `users_to_contacts_claim_not_held` (409) when the token holds none of them.
 * @param transport
 * @param request
 */
export async function acknowledgeEvents(
	transport: Transport,
	request: AckRequest
): Promise< AckResult > {
	return (
		await transport.request< AckResult >( {
			path: `${ NAMESPACE }/events/ack`,
			method: 'POST',
			data: request,
		} )
	).data;
}

/** Tells the site this runner is alive; `stopping` says goodbye, so it no longer counts. */
export async function sendHeartbeat(
	transport: Transport,
	runner: string,
	kind: RunnerKind,
	stopping = false
): Promise< Heartbeat > {
	return (
		await transport.request< Heartbeat >( {
			path: `${ NAMESPACE }/events/heartbeat`,
			method: 'POST',
			data: { runner, kind, ...( stopping ? { stopping } : {} ) },
		} )
	).data;
}

export async function listRunners(
	transport: Transport
): Promise< Heartbeat[] > {
	return (
		await transport.request< Heartbeat[] >( {
			path: `${ NAMESPACE }/events/heartbeat`,
		} )
	).data;
}

/* ------------------------------------------------------------------ runs */

export type RunKind = 'sync_users' | 'resync_all';

export type RunStatus =
	'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

export type RunItemOutcome =
	'matched' | 'created' | 'skipped' | 'updated' | 'unlinked' | 'deleted';

export interface RunCounts {
	checked: number;
	matched: number;
	created: number;
	skipped: number;
	updated: number;
}

export interface Run {
	id: number;
	kind: RunKind;
	status: RunStatus;
	dry_run: boolean;
	/** The last user id handled: resume with users after it. */
	cursor: number;
	/** Users on the site when the run started. */
	total: number;
	counts: RunCounts;
	/** 0..1. */
	progress: number;
	/**
	 * Completed sync_users runs: exactly `Synchronize Users to Contacts completed. Checked N user
	 * records. Found M matching contact records. Created K new contact records.`
	 */
	summary: string;
	started: string;
	finished: string | null;
	/** The user id who started it. */
	started_by: number;
}

export interface RunItem {
	id: number;
	user_id: number;
	contact_id: number | null;
	outcome: RunItemOutcome;
	reason: string;
	created: string;
}

export interface RunListQuery {
	kind?: RunKind;
	status?: RunStatus;
	page?: number;
	per_page?: number;
}

export function listRuns(
	transport: Transport,
	query: RunListQuery = {}
): Promise< Page< Run > > {
	return requestPage< Run >( transport, `${ NAMESPACE }/runs`, query );
}

/**
 * Starts a run. Throws an ApiError `users_to_contacts_run_in_progress` (409) while another run of
 * the same kind is running or paused; its `data.run_id` names it.
 * @param transport
 * @param kind
 * @param dryRun
 */
export async function startRun(
	transport: Transport,
	kind: RunKind,
	dryRun = false
): Promise< Run > {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs`,
			method: 'POST',
			data: { kind, dry_run: dryRun },
		} )
	).data;
}

export async function getRun( transport: Transport, id: number ) {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs/${ id }`,
		} )
	).data;
}

export interface RunUpdate {
	status?: RunStatus;
	cursor?: number;
}

export async function updateRun(
	transport: Transport,
	id: number,
	update: RunUpdate
): Promise< Run > {
	return (
		await transport.request< Run >( {
			path: `${ NAMESPACE }/runs/${ id }`,
			method: 'PATCH',
			data: update,
		} )
	).data;
}

export function listRunItems(
	transport: Transport,
	runId: number,
	query: { outcome?: RunItemOutcome; page?: number; per_page?: number } = {}
): Promise< Page< RunItem > > {
	return requestPage< RunItem >(
		transport,
		`${ NAMESPACE }/runs/${ runId }/items`,
		query
	);
}

/* ------------------------------------------------------------------ bulk */

export interface BulkLink {
	contact_id: number;
	sync_enabled: boolean;
	source: LinkSource;
	origin: 'matched' | 'created' | 'manual';
}

export interface BulkUser {
	id: number;
	login: string;
	/** As stored (not normalised). */
	email: string;
	roles: string[];
	display_name: string;
	first_name: string;
	last_name: string;
	/**
	 * The requested `fields`: core fields and user meta values as stored (null when the user has
	 * no such meta).
	 */
	fields: Record< string, string | null >;
	link: BulkLink | null;
}

export interface BulkUsersPage {
	users: BulkUser[];
	/** Pass as `after` for the next page; null on the last page. */
	next_after: number | null;
	/** Users on the site; on the first page (after = 0) only. */
	total?: number;
}

export interface BulkUsersQuery {
	after?: number;
	/** 1..5000. */
	limit?: number;
	/** Only these users (up to 5000); `after` and `limit` are then ignored and next_after is null. */
	include?: number[];
	/** Core fields (user_url, user_registered, user_nicename) and user meta keys. */
	fields?: string[];
}

export async function getBulkUsers(
	transport: Transport,
	query: BulkUsersQuery = {}
): Promise< BulkUsersPage > {
	return (
		await transport.request< BulkUsersPage >( {
			path: `${ NAMESPACE }/bulk/users`,
			query: {
				after: query.after,
				limit: query.limit,
				include: query.include?.length
					? query.include.join( ',' )
					: undefined,
				fields: query.fields?.length
					? query.fields.join( ',' )
					: undefined,
			},
		} )
	).data;
}

export interface ContactMatch {
	contact_id: number;
	type: ContactType;
	/** The email is this contact's primary email. */
	primary: boolean;
	linked_user_id: number | null;
}

export interface ContactsByEmails {
	/** Keyed by the normalised (trimmed, lower-case) email; every requested email is a key. */
	matches: Record< string, ContactMatch[] >;
}

/**
 * Non-deleted contacts holding each email as any of their emails (up to 5000 emails).
 * @param transport
 * @param emails
 */
export async function getContactsByEmails(
	transport: Transport,
	emails: string[]
): Promise< ContactsByEmails > {
	return (
		await transport.request< ContactsByEmails >( {
			path: `${ NAMESPACE }/bulk/contacts-by-emails`,
			method: 'POST',
			data: { emails },
		} )
	).data;
}

/** A contact as POST /bulk/contacts returns it. */
export interface BulkContact {
	id: number;
	/** The primary email, lower case; '' when none. */
	email: string;
	/** Every email, lower case, the primary first. */
	emails: string[];
	/** Every contact column (type, names, phone, address, birth_date, notes, ...); null when empty. */
	fields: Record< string, string | null >;
}

/**
 * The non-deleted contacts with these ids (up to 5000); missing or deleted ids are left out.
 * @param transport
 * @param ids
 */
export async function getBulkContacts(
	transport: Transport,
	ids: number[]
): Promise< BulkContact[] > {
	return (
		await transport.request< { contacts: BulkContact[] } >( {
			path: `${ NAMESPACE }/bulk/contacts`,
			method: 'POST',
			data: { ids },
		} )
	).data.contacts;
}

/** Each operation may override the run item it records (default per kind) and give a reason. */
interface OperationCommon {
	outcome?: RunItemOutcome;
	reason?: string;
}

export interface LinkOperation extends OperationCommon {
	kind: 'link';
	user_id: number;
	contact_id: number;
	origin?: 'matched' | 'created' | 'manual';
	source?: LinkSource;
	sync_enabled?: boolean;
}

export interface CreateAndLinkOperation extends OperationCommon {
	kind: 'create_and_link';
	user_id: number;
	/** The new contact; `email` becomes its primary email. */
	contact: ContactFields & { email: string };
	source?: LinkSource;
	sync_enabled?: boolean;
}

export interface UpdateContactOperation extends OperationCommon {
	kind: 'update_contact';
	contact_id: number;
	/** The user the change is for: records the run item. */
	user_id?: number;
	fields?: ContactFields;
	/** Added as non-primary emails (kept when already there). */
	add_emails?: string[];
	/** Becomes the primary email (added when missing; the old primary stays as non-primary). */
	primary_email?: string;
}

export interface UpdateUserOperation extends OperationCommon {
	kind: 'update_user';
	user_id: number;
	/** Core fields (user_email, user_url, display_name, nickname, first_name, last_name, description) or user meta keys. */
	fields: Record< string, string >;
}

export interface UnlinkOperation extends OperationCommon {
	kind: 'unlink';
	user_id: number;
}

export interface DeleteContactOperation extends OperationCommon {
	kind: 'delete_contact';
	contact_id: number;
	user_id?: number;
}

export interface DeleteUserOperation extends OperationCommon {
	kind: 'delete_user';
	user_id: number;
	/** Who gets the user's content; without it the content is deleted. */
	reassign?: number;
}

export interface TouchLinkOperation extends OperationCommon {
	kind: 'touch_link';
	user_id: number;
}

export interface SkipOperation extends OperationCommon {
	kind: 'skip';
	user_id: number;
	reason: string;
}

export type BulkOperation =
	| LinkOperation
	| CreateAndLinkOperation
	| UpdateContactOperation
	| UpdateUserOperation
	| UnlinkOperation
	| DeleteContactOperation
	| DeleteUserOperation
	| TouchLinkOperation
	| SkipOperation;

export interface ApplyRequest {
	/** Records a run item per user and adds to the run's counts (once per user). */
	run_id?: number;
	/** Stores the run's cursor in the same transaction. */
	cursor?: number;
	/** Up to 5000. */
	operations: BulkOperation[];
}

export type ApplyStatus =
	'applied' | 'already_applied' | 'already_linked' | 'refused';

export interface ApplyOperationResult {
	/** The operation's index in the request. */
	index: number;
	status: ApplyStatus;
	contact_id?: number;
	reason?: string;
}

export interface ApplyResult {
	results: ApplyOperationResult[];
	/** The run's counts after this batch; null without run_id. */
	counts: RunCounts | null;
	/** How many operations ended in each status. */
	tally: Record< ApplyStatus, number >;
}

/**
 * Applies a batch in one transaction: all or nothing. An invalid operation answers 400
 * (`users_to_contacts_invalid_operation`, `data.index` names it) and changes nothing.
 * @param transport
 * @param request
 */
export async function applyOperations(
	transport: Transport,
	request: ApplyRequest
): Promise< ApplyResult > {
	return (
		await transport.request< ApplyResult >( {
			path: `${ NAMESPACE }/bulk/apply`,
			method: 'POST',
			data: request,
		} )
	).data;
}

/**
 * Starts a run of `kind`, or resumes the one still in progress (paused, or left running by a
 * runner that stopped), so an interrupted run carries on from its cursor.
 */
export async function startOrResumeRun(
	transport: Transport,
	kind: RunKind
): Promise< { run: Run; resumed: boolean } > {
	try {
		return { run: await startRun( transport, kind ), resumed: false };
	} catch ( error ) {
		const runId =
			error instanceof ApiError &&
			error.code === 'users_to_contacts_run_in_progress'
				? Number(
						( error.data as { run_id?: unknown } | undefined )
							?.run_id
					)
				: NaN;
		if ( ! Number.isInteger( runId ) ) {
			throw error;
		}
		let run = await getRun( transport, runId );
		if ( run.status === 'paused' ) {
			run = await updateRun( transport, run.id, { status: 'running' } );
		}
		return { run, resumed: true };
	}
}

/** Every user a run skipped, with the reason (B5: the skipped users are listed). */
export async function listSkippedItems(
	transport: Transport,
	runId: number
): Promise< RunItem[] > {
	const items: RunItem[] = [];
	for ( let page = 1; ; page++ ) {
		const result = await listRunItems( transport, runId, {
			outcome: 'skipped',
			page,
			per_page: 100,
		} );
		items.push( ...result.items );
		if ( result.items.length < 100 || items.length >= result.total ) {
			return items;
		}
	}
}
