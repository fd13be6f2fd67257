/**
 * Every sync decision, as pure functions of plain data (B1–B12, R1–R5 in docs/behaviours.md).
 */
import { checkEmail, normalizeEmail } from './email';
import type {
	Candidate,
	ContactRecord,
	Decision,
	EngineSettings,
	FieldPair,
	LinkState,
	Trigger,
	UserRecord,
} from './types';
import type { Operation } from './operations';

/** The triggers "link when" turns on and off (B1–B3). */
export const LINK_MOMENTS: ReadonlySet< Trigger > = new Set( [
	'registration',
	'login',
	'crm_action',
] );

/**
 * R2: non-deleted individual contacts holding the email; one linked to another user is no
 * candidate; primary-email holders first, then the lowest id.
 */
export function chooseCandidate(
	userId: number,
	candidates: readonly Candidate[]
): { contactId: number | null; ambiguous: boolean; takenByOthers: number[] } {
	const individuals = candidates.filter(
		( candidate ) => candidate.type === 'individual'
	);
	const free = individuals.filter(
		( candidate ) =>
			candidate.linked_user_id === null ||
			candidate.linked_user_id === userId
	);
	const takenByOthers = individuals
		.filter(
			( candidate ) =>
				candidate.linked_user_id !== null &&
				candidate.linked_user_id !== userId
		)
		.map( ( candidate ) => candidate.contact_id );
	const ordered = [ ...free ].sort(
		( a, b ) =>
			Number( b.primary ) - Number( a.primary ) ||
			a.contact_id - b.contact_id
	);
	// Deduplicate: one contact can hold the email twice only in bad data, but be safe.
	const ids = [
		...new Set( ordered.map( ( candidate ) => candidate.contact_id ) ),
	];
	return {
		contactId: ids[ 0 ] ?? null,
		ambiguous: ids.length > 1,
		takenByOthers,
	};
}

/** Values carried across the field map from one side to the other (mapped mode only). */
function mapThrough(
	values: Readonly< Record< string, string > >,
	settings: EngineSettings,
	from: keyof FieldPair,
	to: keyof FieldPair
): Record< string, string > {
	const mapped: Record< string, string > = {};
	if ( settings.sync_mode !== 'mapped' ) {
		return mapped;
	}
	for ( const pair of settings.field_map ) {
		mapped[ pair[ to ] ] = values[ pair[ from ] ] ?? '';
	}
	return mapped;
}

/**
 * B11: a contact created for a user takes the user's first and last name, or the user's
 * display name when both are empty, whatever the sync mode; mapped fields come on top.
 */
function namesAtCreation(
	userFields: Readonly< Record< string, string > >
): Record< string, string > {
	const firstName = ( userFields.first_name ?? '' ).trim();
	const lastName = ( userFields.last_name ?? '' ).trim();
	if ( firstName !== '' || lastName !== '' ) {
		return { first_name: firstName, last_name: lastName };
	}
	const displayName = ( userFields.display_name ?? '' ).trim();
	return displayName === '' ? {} : { display_name: displayName };
}

/** B10: the contact fields a user's values fill. */
export function mapUserToContact(
	userFields: Readonly< Record< string, string > >,
	settings: EngineSettings
): Record< string, string > {
	return mapThrough( userFields, settings, 'user_field', 'contact_field' );
}

/** B9 + B10: the user fields a contact's values fill. */
export function mapContactToUser(
	contactFields: Readonly< Record< string, string > >,
	settings: EngineSettings
): Record< string, string > {
	return mapThrough( contactFields, settings, 'contact_field', 'user_field' );
}

/** Only the entries of `wanted` that differ from `current`. */
function changed(
	wanted: Readonly< Record< string, string > >,
	current: Readonly< Record< string, string > >
): Record< string, string > {
	const changes: Record< string, string > = {};
	for ( const [ key, value ] of Object.entries( wanted ) ) {
		if ( ( current[ key ] ?? '' ) !== value ) {
			changes[ key ] = value;
		}
	}
	return changes;
}

export interface UserDecisionInput {
	user: UserRecord;
	trigger: Trigger;
	/** Contacts holding the user's (normalised) email, from a bulk lookup. */
	candidates: readonly Candidate[];
	/** The linked contact's data, when the user is linked. */
	contact: ContactRecord | null;
	settings: EngineSettings;
	/**
	 * R5: the addresses the user had before, from the profile updates since the last sync (each
	 * event carries the old email), with the contacts holding each one.
	 */
	formerEmails?: readonly FormerEmail[];
}

/** An address a user held before, and the contacts holding it (from a bulk lookup). */
export interface FormerEmail {
	email: string;
	holders: readonly Candidate[];
}

/**
 * R5: the former addresses to keep on the contact as non-primary emails: every valid one it
 * lacks, however fast the changes came. One another contact holds too is kept and reported
 * (the two contacts are not merged).
 */
function formerEmailsToKeep(
	formerEmails: readonly FormerEmail[],
	contact: ContactRecord,
	newPrimary: string
): { emails: string[]; warnings: string[] } {
	const emails: string[] = [];
	const warnings: string[] = [];
	for ( const former of formerEmails ) {
		const checked = checkEmail( former.email );
		if (
			! checked.ok ||
			checked.email === newPrimary ||
			contact.emails.includes( checked.email ) ||
			emails.includes( checked.email )
		) {
			continue;
		}
		emails.push( checked.email );
		for ( const holder of former.holders ) {
			if ( holder.contact_id !== contact.id ) {
				warnings.push(
					`former email ${ checked.email } is also on contact #${ holder.contact_id }; kept, not merged`
				);
			}
		}
	}
	return { emails, warnings };
}

/** Keeps a linked pair in step, in the direction of the link's source (B4, B7–B10, R5). */
function decideLinked( input: UserDecisionInput, link: LinkState ): Decision {
	const { user, contact, settings, trigger, candidates } = input;
	const warnings: string[] = [];
	if ( ! link.sync_enabled ) {
		// B7: off stops syncing but keeps the link.
		return trigger === 'batch'
			? {
					operations: [ { kind: 'touch_link', user_id: user.id } ],
					notes: [ 'sync is off for this user; the link is kept' ],
				}
			: { operations: [], notes: [ 'sync is off for this user' ] };
	}
	if ( ! contact ) {
		return {
			operations: [],
			notes: [ `linked contact #${ link.contact_id } was not found` ],
		};
	}
	const operations: Operation[] = [];
	if ( link.source === 'user' ) {
		const email = checkEmail( user.email );
		const fields = changed(
			mapUserToContact( user.fields, settings ),
			contact.fields
		);
		const newEmail =
			email.ok && email.email !== contact.email ? email.email : undefined;
		if ( newEmail ) {
			// R5: another contact holding the new address is reported, never merged.
			const others = candidates.filter(
				( candidate ) => candidate.contact_id !== contact.id
			);
			for ( const other of others ) {
				warnings.push(
					`email ${ newEmail } is also on contact #${ other.contact_id }; not merged`
				);
			}
		}
		const former = formerEmailsToKeep(
			input.formerEmails ?? [],
			contact,
			newEmail ?? contact.email
		);
		warnings.push( ...former.warnings );
		if (
			Object.keys( fields ).length > 0 ||
			newEmail ||
			former.emails.length > 0
		) {
			operations.push( {
				kind: 'update_contact',
				user_id: user.id,
				contact_id: contact.id,
				fields,
				...( newEmail ? { primary_email: newEmail } : {} ),
				...( former.emails.length > 0
					? { add_emails: former.emails }
					: {} ),
			} );
		}
	} else {
		// B9: the contact is the source; its values reach the user.
		const wanted = mapContactToUser( contact.fields, settings );
		const fields = changed( wanted, user.fields );
		const contactEmail = checkEmail( contact.email );
		if (
			contactEmail.ok &&
			contactEmail.email !== normalizeEmail( user.email )
		) {
			fields.user_email = contactEmail.email;
		}
		if ( Object.keys( fields ).length > 0 ) {
			operations.push( {
				kind: 'update_user',
				user_id: user.id,
				fields,
				// R7: applied only if the person whose data the contact carries may edit the user.
				...( contact.modified_by
					? { on_behalf_of: contact.modified_by }
					: {} ),
			} );
		}
	}
	if (
		operations.length === 0 &&
		( trigger === 'batch' || trigger === 'resync' )
	) {
		operations.push( { kind: 'touch_link', user_id: user.id } );
	}
	return { operations, notes: [], warnings };
}

/**
 * R6: a match to an existing contact gives the user that contact's data, so it waits until the
 * user has shown they own the address. The person is sent the plugin's confirmation message
 * when they act (register, log in, save My details); the batch tool only reports the wait, so
 * that one click sends no mail to every such user.
 */
function waitForEmailConfirmation(
	userId: number,
	email: string,
	contactId: number,
	trigger: Trigger
): Decision {
	const operations: Operation[] = [
		{
			kind: 'skip',
			user_id: userId,
			reason: 'email_unverified',
			contact_id: contactId,
		},
	];
	if ( LINK_MOMENTS.has( trigger ) ) {
		operations.push( {
			kind: 'request_email_confirmation',
			user_id: userId,
			email,
		} );
	}
	return {
		operations,
		notes: [],
		// For whoever watches the log: the admin sees why this user is not linked yet.
		warnings: [
			`waiting for email confirmation of ${ email } to link contact #${ contactId }`,
		],
	};
}

/**
 * The decision for one user: link to a contact, create one, keep the pair in step, or skip.
 */
export function decideUser( input: UserDecisionInput ): Decision {
	const { user, trigger, candidates, settings } = input;
	if ( user.link ) {
		return decideLinked( input, user.link );
	}
	if ( user.sync_off ) {
		return {
			operations: [
				{ kind: 'skip', user_id: user.id, reason: 'sync_disabled' },
			],
			notes: [],
		};
	}
	// B1–B3: events link only at the moments the settings name; the batch tool always does (B5).
	if (
		LINK_MOMENTS.has( trigger ) &&
		! settings.link_when.includes(
			trigger as EngineSettings[ 'link_when' ][ number ]
		)
	) {
		return { operations: [], notes: [ `linking on ${ trigger } is off` ] };
	}
	if ( trigger === 'profile_update' || trigger === 'resync' ) {
		return { operations: [], notes: [ 'not linked' ] };
	}
	const email = checkEmail( user.email );
	if ( ! email.ok ) {
		// R1: skipped and reported, never linked.
		return {
			operations: [
				{ kind: 'skip', user_id: user.id, reason: email.reason },
			],
			notes: [],
		};
	}
	const choice = chooseCandidate( user.id, candidates );
	const warnings: string[] = [];
	if ( choice.ambiguous ) {
		warnings.push(
			`several contacts hold ${ email.email }; chose #${ choice.contactId }`
		);
	}
	if ( choice.takenByOthers.length > 0 && choice.contactId === null ) {
		warnings.push(
			`contact #${ choice.takenByOthers.join( ', #' ) } with ${ email.email } belongs to another user; created a new contact`
		);
	}
	if (
		choice.contactId !== null &&
		! user.email_verified &&
		! settings.trust_all_emails
	) {
		return waitForEmailConfirmation(
			user.id,
			email.email,
			choice.contactId,
			trigger
		);
	}
	if ( choice.contactId !== null ) {
		return {
			operations: [
				{
					kind: 'link',
					user_id: user.id,
					contact_id: choice.contactId,
					origin: 'matched',
				},
			],
			notes: [],
			warnings,
		};
	}
	return {
		operations: [
			{
				kind: 'create_and_link',
				user_id: user.id,
				contact: {
					...namesAtCreation( user.fields ),
					...mapUserToContact( user.fields, settings ),
					type: 'individual',
					email: email.email,
				},
			},
		],
		notes: [],
		warnings,
	};
}

/** B12: a deleted user's link goes; the contact goes too only when the setting says so. */
export function decideUserDeleted( input: {
	userId: number;
	link: LinkState | null;
	settings: EngineSettings;
} ): Decision {
	const { userId, link, settings } = input;
	if ( ! link ) {
		return { operations: [], notes: [ 'not linked' ] };
	}
	if ( settings.delete_contact_with_user ) {
		return {
			operations: [
				{
					kind: 'delete_contact',
					user_id: userId,
					contact_id: link.contact_id,
				},
			],
			notes: [],
		};
	}
	return {
		operations: [ { kind: 'unlink', user_id: userId } ],
		notes: [ "the contact stays, marked as a former user's" ],
	};
}

/**
 * B12 reversed: when the contact is the source and the setting is on, deleting the contact
 * deletes the user, but never an administrator nor the person doing it.
 */
export function decideContactDeleted( input: {
	user: { id: number; roles: string[] } | null;
	link: LinkState | null;
	settings: EngineSettings;
	actingUserId: number;
} ): Decision {
	const { user, link, settings, actingUserId } = input;
	if ( ! link || ! user ) {
		return { operations: [], notes: [ 'not linked' ] };
	}
	if (
		link.source === 'contact' &&
		link.sync_enabled &&
		settings.delete_user_with_contact
	) {
		if (
			user.roles.includes( 'administrator' ) ||
			user.id === actingUserId
		) {
			return {
				operations: [ { kind: 'unlink', user_id: user.id } ],
				notes: [],
				warnings: [
					'an administrator or the acting user is never deleted; unlinked instead',
				],
			};
		}
		return {
			operations: [ { kind: 'delete_user', user_id: user.id } ],
			notes: [],
		};
	}
	return { operations: [ { kind: 'unlink', user_id: user.id } ], notes: [] };
}
