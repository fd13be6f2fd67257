/**
 * R7 in the engine: the person who made a change travels with the operation that carries it to
 * a user (`on_behalf_of`), and a refusal for that person's rights fails the events that asked
 * for it, once, with the site's reason (the site's side is in tests/integration/rights.test.ts).
 */
import { decideUser } from '../../src/engine/decide';
import { processEvents } from '../../src/engine/events';
import type {
	ApplyOperationResult,
	Operation,
} from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import type {
	ContactRecord,
	LinkState,
	UserRecord,
} from '../../src/engine/types';
import { engineSettings } from './support/settings';

const SETTINGS = engineSettings( { delete_user_with_contact: true } );

const CONTACT_IS_SOURCE: LinkState = {
	contact_id: 40,
	sync_enabled: true,
	source: 'contact',
};

function user( id: number, link: LinkState | null = null ): UserRecord {
	return {
		id,
		login: `user${ id }`,
		email: `user${ id }@example.com`,
		roles: [ 'author' ],
		email_verified: true,
		fields: {},
		link,
	} as UserRecord;
}

function contact( modifiedBy?: number ): ContactRecord {
	return {
		id: 40,
		email: 'new@example.com',
		emails: [ 'new@example.com' ],
		fields: {},
		...( modifiedBy === undefined ? {} : { modified_by: modifiedBy } ),
	};
}

/** One claim of `events` over `users`; the site answers each operation with `answer`. */
function eventPort(
	users: UserRecord[],
	events: SyncEvent[],
	answer: ( operation: Operation ) => Omit< ApplyOperationResult, 'index' >
) {
	const applied: Operation[] = [];
	const acks: Array< {
		processed: number[];
		failed: Array< { id: number; error: string; retry?: boolean } >;
	} > = [];
	const port: SyncPort = {
		settings: async () => SETTINGS,
		usersPage: async () => ( { users, nextAfter: null, total: 0 } ),
		usersByIds: async ( ids ) =>
			users.filter( ( candidate ) => ids.includes( candidate.id ) ),
		candidates: async () => new Map(),
		contacts: async ( ids ) =>
			new Map( ids.map( ( id ) => [ id, { ...contact( 12 ), id } ] ) ),
		links: async () => new Map(),
		apply: async ( operations ) => {
			applied.push( ...operations );
			return {
				results: operations.map( ( operation, index ) => ( {
					index,
					...answer( operation ),
				} ) ),
			};
		},
		claimEvents: async () => ( { token: 't', events: events.splice( 0 ) } ),
		ackEvents: async ( _token, processed, failed ) => {
			acks.push( { processed, failed } );
		},
	};
	return { port, applied, acks };
}

describe( 'decideUser: the person whose data a contact carries to its user', () => {
	it( 'names the person who last changed the contact on the update_user', () => {
		const decision = decideUser( {
			user: user( 3, CONTACT_IS_SOURCE ),
			trigger: 'resync',
			candidates: [],
			contact: contact( 12 ),
			settings: SETTINGS,
		} );
		expect( decision.operations ).toEqual( [
			{
				kind: 'update_user',
				user_id: 3,
				fields: { user_email: 'new@example.com' },
				on_behalf_of: 12,
			},
		] );
	} );

	it( 'names no one when only the sync has written the contact: the runner alone is the actor', () => {
		for ( const modifiedBy of [ undefined, 0 ] ) {
			const decision = decideUser( {
				user: user( 3, CONTACT_IS_SOURCE ),
				trigger: 'batch',
				candidates: [],
				contact: contact( modifiedBy ),
				settings: SETTINGS,
			} );
			expect( decision.operations ).toEqual( [
				{
					kind: 'update_user',
					user_id: 3,
					fields: { user_email: 'new@example.com' },
				},
			] );
		}
	} );
} );

describe( 'processEvents: the actor travels, and a refusal for their rights fails the event', () => {
	const deleted = ( id: number, payload: Record< string, unknown > ) => ( {
		id,
		type: 'contact_deleted' as const,
		user_id: 3,
		payload: {
			contact_id: 40,
			source: 'contact',
			sync_enabled: true,
			...payload,
		},
	} );

	it( 'a contact deleted by someone asks to delete its user on their behalf (the event actor)', async () => {
		const { port, applied } = eventPort(
			[ user( 3 ) ],
			[ { ...deleted( 1, {} ), actor_id: 12 } ],
			() => ( { status: 'applied' } )
		);
		await processEvents( port );
		expect( applied ).toEqual( [
			{ kind: 'delete_user', user_id: 3, on_behalf_of: 12 },
		] );
	} );

	it( 'reads the actor of an event recorded before events had one from its payload', async () => {
		const { port, applied } = eventPort(
			[ user( 3 ) ],
			[ deleted( 1, { acting_user_id: 12 } ) ],
			() => ( { status: 'applied' } )
		);
		await processEvents( port );
		expect( applied ).toEqual( [
			{ kind: 'delete_user', user_id: 3, on_behalf_of: 12 },
		] );
	} );

	it( "fails the refused user's events once, with the reason and the message, and acknowledges the rest", async () => {
		const { port, acks } = eventPort(
			[ user( 3, CONTACT_IS_SOURCE ), user( 4, CONTACT_IS_SOURCE ) ],
			[
				{ id: 1, type: 'contact_updated', user_id: 3, payload: {} },
				{ id: 2, type: 'link_changed', user_id: 3, payload: {} },
				{ id: 3, type: 'contact_updated', user_id: 4, payload: {} },
			],
			( operation ) =>
				operation.user_id === 3
					? {
							status: 'refused',
							reason: 'not_allowed_to_edit_user',
							message:
								'Staff (user 12) may not edit Admin (user 3).',
						}
					: { status: 'applied' }
		);
		const result = await processEvents( port );
		const error =
			'not_allowed_to_edit_user: Staff (user 12) may not edit Admin (user 3).';
		expect( acks ).toEqual( [
			{
				processed: [ 3 ],
				failed: [
					{ id: 1, error, retry: false },
					{ id: 2, error, retry: false },
				],
			},
		] );
		expect( result ).toMatchObject( {
			claimed: 3,
			processed: 1,
			failed: 2,
		} );
	} );

	it( 'still acknowledges events refused for other reasons (a final answer that is not about rights)', async () => {
		const { port, acks } = eventPort(
			[ user( 3, CONTACT_IS_SOURCE ) ],
			[ { id: 1, type: 'contact_updated', user_id: 3, payload: {} } ],
			() => ( { status: 'refused', reason: 'not_linked' } )
		);
		await processEvents( port );
		expect( acks ).toEqual( [ { processed: [ 1 ], failed: [] } ] );
	} );
} );
