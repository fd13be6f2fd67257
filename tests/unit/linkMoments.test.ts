/**
 * B3: when one claim holds several events of one user, the one that can link under "link
 * when" decides, so a login claimed together with a My details save (or a signup) links when
 * only CRM actions link.
 */
import { processEvents } from '../../src/engine/events';
import type { Operation } from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import type { EngineSettings, UserRecord } from '../../src/engine/types';
import { engineSettings } from './support/settings';

function settings( linkWhen: EngineSettings[ 'link_when' ] ): EngineSettings {
	return engineSettings( { link_when: linkWhen } );
}

const USER: UserRecord = {
	id: 1,
	login: 'visitor',
	email: 'visitor@example.com',
	roles: [ 'subscriber' ],
	email_verified: true,
	fields: {},
	link: null,
};

/** One claim of these events for USER; returns what was applied. */
async function process(
	linkWhen: EngineSettings[ 'link_when' ],
	types: SyncEvent[ 'type' ][]
): Promise< Operation[] > {
	const applied: Operation[] = [];
	const claim: SyncEvent[] = types.map( ( type, index ) => ( {
		id: index + 1,
		type,
		user_id: USER.id,
		payload:
			type === 'crm_action'
				? { details: { first_name: 'Ada', last_name: 'Lovelace' } }
				: {},
	} ) );
	const port: SyncPort = {
		settings: async () => settings( linkWhen ),
		usersPage: async () => ( {
			users: [ USER ],
			nextAfter: null,
			total: 1,
		} ),
		usersByIds: async () => [ USER ],
		candidates: async () => new Map(),
		contacts: async () => new Map(),
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
		ackEvents: async () => undefined,
	};
	await processEvents( port );
	return applied;
}

describe( 'several events of one user in one claim', () => {
	it( 'with only CRM actions linking, a login claimed with a CRM action links, with the saved details', async () => {
		for ( const order of [
			[ 'user_logged_in', 'crm_action' ],
			[ 'crm_action', 'user_logged_in' ],
			[ 'user_registered', 'user_logged_in', 'crm_action' ],
		] as SyncEvent[ 'type' ][][] ) {
			const applied = await process( [ 'crm_action' ], order );
			expect( applied ).toEqual( [
				expect.objectContaining( {
					kind: 'create_and_link',
					user_id: 1,
					contact: expect.objectContaining( {
						first_name: 'Ada',
						last_name: 'Lovelace',
					} ),
				} ),
			] );
		}
	} );

	it( 'with registration and login linking, the login still decides as before', async () => {
		const applied = await process(
			[ 'registration', 'login' ],
			[ 'crm_action', 'user_logged_in' ]
		);
		expect( applied ).toEqual( [
			expect.objectContaining( { kind: 'create_and_link', user_id: 1 } ),
		] );
	} );

	it( 'links nothing when no event of the claim is a moment that links', async () => {
		expect(
			await process(
				[ 'crm_action' ],
				[ 'user_registered', 'user_logged_in' ]
			)
		).toEqual( [] );
	} );
} );
