/**
 * The watch loop: keeps going through failures, stops on its signal.
 */
import { processEvents } from '../../src/engine/events';
import { watch } from '../../src/engine/watch';
import type { SyncPort } from '../../src/engine/port';
import { engineSettings } from './support/settings';

function portWith( claim: SyncPort[ 'claimEvents' ] ): SyncPort {
	const unused = () => Promise.reject( new Error( 'not used' ) );
	return {
		settings: async () =>
			engineSettings( { link_when: [ 'registration' ] } ),
		usersPage: unused,
		usersByIds: async () => [],
		candidates: async () => new Map(),
		contacts: async () => new Map(),
		links: async () => new Map(),
		apply: async () => ( { results: [] } ),
		claimEvents: claim,
		ackEvents: async () => {},
	};
}

describe( 'watch', () => {
	it( 'retries while the site is down, says so, and carries on once it is back', async () => {
		const controller = new AbortController();
		const messages: string[] = [];
		let calls = 0;
		const port = portWith( async () => {
			calls += 1;
			if ( calls === 1 ) {
				throw new Error( 'connect ECONNREFUSED' );
			}
			controller.abort();
			return { token: 't', events: [] };
		} );
		const began = Date.now();
		await watch( port, {
			signal: controller.signal,
			log: ( message ) => messages.push( message ),
		} );
		expect( calls ).toBe( 2 );
		expect( messages[ 0 ] ).toMatch(
			/Cannot process events \(connect ECONNREFUSED\); retrying in 0\.\d s\./
		);
		expect( messages[ 1 ] ).toBe( 'Connected again.' );
		expect( Date.now() - began ).toBeLessThan( 2000 );
	} );

	it( 'stops at once when the signal fires while idle', async () => {
		const controller = new AbortController();
		const port = portWith( async () => ( { token: 't', events: [] } ) );
		setTimeout( () => controller.abort(), 50 );
		const began = Date.now();
		await watch( port, { signal: controller.signal, idleMs: 60000 } );
		expect( Date.now() - began ).toBeLessThan( 1000 );
	} );

	it( 'stops without a retry message when stopped while a request fails', async () => {
		const controller = new AbortController();
		const messages: string[] = [];
		const port = portWith( async () => {
			controller.abort();
			throw new Error( 'Stopped while waiting for the site' );
		} );
		await watch( port, {
			signal: controller.signal,
			log: ( message ) => messages.push( message ),
		} );
		expect( messages ).toEqual( [] );
	} );

	it( 'sends a heartbeat before working', async () => {
		const controller = new AbortController();
		let beats = 0;
		const port = portWith( async () => {
			controller.abort();
			return { token: 't', events: [] };
		} );
		await watch( port, {
			signal: controller.signal,
			heartbeat: async () => {
				beats += 1;
			},
		} );
		expect( beats ).toBe( 1 );
	} );

	it( 'acknowledges a batch only after applying it, while it claims the next one, and before it stops', async () => {
		const controller = new AbortController();
		const steps: string[] = [];
		let claims = 0;
		let releaseAck: () => void = () => {};
		const port: SyncPort = {
			...portWith( async () => {
				claims += 1;
				steps.push( `claim ${ claims }` );
				if ( claims === 2 ) {
					// The first batch's acknowledgement is still under way.
					releaseAck();
					controller.abort();
					return { token: 't2', events: [] };
				}
				return {
					token: 't1',
					events: [
						{
							id: 7,
							type: 'user_registered',
							user_id: 3,
							payload: {},
						},
					],
				};
			} ),
			usersByIds: async () => [
				{
					id: 3,
					login: 'ann',
					email: 'ann@example.com',
					roles: [ 'subscriber' ],
					email_verified: true,
					fields: {},
					link: null,
					sync_off: false,
				},
			],
			apply: async ( operations ) => {
				steps.push( `apply ${ operations.length }` );
				return {
					results: operations.map( ( _, index ) => ( {
						index,
						status: 'applied' as const,
					} ) ),
				};
			},
			ackEvents: ( token, processed ) => {
				steps.push( `ack ${ token } ${ processed.join( ',' ) }` );
				return new Promise( ( resolve ) => {
					releaseAck = () => {
						steps.push( 'acked' );
						resolve();
					};
				} );
			},
		};
		await watch( port, { signal: controller.signal } );
		expect( steps ).toEqual( [
			'claim 1',
			'apply 1',
			'ack t1 7',
			'claim 2',
			'acked',
		] );
	} );

	it( 'says so when an acknowledgement fails, and carries on', async () => {
		const controller = new AbortController();
		const messages: string[] = [];
		let claims = 0;
		const port: SyncPort = {
			...portWith( async () => {
				claims += 1;
				if ( claims === 3 ) {
					controller.abort();
				}
				return claims === 1
					? {
							token: 't1',
							events: [
								{
									id: 9,
									type: 'user_logged_in',
									user_id: 4,
									payload: {},
								},
							],
						}
					: { token: 't', events: [] };
			} ),
			ackEvents: async () => {
				throw new Error( 'socket hang up' );
			},
		};
		await watch( port, {
			signal: controller.signal,
			log: ( message ) => messages.push( message ),
		} );
		expect( claims ).toBe( 3 );
		expect( messages[ 0 ] ).toMatch(
			/Cannot process events \(socket hang up\); retrying in/
		);
	} );
} );

describe( 'processEvents', () => {
	it( 'decides with the settings, users and candidates the claim brought, asking for none again', async () => {
		const asked: string[] = [];
		const applied: string[] = [];
		const port: SyncPort = {
			...portWith( async () => ( {
				token: 't',
				events: [
					{
						id: 1,
						type: 'user_registered',
						user_id: 5,
						payload: {},
					},
				],
				settings: engineSettings( {
					link_when: [ 'registration' ],
					trust_all_emails: true,
				} ),
				users: [
					{
						id: 5,
						login: 'bo',
						email: 'bo@example.com',
						roles: [ 'subscriber' ],
						email_verified: false,
						fields: {},
						link: null,
						sync_off: false,
					},
				],
				candidates: new Map( [ [ 'bo@example.com', [] ] ] ),
			} ) ),
			candidates: async () => {
				asked.push( 'candidates' );
				return new Map();
			},
			settings: async () => {
				asked.push( 'settings' );
				throw new Error( 'not asked' );
			},
			usersByIds: async () => {
				asked.push( 'users' );
				return [];
			},
			apply: async ( operations ) => {
				applied.push(
					...operations.map( ( operation ) => operation.kind )
				);
				return {
					results: operations.map( ( _, index ) => ( {
						index,
						status: 'applied' as const,
					} ) ),
				};
			},
		};
		const result = await processEvents( port );
		expect( asked ).toEqual( [] );
		expect( applied ).toEqual( [ 'create_and_link' ] );
		expect( result ).toMatchObject( { claimed: 1, processed: 1 } );
	} );
} );
