/**
 * The engine's bulk routes, typed: users in keyset pages, contacts by email and by id, and the
 * batch apply. Mirrors the bulk controllers in includes/REST/ (Bulk*Controller.php) and includes/Operations/; the operations and their results are the
 * engine's own types (src/engine/operations.ts), so there is one contract on this side.
 */
import { NAMESPACE } from './index';
import type {
	ApplyOperationResult,
	ApplyStatus,
	Operation,
} from '../engine/operations';
import type { RunCounts } from '../engine/port';
import type { Candidate, LinkOrigin, LinkSource } from '../engine/types';
import type { Transport } from './transport';

export type {
	ApplyOperationResult,
	ApplyStatus,
	OperationKind,
} from '../engine/operations';

export interface BulkLink {
	contact_id: number;
	sync_enabled: boolean;
	source: LinkSource;
	origin: LinkOrigin;
}

export interface BulkUser {
	id: number;
	login: string;
	/** As stored (not normalised). */
	email: string;
	roles: string[];
	/** R6: the current email is one the user has shown they own. */
	email_verified: boolean;
	display_name: string;
	first_name: string;
	last_name: string;
	/**
	 * The requested `fields`: core fields and user meta values as stored (null when the user has
	 * no such meta).
	 */
	fields: Record< string, string | null >;
	link: BulkLink | null;
	/** B7: unlinked, with "Synchronize user to contact" turned off. */
	sync_off: boolean;
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
	/** Only users linked with the switch on; `total` then counts those. */
	synchronized?: boolean;
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
				synchronized: query.synchronized || undefined,
			},
		} )
	).data;
}

export interface ContactsByEmails {
	/** Keyed by the normalised (trimmed, lower-case) email; every requested email is a key. */
	matches: Record< string, Candidate[] >;
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
	/** R7: the person who last changed it in Contacts or My details; 0 when only the sync has. */
	modified_by: number;
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

/** An operation as POST /bulk/apply takes it: the engine's (src/engine/operations.ts). */
export type BulkOperation = Operation;

export interface ApplyRequest {
	/** Records a run item per user and adds to the run's counts (once per user). */
	run_id?: number;
	/** Stores the run's cursor in the same transaction. */
	cursor?: number;
	/** Up to 5000. */
	operations: BulkOperation[];
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
