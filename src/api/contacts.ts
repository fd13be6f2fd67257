/**
 * Contacts and links: types mirroring includes/REST/ContactsController.php and
 * includes/REST/LinksController.php, and one typed function per route.
 */
import { NAMESPACE } from './index';
import { requestPage } from './transport';
import type { Page, Transport } from './transport';

// The domain's words (contact type, link source and origin) are the engine's.
import type { ContactType, LinkOrigin, LinkSource } from '../engine/types';

export type { ContactType, LinkOrigin, LinkSource };

/** One email of a contact; stored trimmed and in lower case. */
export interface ContactEmail {
	email: string;
	primary: boolean;
}

/** The WordPress user linked to a contact. */
export interface ContactUser {
	id: number;
	login: string;
	display_name: string;
}

/** The link as a contact shows it (the full link is at /links/{user_id}). */
export interface ContactLink {
	source: LinkSource;
	sync_enabled: boolean;
	origin: LinkOrigin;
	/** ISO 8601 UTC. */
	linked_at: string;
	last_synced_at: string | null;
}

/** GET /contacts/{id}. */
export interface Contact {
	id: number;
	type: ContactType;
	prefix: string;
	first_name: string;
	middle_name: string;
	last_name: string;
	display_name: string;
	nickname: string;
	organization_name: string;
	job_title: string;
	/** YYYY-MM-DD. */
	birth_date: string | null;
	/** All emails, the primary first; exactly one primary when not empty. */
	emails: ContactEmail[];
	/** The primary email. */
	email: string | null;
	phone: string;
	website: string;
	street_address: string;
	city: string;
	postal_code: string;
	country: string;
	notes: string;
	user: ContactUser | null;
	/** True when the linked user is the active source: update and delete answer 409. */
	locked: boolean;
	link: ContactLink | null;
	/** The user the contact was linked to before its link was removed. */
	former_user_id: number | null;
	/** ISO 8601 UTC. */
	created: string;
	/** ISO 8601 UTC. */
	modified: string;
	created_by_run: number | null;
}

/** What deleting a contact does to its linked user (B12, R7), for the person asking. */
export interface ContactUserDeletion {
	/** "Delete user when contact is deleted" is on. */
	setting: boolean;
	/** The user is never deleted with a contact: an administrator, you, or a user you may not delete. */
	protected: boolean;
	/** Deleting the contact now deletes the user: the setting is on, the contact is the source with sync on, the user not protected. */
	deletes_user: boolean;
}

/** An answer about one contact (GET, POST, PUT/PATCH, DELETE): lists lack `user_deletion`. */
export interface SingleContact extends Contact {
	/** Null when no user is linked. */
	user_deletion: ContactUserDeletion | null;
}

/** DELETE /contacts/{id}: the (soft-)deleted contact. */
export interface DeletedContact extends SingleContact {
	deleted: true;
}

/**
 * POST /contacts and PUT/PATCH /contacts/{id}. Unknown fields are refused (400).
 *
 * `emails` replaces the list (exactly one primary when not empty); `email` makes one address
 * the primary and keeps the previous primary as a non-primary email. Text fields are stored
 * as plain text (markup is removed). An empty `display_name` is derived from the names.
 */
/** Contact fields as plain values (what a create or update may set, besides the emails). */
export interface ContactFields {
	type?: ContactType;
	prefix?: string;
	first_name?: string;
	middle_name?: string;
	last_name?: string;
	display_name?: string;
	nickname?: string;
	organization_name?: string;
	job_title?: string;
	/** YYYY-MM-DD, or null to clear. */
	birth_date?: string | null;
	phone?: string;
	website?: string;
	street_address?: string;
	city?: string;
	postal_code?: string;
	country?: string;
	notes?: string;
}

export interface ContactInput extends ContactFields {
	emails?: Array< { email: string; primary?: boolean } >;
	email?: string;
}

export type ContactOrderBy =
	'id' | 'display_name' | 'created' | 'modified' | 'last_name';

/**
 * GET /contacts query. Date bounds are inclusive: an ISO 8601 date and time, or a day
 * (YYYY-MM-DD) of the site's time zone, taken from its start (`_after`) or to its end (`_before`).
 */
export interface ContactListQuery {
	/** Part of a name or of any email (any case). */
	search?: string;
	type?: ContactType;
	linked?: boolean;
	created_after?: string;
	created_before?: string;
	modified_after?: string;
	modified_before?: string;
	/** Only contacts created by this run. */
	run?: number;
	page?: number;
	/** At most 500. */
	per_page?: number;
	orderby?: ContactOrderBy;
	order?: 'asc' | 'desc';
}

export type { Page } from './transport';

/** GET /contacts/counts: the numbers of the list's views (every contact, whatever the filters). */
export interface ContactCounts {
	all: number;
	linked: number;
	not_linked: number;
}

/** GET /links/{user_id}. */
export interface Link {
	user_id: number;
	contact_id: number;
	/** The per-user switch "Synchronize user to contact". */
	sync_enabled: boolean;
	source: LinkSource;
	origin: LinkOrigin;
	/** ISO 8601 UTC. */
	linked_at: string;
	last_synced_at: string | null;
}

/** DELETE /links/{user_id}: the removed link. */
export interface DeletedLink extends Link {
	deleted: true;
}

/** POST /links: a manual link. */
export interface LinkInput {
	user_id: number;
	contact_id: number;
	sync_enabled?: boolean;
	source?: LinkSource;
}

/** PUT/PATCH /links/{user_id}. */
export interface LinkUpdate {
	sync_enabled?: boolean;
	source?: LinkSource;
}

/** GET /links query. */
export interface LinkListQuery {
	user_id?: number;
	contact_id?: number;
	source?: LinkSource;
	sync_enabled?: boolean;
	page?: number;
	/** At most 500. */
	per_page?: number;
}

export function listContacts(
	transport: Transport,
	query: ContactListQuery = {}
): Promise< Page< Contact > > {
	return requestPage< Contact >(
		transport,
		`${ NAMESPACE }/contacts`,
		query
	);
}

export async function getContactCounts(
	transport: Transport
): Promise< ContactCounts > {
	const response = await transport.request< ContactCounts >( {
		path: `${ NAMESPACE }/contacts/counts`,
	} );
	return response.data;
}

export async function getContact(
	transport: Transport,
	id: number
): Promise< SingleContact > {
	const response = await transport.request< SingleContact >( {
		path: `${ NAMESPACE }/contacts/${ id }`,
	} );
	return response.data;
}

export async function createContact(
	transport: Transport,
	input: ContactInput
): Promise< SingleContact > {
	const response = await transport.request< SingleContact >( {
		path: `${ NAMESPACE }/contacts`,
		method: 'POST',
		data: input,
	} );
	return response.data;
}

/** Changes the fields given; the others stay. A locked contact answers 409. */
export async function updateContact(
	transport: Transport,
	id: number,
	input: ContactInput
): Promise< SingleContact > {
	const response = await transport.request< SingleContact >( {
		path: `${ NAMESPACE }/contacts/${ id }`,
		method: 'PATCH',
		data: input,
	} );
	return response.data;
}

/** Soft-deletes the contact and removes its link. A locked contact answers 409. */
export async function deleteContact(
	transport: Transport,
	id: number
): Promise< DeletedContact > {
	const response = await transport.request< DeletedContact >( {
		path: `${ NAMESPACE }/contacts/${ id }`,
		method: 'DELETE',
	} );
	return response.data;
}

export function listLinks(
	transport: Transport,
	query: LinkListQuery = {}
): Promise< Page< Link > > {
	return requestPage< Link >( transport, `${ NAMESPACE }/links`, query );
}

export async function getLink(
	transport: Transport,
	userId: number
): Promise< Link > {
	const response = await transport.request< Link >( {
		path: `${ NAMESPACE }/links/${ userId }`,
	} );
	return response.data;
}

/** A user or contact that is linked already answers 409 `users_to_contacts_link_exists`. */
export async function createLink(
	transport: Transport,
	input: LinkInput
): Promise< Link > {
	const response = await transport.request< Link >( {
		path: `${ NAMESPACE }/links`,
		method: 'POST',
		data: input,
	} );
	return response.data;
}

export async function updateLink(
	transport: Transport,
	userId: number,
	changes: LinkUpdate
): Promise< Link > {
	const response = await transport.request< Link >( {
		path: `${ NAMESPACE }/links/${ userId }`,
		method: 'PATCH',
		data: changes,
	} );
	return response.data;
}

/** Unlinks the user; the contact stays. */
export async function deleteLink(
	transport: Transport,
	userId: number
): Promise< DeletedLink > {
	const response = await transport.request< DeletedLink >( {
		path: `${ NAMESPACE }/links/${ userId }`,
		method: 'DELETE',
	} );
	return response.data;
}
