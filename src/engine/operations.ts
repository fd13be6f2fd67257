/**
 * The operation contract between the engine and POST /users-to-contacts/v1/bulk/apply: what each
 * kind of operation carries, and what the route answers for it. The engine decides these; the
 * API module sends them as they are. OPERATION_FIELDS describes the same thing at run time, and
 * the compiler holds the two together; tests/integration/contract.test.ts holds them to the
 * schema the route serves.
 */
import type { ContactType, LinkOrigin, LinkSource, SkipReason } from './types';
import { LINK_ORIGINS, LINK_SOURCES } from './types';

/** The run item an operation records (the runs' `outcome`). */
export const RUN_ITEM_OUTCOMES = [
	'matched',
	'created',
	'skipped',
	'updated',
	'unlinked',
	'deleted',
] as const;
export type RunItemOutcome = ( typeof RUN_ITEM_OUTCOMES )[ number ];

/** What every operation may add: the run item it records (default per kind), and why. */
interface Recorded {
	outcome?: RunItemOutcome;
	/** For the run log: a note (R2 ambiguity, R5 collision), stored as the run item's reason. */
	reason?: string;
}

/** Contact columns by name, as the field map names them; null clears a date. */
export type ContactColumns = Record< string, string | null >;

export type Operation =
	| ( Recorded & {
			kind: 'link';
			user_id: number;
			contact_id: number;
			origin?: LinkOrigin;
			source?: LinkSource;
			sync_enabled?: boolean;
			/** R7: the person whose change this is; see update_user. */
			on_behalf_of?: number;
	  } )
	| ( Recorded & {
			kind: 'create_and_link';
			user_id: number;
			/** The new contact; `email` becomes its primary email. */
			contact: ContactColumns & { email: string; type?: ContactType };
			source?: LinkSource;
			sync_enabled?: boolean;
			/** R7: the person whose change this is; see update_user. */
			on_behalf_of?: number;
	  } )
	| ( Recorded & {
			kind: 'update_contact';
			contact_id: number;
			/** The user the change is for: records the run item. */
			user_id?: number;
			fields?: ContactColumns;
			/** Added as non-primary emails (kept when already there). */
			add_emails?: string[];
			/** Becomes the primary email (added when missing; the old primary stays as non-primary). */
			primary_email?: string;
	  } )
	| ( Recorded & {
			kind: 'update_user';
			user_id: number;
			/** Core fields (user_email, user_url, display_name, nickname, first_name, last_name, description) or user meta keys. */
			fields: Record< string, string >;
			contact_id?: number;
			/**
			 * R7: the person whose change this carries to the user (who edited or deleted the
			 * contact). Applied only if both they and the runner may make it; without it, the
			 * runner's rights alone apply.
			 */
			on_behalf_of?: number;
	  } )
	| ( Recorded & { kind: 'unlink'; user_id: number } )
	| ( Recorded & {
			kind: 'delete_contact';
			contact_id: number;
			user_id?: number;
	  } )
	| ( Recorded & {
			kind: 'delete_user';
			user_id: number;
			/** Who gets the user's content; without it the content is deleted. */
			reassign?: number;
			/** R7: the person whose change this is; see update_user. */
			on_behalf_of?: number;
	  } )
	| ( Recorded & { kind: 'touch_link'; user_id: number } )
	| {
			/**
			 * R6: send the user the plugin's confirmation message for `email`, their current
			 * address, which an existing contact holds (sent at most once per address in a while;
			 * not sent when the user's email is no longer `email`).
			 */
			kind: 'request_email_confirmation';
			user_id: number;
			email: string;
	  }
	| {
			kind: 'skip';
			user_id: number;
			reason: SkipReason;
			contact_id?: number;
			outcome?: RunItemOutcome;
	  };

export type OperationKind = Operation[ 'kind' ];
export type OperationOf< K extends OperationKind > = Extract<
	Operation,
	{ kind: K }
>;

/* Run-time description, checked against the types above. */

/** Every field name some kind takes, besides `kind`. */
type KeysOfEach< T > = T extends unknown ? keyof T : never;
type OperationField = Exclude< KeysOfEach< Operation >, 'kind' >;
/** The values a field takes, over every kind that has it. */
type FieldValue< F extends OperationField > = Operation extends infer O
	? O extends unknown
		? F extends keyof O
			? Exclude< O[ F ], undefined >
			: never
		: never
	: never;
/** The JSON Schema type of a value. */
type JsonType< V > = V extends number
	? 'integer'
	: V extends boolean
		? 'boolean'
		: V extends string
			? 'string'
			: V extends readonly unknown[]
				? 'array'
				: V extends object
					? 'object'
					: never;

/** Every field of an operation type but `kind`, each marked required or optional. */
type FieldPresence< O > = {
	[ F in Exclude< keyof O, 'kind' > ]-?: object extends Pick< O, F >
		? 'optional'
		: 'required';
};

/**
 * Which fields each kind takes, required or optional. The compiler refuses a field missing here
 * or in the type, and a required field marked optional or the reverse.
 */
export const OPERATION_FIELDS = {
	skip: {
		user_id: 'required',
		reason: 'required',
		contact_id: 'optional',
		outcome: 'optional',
	},
	unlink: { user_id: 'required', outcome: 'optional', reason: 'optional' },
	delete_contact: {
		contact_id: 'required',
		user_id: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	link: {
		user_id: 'required',
		contact_id: 'required',
		origin: 'optional',
		source: 'optional',
		sync_enabled: 'optional',
		on_behalf_of: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	create_and_link: {
		user_id: 'required',
		contact: 'required',
		source: 'optional',
		sync_enabled: 'optional',
		on_behalf_of: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	update_contact: {
		contact_id: 'required',
		user_id: 'optional',
		fields: 'optional',
		add_emails: 'optional',
		primary_email: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	update_user: {
		user_id: 'required',
		fields: 'required',
		contact_id: 'optional',
		on_behalf_of: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	touch_link: {
		user_id: 'required',
		outcome: 'optional',
		reason: 'optional',
	},
	delete_user: {
		user_id: 'required',
		reassign: 'optional',
		on_behalf_of: 'optional',
		outcome: 'optional',
		reason: 'optional',
	},
	request_email_confirmation: {
		user_id: 'required',
		email: 'required',
	},
} as const satisfies {
	[ K in OperationKind ]: FieldPresence< OperationOf< K > >;
};

/** Each field's JSON type, and its values where the type names them. */
export const OPERATION_FIELD_TYPES = {
	user_id: { type: 'integer' },
	contact_id: { type: 'integer' },
	reassign: { type: 'integer' },
	on_behalf_of: { type: 'integer' },
	origin: { type: 'string', enum: LINK_ORIGINS },
	source: { type: 'string', enum: LINK_SOURCES },
	sync_enabled: { type: 'boolean' },
	contact: { type: 'object' },
	fields: { type: 'object' },
	add_emails: { type: 'array' },
	primary_email: { type: 'string' },
	email: { type: 'string' },
	outcome: { type: 'string', enum: RUN_ITEM_OUTCOMES },
	reason: { type: 'string' },
} as const satisfies {
	[ F in OperationField ]: {
		type: JsonType< FieldValue< F > >;
		enum?: readonly FieldValue< F >[];
	};
};

/** The kinds, in the order the route applies them. */
export const OPERATION_KINDS = Object.keys(
	OPERATION_FIELDS
) as OperationKind[];

/* What the route answers. */

export type ApplyStatus =
	'applied' | 'already_applied' | 'already_linked' | 'refused';

export interface ApplyOperationResult {
	/** The operation's index in the request. */
	index: number;
	/** already_linked: the user or the contact has another link; refused: a guard said no. */
	status: ApplyStatus;
	contact_id?: number;
	/** Why (already_linked, refused): user_already_linked, administrator, not_linked, ... */
	reason?: string;
	/** With a refusal: the reason for a person ("Jane (user 12) may not edit ..."). */
	message?: string;
}

/**
 * R7: refusals because a person may not make a change to a user. Another attempt would only
 * repeat them, so the event that asked for the change fails at once, with the reason, and is
 * not retried.
 */
export const RIGHTS_REFUSALS: readonly string[] = [
	'not_allowed_to_edit_user',
	'not_allowed_to_delete_user',
	'not_allowed_to_promote_user',
];
