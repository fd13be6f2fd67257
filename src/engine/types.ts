/**
 * The engine's plain data: what it is told about users, contacts and links, and the operations
 * it decides. No I/O here; the runner fetches the data and applies the operations in bulk.
 */
import type { Operation } from './operations';

export type SyncMode = 'email_only' | 'mapped';
export type LinkMoment = 'registration' | 'login' | 'crm_action';
export const LINK_SOURCES = [ 'user', 'contact' ] as const;
export type LinkSource = ( typeof LINK_SOURCES )[ number ];
export const LINK_ORIGINS = [ 'matched', 'created', 'manual' ] as const;
export type LinkOrigin = ( typeof LINK_ORIGINS )[ number ];
export const CONTACT_TYPES = [
	'individual',
	'organization',
	'household',
] as const;
export type ContactType = ( typeof CONTACT_TYPES )[ number ];

export interface FieldPair {
	user_field: string;
	contact_field: string;
}

export interface EngineSettings {
	sync_mode: SyncMode;
	field_map: FieldPair[];
	link_when: LinkMoment[];
	delete_contact_with_user: boolean;
	delete_user_with_contact: boolean;
	/**
	 * R6: match a user to an existing contact on any email, verified or not (CiviCRM's
	 * behaviour; for sites that verify addresses elsewhere). Off by default.
	 */
	trust_all_emails: boolean;
}

export interface LinkState {
	contact_id: number;
	sync_enabled: boolean;
	source: LinkSource;
}

/** A WordPress user as the engine sees it: mapped field values in `fields`. */
export interface UserRecord {
	id: number;
	login: string;
	email: string;
	roles: string[];
	/**
	 * R6: the user has shown they own their current email (set by an administrator, confirmed
	 * through WordPress or through the plugin's confirmation message, or proven by the password
	 * e-mail). Only then may it match an existing contact.
	 */
	email_verified: boolean;
	/** Values of user fields (core fields and meta keys) named in the field map. */
	fields: Record< string, string >;
	link: LinkState | null;
	/**
	 * B7: an unlinked user whose "Synchronize user to contact" an administrator turned off: linked
	 * at no moment until it is turned on. (A linked user's switch is its link's sync_enabled.)
	 */
	sync_off?: boolean;
}

/** A contact holding an email, as found by a bulk lookup. */
export interface Candidate {
	contact_id: number;
	type: ContactType;
	/** Whether the email is this contact's primary email. */
	primary: boolean;
	linked_user_id: number | null;
}

/** A linked contact's current data, for updates in either direction. */
export interface ContactRecord {
	id: number;
	/** Primary email, normalised; '' when none. */
	email: string;
	/** All emails, normalised. */
	emails: string[];
	fields: Record< string, string >;
	/**
	 * R7: the person who last changed the contact in Contacts or My details, whose rights its
	 * data carries to the user; 0 or absent when only the sync has written it.
	 */
	modified_by?: number;
}

/** What happened that asks for a decision. */
export type Trigger =
	| 'registration' // user_register
	| 'login' // wp_login
	| 'crm_action' // the user's first action on their contact (My details, a signup form)
	| 'email_confirmed' // R6: the user confirmed the address a match was waiting for
	| 'batch' // Synchronize Users to Contacts
	| 'profile_update' // profile_update
	| 'resync'; // Update all synchronized users, or the per-user switch turned on

export type SkipReason =
	| 'empty_email'
	| 'invalid_email'
	| 'sync_disabled'
	| 'not_a_link_moment'
	| 'candidate_linked_to_other_user'
	| 'email_unverified'
	| 'protected_user';

/** A decision: the operations to apply, and what explains it. */
export interface Decision {
	operations: Operation[];
	/** Why the decision is what it is ("not linked", "sync is off for this user"). */
	notes: string[];
	/**
	 * What a person should look at: an ambiguous match (R2), an email held by another contact
	 * (R5), a contact taken by another user, a user protected from deletion (B12).
	 */
	warnings?: string[];
}
