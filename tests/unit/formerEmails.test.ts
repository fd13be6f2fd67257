/**
 * R5 however fast the changes come: the old email each profile update carries stays on the
 * contact, even when several changes wait in one claim and the user's current state shows only
 * the last one.
 */
import { decideUser } from '../../src/engine/decide';
import { processEvents } from '../../src/engine/events';
import type { Operation } from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import type {
	Candidate,
	ContactRecord,
	UserRecord,
} from '../../src/engine/types';
import { engineSettings } from './support/settings';

const SETTINGS = engineSettings();

const LINKED = { contact_id: 40, sync_enabled: true, source: 'user' as const };

function user( overrides: Partial< UserRecord > = {} ): UserRecord {
	return {
		id: 7,
		login: 'ada',
		email: 'd@example.com',
		roles: [ 'subscriber' ],
		email_verified: true,
		fields: {},
		link: LINKED,
		...overrides,
	};
}

function contact( overrides: Partial< ContactRecord > = {} ): ContactRecord {
	return {
		id: 40,
		email: 'a@example.com',
		emails: [ 'a@example.com' ],
		fields: {},
		...overrides,
	};
}

function holder( contactId: number ): Candidate {
	return {
		contact_id: contactId,
		type: 'individual',
		primary: true,
		linked_user_id: null,
	};
}

describe( 'decideUser with former emails (R5)', () => {
	it( 'adds every former address the contact lacks, the new one as primary', () => {
		const decision = decideUser( {
			user: user(),
			trigger: 'profile_update',
			candidates: [],
			contact: contact(),
			settings: SETTINGS,
			formerEmails: [
				{ email: 'a@example.com', holders: [ holder( 40 ) ] },
				{ email: 'B@Example.com ', holders: [] },
				{ email: 'c@example.com', holders: [] },
				{ email: 'b@example.com', holders: [] },
			],
		} );
		expect( decision.operations ).toEqual( [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'd@example.com',
				add_emails: [ 'b@example.com', 'c@example.com' ],
			},
		] );
		expect( decision.warnings ).toEqual( [] );
	} );

	it( 'keeps former addresses even when the email is back where it was', () => {
		// a -> b -> a: the user's state equals the contact's, but b was theirs for a while.
		const decision = decideUser( {
			user: user( { email: 'a@example.com' } ),
			trigger: 'profile_update',
			candidates: [],
			contact: contact(),
			settings: SETTINGS,
			formerEmails: [
				{ email: 'a@example.com', holders: [] },
				{ email: 'b@example.com', holders: [] },
			],
		} );
		expect( decision.operations ).toEqual( [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				add_emails: [ 'b@example.com' ],
			},
		] );
	} );

	it( 'reports a former address another contact holds, and merges nothing', () => {
		const decision = decideUser( {
			user: user(),
			trigger: 'profile_update',
			candidates: [],
			contact: contact(),
			settings: SETTINGS,
			formerEmails: [
				{ email: 'x@example.com', holders: [ holder( 77 ) ] },
			],
		} );
		expect( decision.operations ).toEqual( [
			expect.objectContaining( {
				kind: 'update_contact',
				contact_id: 40,
				add_emails: [ 'x@example.com' ],
			} ),
		] );
		expect( decision.warnings ).toEqual( [
			'former email x@example.com is also on contact #77; kept, not merged',
		] );
	} );

	it( 'skips invalid former addresses and changes nothing when all are kept already', () => {
		const decision = decideUser( {
			user: user( { email: 'a@example.com' } ),
			trigger: 'profile_update',
			candidates: [],
			contact: contact( {
				emails: [ 'a@example.com', 'b@example.com' ],
			} ),
			settings: SETTINGS,
			formerEmails: [
				{ email: 'not-an-email', holders: [] },
				{ email: 'b@example.com', holders: [] },
			],
		} );
		expect( decision.operations ).toEqual( [] );
	} );

	it( 'leaves the contact alone when it is the source or sync is off', () => {
		for ( const link of [
			{ ...LINKED, source: 'contact' as const },
			{ ...LINKED, sync_enabled: false },
		] ) {
			const decision = decideUser( {
				user: user( { email: 'a@example.com', link } ),
				trigger: 'profile_update',
				candidates: [],
				contact: contact(),
				settings: SETTINGS,
				formerEmails: [ { email: 'b@example.com', holders: [] } ],
			} );
			expect(
				decision.operations.filter(
					( operation ) => operation.kind === 'update_contact'
				)
			).toEqual( [] );
		}
	} );
} );

describe( 'processEvents with quick successive email changes', () => {
	it( 'keeps every old email the claimed profile updates carry', async () => {
		// a -> b -> c -> x (another contact's) -> d, all waiting in one claim.
		const chain = [ 'a', 'b', 'c', 'x', 'd' ].map(
			( name ) => `${ name }@example.com`
		);
		const events: SyncEvent[] = chain
			.slice( 1 )
			.map( ( email, index ) => ( {
				id: index + 1,
				type: 'user_updated',
				user_id: 7,
				payload: { old_email: chain[ index ], email },
			} ) );
		const applied: Operation[] = [];
		const lookedUp: string[][] = [];
		const port: SyncPort = {
			settings: async () => SETTINGS,
			usersPage: async () => ( { users: [], nextAfter: null, total: 0 } ),
			usersByIds: async () => [ user() ],
			candidates: async ( emails ) => {
				lookedUp.push( emails );
				return new Map(
					emails.map( ( email ) => [
						email,
						email === 'x@example.com' ? [ holder( 77 ) ] : [],
					] )
				);
			},
			contacts: async () => new Map( [ [ 40, contact() ] ] ),
			links: async () => new Map(),
			apply: async ( operations ) => {
				applied.push( ...operations );
				return {
					results: operations.map( ( _operation, index ) => ( {
						index,
						status: 'applied' as const,
					} ) ),
				};
			},
			claimEvents: async () => ( { token: 't', events } ),
			ackEvents: async () => undefined,
		};
		const result = await processEvents( port );
		expect( result ).toMatchObject( { claimed: 4, processed: 4 } );
		expect( applied ).toEqual( [
			{
				kind: 'update_contact',
				user_id: 7,
				contact_id: 40,
				fields: {},
				primary_email: 'd@example.com',
				add_emails: [
					'b@example.com',
					'c@example.com',
					'x@example.com',
				],
			},
		] );
		// One lookup for the new email and the former ones the contact lacks.
		expect( lookedUp ).toEqual( [
			[
				'd@example.com',
				'b@example.com',
				'c@example.com',
				'x@example.com',
			],
		] );
		expect( result.notes ).toEqual( [
			'user 7: former email x@example.com is also on contact #77; kept, not merged',
		] );
	} );
} );
