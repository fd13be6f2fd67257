/**
 * The engine's decisions as a table of cases (B1–B4, B7–B12, R1–R5).
 */
import {
	chooseCandidate,
	decideContactDeleted,
	decideUser,
	decideUserDeleted,
	mapContactToUser,
	mapUserToContact,
} from '../../src/engine/decide';
import { explanation } from '../../src/engine/runner';
import type {
	Candidate,
	ContactRecord,
	Decision,
	EngineSettings,
	LinkState,
	Trigger,
	UserRecord,
} from '../../src/engine/types';
import { engineSettings } from './support/settings';

const EMAIL_ONLY = engineSettings();
const MAPPED: EngineSettings = {
	...EMAIL_ONLY,
	sync_mode: 'mapped',
	field_map: [
		{ user_field: 'first_name', contact_field: 'first_name' },
		{ user_field: 'last_name', contact_field: 'last_name' },
		{ user_field: 'membership_level', contact_field: 'notes' },
	],
};

function user( overrides: Partial< UserRecord > = {} ): UserRecord {
	return {
		id: 7,
		login: 'ada',
		email: 'ada@example.com',
		roles: [ 'subscriber' ],
		email_verified: true,
		fields: {
			first_name: 'Ada',
			last_name: 'Lovelace',
			membership_level: 'gold',
		},
		link: null,
		...overrides,
	};
}

function candidate(
	contactId: number,
	overrides: Partial< Candidate > = {}
): Candidate {
	return {
		contact_id: contactId,
		type: 'individual',
		primary: true,
		linked_user_id: null,
		...overrides,
	};
}

function contact( overrides: Partial< ContactRecord > = {} ): ContactRecord {
	return {
		id: 40,
		email: 'ada@example.com',
		emails: [ 'ada@example.com' ],
		fields: { first_name: 'Ada', last_name: 'Lovelace', notes: 'gold' },
		...overrides,
	};
}

const LINKED: LinkState = {
	contact_id: 40,
	sync_enabled: true,
	source: 'user',
};

interface Case {
	name: string;
	user: UserRecord;
	trigger: Trigger;
	candidates?: Candidate[];
	contact?: ContactRecord | null;
	settings?: EngineSettings;
	expected: Decision[ 'operations' ];
	note?: RegExp;
}

const cases: Case[] = [
	// B1 registration, R1, R2.
	{
		name: 'B1: registration with an existing contact links it',
		user: user(),
		trigger: 'registration',
		candidates: [ candidate( 40 ) ],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 40, origin: 'matched' },
		],
	},
	{
		name: "B1 + B11: registration with a new email creates an individual with that email and the user's names, in email-only mode too",
		user: user(),
		trigger: 'registration',
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					first_name: 'Ada',
					last_name: 'Lovelace',
				},
			},
		],
	},
	{
		name: 'B11: a user without first and last name gives the new contact their display name',
		user: user( { fields: { display_name: 'Countess of Lovelace' } } ),
		trigger: 'registration',
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					display_name: 'Countess of Lovelace',
				},
			},
		],
	},
	{
		name: 'B11: a user with no names at all gives only the email (the contact is named after it)',
		user: user( { fields: { first_name: ' ', display_name: '' } } ),
		trigger: 'registration',
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: { type: 'individual', email: 'ada@example.com' },
			},
		],
	},
	{
		name: 'B1 + B10: the created contact gets the mapped fields in mapped mode',
		user: user(),
		trigger: 'registration',
		settings: MAPPED,
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					first_name: 'Ada',
					last_name: 'Lovelace',
					notes: 'gold',
				},
			},
		],
	},
	{
		name: 'R1: a mixed-case padded email is normalised before creating',
		user: user( { email: '  Ada@Example.COM ' } ),
		trigger: 'registration',
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					first_name: 'Ada',
					last_name: 'Lovelace',
				},
			},
		],
	},
	{
		name: 'R1: an empty email is skipped with its reason',
		user: user( { email: '' } ),
		trigger: 'registration',
		expected: [ { kind: 'skip', user_id: 7, reason: 'empty_email' } ],
	},
	{
		name: 'R1: an invalid email is skipped with its reason',
		user: user( { email: 'ada-at-example' } ),
		trigger: 'batch',
		expected: [ { kind: 'skip', user_id: 7, reason: 'invalid_email' } ],
	},
	{
		name: 'R1: an email of blanks is empty',
		user: user( { email: '   ' } ),
		trigger: 'batch',
		expected: [ { kind: 'skip', user_id: 7, reason: 'empty_email' } ],
	},
	{
		name: 'R2: two contacts with the email: the primary holder wins',
		user: user(),
		trigger: 'registration',
		candidates: [
			candidate( 12, { primary: false } ),
			candidate( 30, { primary: true } ),
		],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 30, origin: 'matched' },
		],
		note: /several contacts hold ada@example.com; chose #30/,
	},
	{
		name: 'R2: two primary holders: the lowest id wins',
		user: user(),
		trigger: 'registration',
		candidates: [ candidate( 31 ), candidate( 30 ) ],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 30, origin: 'matched' },
		],
		note: /chose #30/,
	},
	{
		name: 'R2: two secondary holders: the lowest id wins',
		user: user(),
		trigger: 'batch',
		candidates: [
			candidate( 9, { primary: false } ),
			candidate( 5, { primary: false } ),
		],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 5, origin: 'matched' },
		],
	},
	{
		name: 'R2: the only candidate linked to someone else is no candidate: a new contact',
		user: user(),
		trigger: 'registration',
		candidates: [ candidate( 40, { linked_user_id: 99 } ) ],
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					first_name: 'Ada',
					last_name: 'Lovelace',
				},
			},
		],
		note: /belongs to another user/,
	},
	{
		name: 'R2: a taken candidate is passed over for a free one',
		user: user(),
		trigger: 'registration',
		candidates: [
			candidate( 3, { linked_user_id: 99 } ),
			candidate( 8, { primary: false } ),
		],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 8, origin: 'matched' },
		],
	},
	{
		name: 'R2: organizations and households are no candidates',
		user: user(),
		trigger: 'registration',
		candidates: [
			candidate( 3, { type: 'organization' } ),
			candidate( 4, { type: 'household' } ),
		],
		expected: [
			{
				kind: 'create_and_link',
				user_id: 7,
				contact: {
					type: 'individual',
					email: 'ada@example.com',
					first_name: 'Ada',
					last_name: 'Lovelace',
				},
			},
		],
	},
	{
		name: "R3: a candidate already linked to this very user is still this user's",
		user: user(),
		trigger: 'batch',
		candidates: [ candidate( 40, { linked_user_id: 7 } ) ],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 40, origin: 'matched' },
		],
	},
	// B2 login, B3 CRM action.
	{
		name: 'B2: login of an unlinked user links when login is a link moment',
		user: user(),
		trigger: 'login',
		candidates: [ candidate( 40 ) ],
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 40, origin: 'matched' },
		],
	},
	{
		name: 'B2: with "link when" = login only, registration links nothing',
		user: user(),
		trigger: 'registration',
		settings: { ...EMAIL_ONLY, link_when: [ 'login' ] },
		expected: [],
		note: /linking on registration is off/,
	},
	{
		name: 'B3: with "link when" = CRM action only, login links nothing',
		user: user(),
		trigger: 'login',
		settings: { ...EMAIL_ONLY, link_when: [ 'crm_action' ] },
		expected: [],
	},
	{
		name: 'B3: with "link when" = CRM action only, the first CRM action links the signup contact',
		user: user(),
		trigger: 'crm_action',
		candidates: [ candidate( 55 ) ],
		settings: { ...EMAIL_ONLY, link_when: [ 'crm_action' ] },
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 55, origin: 'matched' },
		],
	},
	{
		name: 'B3: a CRM action is no link moment by default',
		user: user(),
		trigger: 'crm_action',
		candidates: [ candidate( 55 ) ],
		expected: [],
	},
	{
		name: 'B5: the batch links whatever "link when" says',
		user: user(),
		trigger: 'batch',
		candidates: [ candidate( 40 ) ],
		settings: { ...EMAIL_ONLY, link_when: [] },
		expected: [
			{ kind: 'link', user_id: 7, contact_id: 40, origin: 'matched' },
		],
	},
	{
		name: 'profile_update of an unlinked user does nothing',
		user: user(),
		trigger: 'profile_update',
		expected: [],
	},
	// B4 email sync, R5.
	{
		name: 'B4: a linked user with the same email: nothing to do on profile_update',
		user: user( { link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [],
	},
	{
		name: "B4: a changed email becomes the contact's primary email",
		user: user( { email: 'ada@new.example', link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'ada@new.example',
			},
		],
	},
	{
		name: 'B4 + R1: a case-only change of the email is no change',
		user: user( { email: 'ADA@example.com', link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [],
	},
	{
		name: 'R5: a new email held by another contact is reported, not merged',
		user: user( { email: 'shared@example.com', link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		candidates: [ candidate( 77 ) ],
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'shared@example.com',
			},
		],
		note: /also on contact #77; not merged/,
	},
	{
		name: "R1: a linked user whose email became invalid keeps the contact's email",
		user: user( { email: 'broken', link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [],
	},
	{
		name: 'B5: an already linked user in the batch counts as matched (touch)',
		user: user( { link: LINKED } ),
		trigger: 'batch',
		contact: contact(),
		expected: [ { kind: 'touch_link', user_id: 7 } ],
	},
	{
		name: "B5 + B4: the batch also brings a linked contact's email up to date",
		user: user( { email: 'ada@new.example', link: LINKED } ),
		trigger: 'batch',
		contact: contact(),
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'ada@new.example',
			},
		],
	},
	// B7 per-user switch.
	{
		name: 'B7: switch off: a profile update syncs nothing',
		user: user( {
			email: 'ada@new.example',
			link: { ...LINKED, sync_enabled: false },
		} ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [],
		note: /sync is off/,
	},
	{
		name: 'B7: switch off: the batch keeps the link and changes nothing',
		user: user( {
			email: 'ada@new.example',
			link: { ...LINKED, sync_enabled: false },
		} ),
		trigger: 'batch',
		contact: contact(),
		expected: [ { kind: 'touch_link', user_id: 7 } ],
	},
	...( [ 'registration', 'login', 'crm_action', 'batch' ] as const ).map(
		( trigger ) => ( {
			name: `B7: an unlinked user whose switch is off is not linked on ${ trigger }, not even to a matching contact`,
			user: user( { sync_off: true } ),
			trigger,
			candidates: [ candidate( 40 ) ],
			expected: [
				{ kind: 'skip', user_id: 7, reason: 'sync_disabled' } as const,
			],
		} )
	),
	{
		name: 'B7: switch on again: the resync brings the contact up to date',
		user: user( { email: 'ada@new.example', link: LINKED } ),
		trigger: 'resync',
		contact: contact(),
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'ada@new.example',
			},
		],
	},
	// B8, B10: user is the source.
	{
		name: 'B10: mapped mode moves changed mapped fields to the contact',
		user: user( {
			fields: {
				first_name: 'Augusta',
				last_name: 'Lovelace',
				membership_level: 'gold',
			},
			link: LINKED,
		} ),
		trigger: 'profile_update',
		contact: contact(),
		settings: MAPPED,
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: { first_name: 'Augusta' },
			},
		],
	},
	{
		name: 'B10: email-only mode moves no other field',
		user: user( { fields: { first_name: 'Augusta' }, link: LINKED } ),
		trigger: 'profile_update',
		contact: contact(),
		expected: [],
	},
	{
		name: 'B10: a mapped field emptied on the user is emptied on the contact',
		user: user( {
			fields: { first_name: 'Ada', last_name: 'Lovelace' },
			link: LINKED,
		} ),
		trigger: 'profile_update',
		contact: contact(),
		settings: MAPPED,
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: { notes: '' },
			},
		],
	},
	{
		name: 'B10: unmapped contact fields are left alone',
		user: user( {
			fields: {
				first_name: 'Ada',
				last_name: 'Lovelace',
				membership_level: 'gold',
			},
			link: LINKED,
		} ),
		trigger: 'resync',
		contact: contact( {
			fields: {
				first_name: 'Ada',
				last_name: 'Lovelace',
				notes: 'gold',
				phone: '555',
			},
		} ),
		settings: MAPPED,
		expected: [ { kind: 'touch_link', user_id: 7 } ],
	},
	{
		name: 'B10: a mapping change applies on the next resync',
		user: user( { link: LINKED } ),
		trigger: 'resync',
		contact: contact( {
			fields: { first_name: '', last_name: '', notes: '' },
		} ),
		settings: MAPPED,
		expected: [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {
					first_name: 'Ada',
					last_name: 'Lovelace',
					notes: 'gold',
				},
			},
		],
	},
	// B9 reversed direction.
	{
		name: 'B9: the contact is the source: its edits reach the user through the map',
		user: user( { link: { ...LINKED, source: 'contact' } } ),
		trigger: 'resync',
		contact: contact( {
			fields: {
				first_name: 'Augusta',
				last_name: 'Lovelace',
				notes: 'platinum',
			},
		} ),
		settings: MAPPED,
		expected: [
			{
				kind: 'update_user',
				user_id: 7,
				fields: { first_name: 'Augusta', membership_level: 'platinum' },
			},
		],
	},
	{
		name: "B9: the contact's primary email reaches the user",
		user: user( { link: { ...LINKED, source: 'contact' } } ),
		trigger: 'resync',
		contact: contact( { email: 'augusta@example.com' } ),
		expected: [
			{
				kind: 'update_user',
				user_id: 7,
				fields: { user_email: 'augusta@example.com' },
			},
		],
	},
	{
		name: 'B9 + R4: a user edit does not flow back over a contact-sourced link',
		user: user( {
			email: 'ada@new.example',
			fields: { first_name: 'Changed' },
			link: { ...LINKED, source: 'contact' },
		} ),
		trigger: 'profile_update',
		contact: contact( {
			email: 'ada@new.example',
			fields: {
				first_name: 'Changed',
				last_name: 'Lovelace',
				notes: 'gold',
			},
		} ),
		settings: {
			...MAPPED,
			field_map: [
				{ user_field: 'first_name', contact_field: 'first_name' },
			],
		},
		expected: [],
	},
	{
		name: 'R4: after the engine wrote the contact, the resulting state needs no further write',
		user: user( {
			fields: {
				first_name: 'Augusta',
				last_name: 'Lovelace',
				membership_level: 'gold',
			},
			link: LINKED,
		} ),
		trigger: 'profile_update',
		contact: contact( {
			fields: {
				first_name: 'Augusta',
				last_name: 'Lovelace',
				notes: 'gold',
			},
		} ),
		settings: MAPPED,
		expected: [],
	},
	{
		name: 'a linked contact that is gone is reported, not recreated',
		user: user( { link: LINKED } ),
		trigger: 'profile_update',
		contact: null,
		expected: [],
		note: /was not found/,
	},
];

describe( 'decideUser', () => {
	const decide = ( c: Case ) =>
		decideUser( {
			user: c.user,
			trigger: c.trigger,
			candidates: c.candidates ?? [],
			contact: c.contact ?? null,
			settings: c.settings ?? EMAIL_ONLY,
		} );

	it.each( cases.map( ( c ) => [ c.name, c ] as const ) )(
		'%s',
		( _name, c ) => {
			expect( decide( c ).operations ).toEqual( c.expected );
		}
	);

	const noted = cases.filter( ( c ) => c.note !== undefined );
	it.each( noted.map( ( c ) => [ c.name, c ] as const ) )(
		'notes for the run log: %s',
		( _name, c ) => {
			expect( explanation( decide( c ) ).join( '\n' ) ).toMatch(
				c.note as RegExp
			);
		}
	);
} );

describe( 'R6: a match to an existing contact rests on a verified email', () => {
	const EVERY_MOMENT: EngineSettings = {
		...EMAIL_ONLY,
		link_when: [ 'registration', 'login', 'crm_action' ],
	};
	const TRUSTING: EngineSettings = {
		...EVERY_MOMENT,
		trust_all_emails: true,
	};
	const LINK = {
		kind: 'link',
		user_id: 7,
		contact_id: 40,
		origin: 'matched',
	} as const;
	const CREATE = {
		kind: 'create_and_link',
		user_id: 7,
		contact: {
			type: 'individual',
			email: 'ada@example.com',
			first_name: 'Ada',
			last_name: 'Lovelace',
		},
	} as const;
	const WAIT = {
		kind: 'skip',
		user_id: 7,
		reason: 'email_unverified',
		contact_id: 40,
	} as const;
	const ASK = {
		kind: 'request_email_confirmation',
		user_id: 7,
		email: 'ada@example.com',
	} as const;

	// verified × candidate × trust_all_emails × trigger -> operations
	it.each( [
		[ true, true, false, 'registration', [ LINK ] ],
		[ true, false, false, 'registration', [ CREATE ] ],
		[ false, true, false, 'registration', [ WAIT, ASK ] ],
		[ false, false, false, 'registration', [ CREATE ] ],
		[ true, true, true, 'registration', [ LINK ] ],
		[ true, false, true, 'registration', [ CREATE ] ],
		[ false, true, true, 'registration', [ LINK ] ],
		[ false, false, true, 'registration', [ CREATE ] ],
		[ false, true, false, 'login', [ WAIT, ASK ] ],
		[ false, true, false, 'crm_action', [ WAIT, ASK ] ],
		// The batch tool reports the wait and sends no mail.
		[ false, true, false, 'batch', [ WAIT ] ],
		[ false, false, false, 'batch', [ CREATE ] ],
		[ true, true, false, 'batch', [ LINK ] ],
		// Confirming links; an address that changed again since waits again, without new mail.
		[ true, true, false, 'email_confirmed', [ LINK ] ],
		[ false, true, false, 'email_confirmed', [ WAIT ] ],
	] as const )(
		'verified %s, candidate %s, trust all %s, on %s',
		( verified, hasCandidate, trustAll, trigger, expected ) => {
			const decision = decideUser( {
				user: user( { email_verified: verified } ),
				trigger,
				candidates: hasCandidate ? [ candidate( 40 ) ] : [],
				contact: null,
				settings: trustAll ? TRUSTING : EVERY_MOMENT,
			} );
			expect( decision.operations ).toEqual( expected );
		}
	);

	it( 'says what the match waits for, for the run log', () => {
		const decision = decideUser( {
			user: user( { email_verified: false } ),
			trigger: 'login',
			candidates: [ candidate( 40 ) ],
			contact: null,
			settings: EMAIL_ONLY,
		} );
		expect( explanation( decision ).join( '\n' ) ).toMatch(
			/waiting for email confirmation of ada@example.com to link contact #40/
		);
	} );

	it( 'a candidate linked to another user is no match: a new contact needs no proof', () => {
		const decision = decideUser( {
			user: user( { email_verified: false } ),
			trigger: 'registration',
			candidates: [ candidate( 40, { linked_user_id: 99 } ) ],
			contact: null,
			settings: EMAIL_ONLY,
		} );
		expect( decision.operations ).toEqual( [ CREATE ] );
	} );

	it( 'confirming links even when "link when" names no moment left (the wait began at one)', () => {
		const decision = decideUser( {
			user: user( { email_verified: true } ),
			trigger: 'email_confirmed',
			candidates: [ candidate( 40 ) ],
			contact: null,
			settings: { ...EMAIL_ONLY, link_when: [ 'crm_action' ] },
		} );
		expect( decision.operations ).toEqual( [ LINK ] );
	} );

	it( 'a linked user keeps their link whatever the email state', () => {
		const decision = decideUser( {
			user: user( { email_verified: false, link: LINKED } ),
			trigger: 'login',
			candidates: [ candidate( 40, { linked_user_id: 7 } ) ],
			contact: contact(),
			settings: EMAIL_ONLY,
		} );
		expect( decision.operations ).toEqual( [] );
	} );
} );

interface DeleteCase {
	name: string;
	run: () => Decision;
	expected: Decision[ 'operations' ];
}

const deleteCases: DeleteCase[] = [
	{
		name: 'B12: user deleted, default: unlink, the contact stays',
		run: () =>
			decideUserDeleted( {
				userId: 7,
				link: LINKED,
				settings: EMAIL_ONLY,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
	{
		name: 'B12: user deleted with "delete contact when user is deleted": the contact goes',
		run: () =>
			decideUserDeleted( {
				userId: 7,
				link: LINKED,
				settings: { ...EMAIL_ONLY, delete_contact_with_user: true },
			} ),
		expected: [ { kind: 'delete_contact', user_id: 7, contact_id: 40 } ],
	},
	{
		name: 'B12: an unlinked user deleted: nothing to do',
		run: () =>
			decideUserDeleted( {
				userId: 7,
				link: null,
				settings: { ...EMAIL_ONLY, delete_contact_with_user: true },
			} ),
		expected: [],
	},
	{
		name: 'B12: contact deleted, default: the user stays, unlinked',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'subscriber' ] },
				link: { ...LINKED, source: 'contact' },
				settings: EMAIL_ONLY,
				actingUserId: 1,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
	{
		name: 'B12: contact deleted, reversed, "delete user" on: the user goes',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'subscriber' ] },
				link: { ...LINKED, source: 'contact' },
				settings: { ...EMAIL_ONLY, delete_user_with_contact: true },
				actingUserId: 1,
			} ),
		expected: [ { kind: 'delete_user', user_id: 7 } ],
	},
	{
		name: 'B12: "delete user" on but the user is the source: never deletes',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'subscriber' ] },
				link: LINKED,
				settings: { ...EMAIL_ONLY, delete_user_with_contact: true },
				actingUserId: 1,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
	{
		name: 'B12: "delete user" on but sync is off for the link: never deletes',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'subscriber' ] },
				link: { ...LINKED, source: 'contact', sync_enabled: false },
				settings: { ...EMAIL_ONLY, delete_user_with_contact: true },
				actingUserId: 1,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
	{
		name: 'B12: never deletes an administrator',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'administrator' ] },
				link: { ...LINKED, source: 'contact' },
				settings: { ...EMAIL_ONLY, delete_user_with_contact: true },
				actingUserId: 1,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
	{
		name: 'B12: never deletes the acting user',
		run: () =>
			decideContactDeleted( {
				user: { id: 7, roles: [ 'editor' ] },
				link: { ...LINKED, source: 'contact' },
				settings: { ...EMAIL_ONLY, delete_user_with_contact: true },
				actingUserId: 7,
			} ),
		expected: [ { kind: 'unlink', user_id: 7 } ],
	},
];

describe( 'delete rules', () => {
	it.each( deleteCases.map( ( c ) => [ c.name, c ] as const ) )(
		'%s',
		( _name, c ) => {
			expect( c.run().operations ).toEqual( c.expected );
		}
	);
} );

describe( 'candidates and mapping', () => {
	it( 'chooseCandidate reports who else holds the email', () => {
		expect(
			chooseCandidate( 7, [ candidate( 3, { linked_user_id: 99 } ) ] )
		).toEqual( {
			contactId: null,
			ambiguous: false,
			takenByOthers: [ 3 ],
		} );
	} );

	it( 'maps each field once in each direction, nothing in email-only mode', () => {
		const userFields = {
			first_name: 'Ada',
			last_name: 'L',
			membership_level: 'gold',
			other: 'x',
		};
		expect( mapUserToContact( userFields, MAPPED ) ).toEqual( {
			first_name: 'Ada',
			last_name: 'L',
			notes: 'gold',
		} );
		expect(
			mapContactToUser(
				{ first_name: 'Ada', notes: 'gold', phone: '5' },
				MAPPED
			)
		).toEqual( {
			first_name: 'Ada',
			last_name: '',
			membership_level: 'gold',
		} );
		expect( mapUserToContact( userFields, EMAIL_ONLY ) ).toEqual( {} );
	} );
} );
