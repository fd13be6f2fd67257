/**
 * B7 and the Users list bulk action: an administrator's request to synchronize a user (a
 * `sync_requested` event, written by the user screens) is decided as the batch tool decides.
 */
import { processEvents } from '../../src/engine/events';
import type { Operation } from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import type { Candidate, LinkState, UserRecord } from '../../src/engine/types';
import { engineSettings } from './support/settings';

// Registration and login link nothing: only the request can.
const SETTINGS = engineSettings( { link_when: [ 'crm_action' ] } );

function user(
	id: number,
	options: { link?: LinkState | null; verified?: boolean } = {}
): UserRecord {
	return {
		id,
		login: `user${ id }`,
		email: `user${ id }@example.com`,
		roles: [ 'subscriber' ],
		email_verified: options.verified ?? true,
		fields: {},
		link: options.link ?? null,
	};
}

/** One claim of `events`; returns what was applied and acknowledged. */
async function process(
	users: UserRecord[],
	events: Array< Omit< SyncEvent, 'id' | 'payload' > >,
	candidates: Map< string, Candidate[] > = new Map()
) {
	const applied: Operation[] = [];
	const processed: number[] = [];
	const claim: SyncEvent[] = events.map( ( event, index ) => ( {
		...event,
		id: index + 1,
		payload: {},
	} ) );
	const port: SyncPort = {
		settings: async () => SETTINGS,
		usersPage: async () => ( { users, nextAfter: null, total: 0 } ),
		usersByIds: async ( ids ) =>
			users.filter( ( candidate ) => ids.includes( candidate.id ) ),
		candidates: async ( emails ) =>
			new Map(
				emails.flatMap( ( email ) => {
					const found = candidates.get( email );
					return found ? [ [ email, found ] as const ] : [];
				} )
			),
		contacts: async ( ids ) =>
			new Map(
				ids.map( ( id ) => [
					id,
					{
						id,
						email: 'user3@example.com',
						emails: [ 'user3@example.com' ],
						fields: {},
					},
				] )
			),
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
		claimEvents: async () => ( { token: 't', events: claim.splice( 0 ) } ),
		ackEvents: async ( _token, done ) => {
			processed.push( ...done );
		},
	};
	await processEvents( port );
	return { applied, processed };
}

describe( 'sync_requested: an administrator asked to synchronize a user now', () => {
	it( 'creates and links a contact whatever "link when" says, and outranks the registration it came with', async () => {
		const { applied, processed } = await process(
			[ user( 1 ) ],
			[
				{ type: 'user_registered', user_id: 1 },
				{ type: 'sync_requested', user_id: 1 },
			]
		);
		expect( applied ).toEqual( [
			expect.objectContaining( {
				kind: 'create_and_link',
				user_id: 1,
			} ),
		] );
		expect( processed ).toEqual( [ 1, 2 ] );
	} );

	it( 'links the contact holding a verified email', async () => {
		const { applied } = await process(
			[ user( 2 ) ],
			[ { type: 'sync_requested', user_id: 2 } ],
			new Map( [
				[
					'user2@example.com',
					[
						{
							contact_id: 20,
							type: 'individual',
							primary: true,
							linked_user_id: null,
						},
					],
				],
			] )
		);
		expect( applied ).toEqual( [
			expect.objectContaining( {
				kind: 'link',
				user_id: 2,
				contact_id: 20,
			} ),
		] );
	} );

	it( 'R6: waits for an unverified email without mailing the user, as the batch tool does', async () => {
		const { applied } = await process(
			[ user( 2, { verified: false } ) ],
			[ { type: 'sync_requested', user_id: 2 } ],
			new Map( [
				[
					'user2@example.com',
					[
						{
							contact_id: 20,
							type: 'individual',
							primary: true,
							linked_user_id: null,
						},
					],
				],
			] )
		);
		expect( applied ).toEqual( [
			expect.objectContaining( {
				kind: 'skip',
				user_id: 2,
				reason: 'email_unverified',
			} ),
		] );
	} );

	it( 'B7: keeps a switched-off link as it is', async () => {
		const { applied } = await process(
			[
				user( 3, {
					link: {
						contact_id: 30,
						sync_enabled: false,
						source: 'user',
					},
				} ),
			],
			[ { type: 'sync_requested', user_id: 3 } ]
		);
		expect( applied ).toEqual( [ { kind: 'touch_link', user_id: 3 } ] );
	} );
} );
