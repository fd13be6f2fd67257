/**
 * The batch runner fetches the next page while it applies the current one. When the site goes
 * down, both requests fail: the runner reports the failure it was waiting on, and the other
 * one is no unhandled rejection (which ends a Node process with a stack trace).
 */
import type { SyncPort } from '../../src/engine/port';
import { runBatch } from '../../src/engine/runner';
import type { UserRecord } from '../../src/engine/types';

const user = ( id: number ): UserRecord => ( {
	id,
	login: `user${ id }`,
	email: `user${ id }@example.com`,
	roles: [ 'subscriber' ],
	email_verified: true,
	fields: {},
	link: null,
} );

const later = < T >( ms: number, settle: () => T ) =>
	new Promise< T >( ( resolve, reject ) =>
		setTimeout( () => {
			try {
				resolve( settle() );
			} catch ( error ) {
				reject( error );
			}
		}, ms )
	);

describe( 'runBatch while the site goes down', () => {
	it( 'fails with the apply error; the prefetched page failing first is handled', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = ( reason: unknown ) => unhandled.push( reason );
		process.on( 'unhandledRejection', onUnhandled );
		const port: SyncPort = {
			settings: async () => ( {
				sync_mode: 'email_only',
				field_map: [],
				link_when: [ 'registration' ],
				delete_contact_with_user: false,
				delete_user_with_contact: false,
				trust_all_emails: true,
			} ),
			usersPage: ( after ) =>
				after === 0
					? Promise.resolve( {
							users: [ user( 1 ), user( 2 ) ],
							nextAfter: 2,
							total: 4,
						} )
					: later( 5, () => {
							throw new Error( 'next page: database down' );
						} ),
			usersByIds: async () => [],
			candidates: async () => new Map(),
			contacts: async () => new Map(),
			links: async () => new Map(),
			apply: () =>
				later( 40, () => {
					throw new Error( 'apply: database down' );
				} ),
			claimEvents: async () => ( { token: 't', events: [] } ),
			ackEvents: async () => {},
		};
		try {
			await expect(
				runBatch( port, { runId: 1, pageSize: 2 } )
			).rejects.toThrow( 'apply: database down' );
			// Let any stray rejection surface.
			await new Promise( ( resolve ) => setTimeout( resolve, 20 ) );
			expect( unhandled ).toEqual( [] );
		} finally {
			process.off( 'unhandledRejection', onUnhandled );
		}
	} );
} );
