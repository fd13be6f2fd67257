/**
 * The batch runner fetches the next page and its candidates while it applies the current one.
 * What the applied page changed is asked again, so the next page is decided on the site as it
 * is (a contact linked a moment ago is no candidate). When the site goes down, both requests
 * fail: the runner reports the failure it was waiting on, and the other one is no unhandled
 * rejection (which ends a Node process with a stack trace).
 */
import type {
	ApplyOperationResult,
	Operation,
} from '../../src/engine/operations';
import type { SyncPort } from '../../src/engine/port';
import { runBatch } from '../../src/engine/runner';
import type { Candidate, UserRecord } from '../../src/engine/types';
import { engineSettings } from './support/settings';

const SETTINGS = engineSettings( {
	link_when: [ 'registration' ],
	trust_all_emails: true,
} );

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
			settings: async () => SETTINGS,
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

describe( 'runBatch with the next page fetched during an apply', () => {
	it( 'decides the next page on what the apply changed', async () => {
		// Contact 10 holds a@ (primary) and b@; user 1 (page 1) links it, so user 2 (page 2)
		// must get a new contact: linking 10 again would be refused and leave user 2 unlinked.
		const emails = [
			{ contact_id: 10, email: 'a@example.com', primary: true },
			{ contact_id: 10, email: 'b@example.com', primary: false },
		];
		const links = new Map< number, number >(); // user -> contact
		const people = [
			{ ...user( 1 ), email: 'a@example.com' },
			{ ...user( 2 ), email: 'b@example.com' },
		];
		const asked: string[] = [];
		let applied = 0;
		let nextContact = 100;
		const linkedUser = ( contactId: number ) =>
			[ ...links ].find(
				( [ , contact ] ) => contact === contactId
			)?.[ 0 ] ?? null;
		const port: SyncPort = {
			settings: async () => SETTINGS,
			usersPage: async ( after, limit ) => {
				const page = people
					.filter( ( person ) => person.id > after )
					.slice( 0, limit )
					.map( ( person ) => {
						const contact = links.get( person.id );
						return {
							...person,
							link:
								contact === undefined
									? null
									: {
											contact_id: contact,
											sync_enabled: true,
											source: 'user' as const,
										},
						};
					} );
				const last = page[ page.length - 1 ];
				return {
					users: page,
					nextAfter: last && last.id < 2 ? last.id : null,
					total: 2,
				};
			},
			usersByIds: async () => [],
			candidates: async ( wanted ) => {
				asked.push(
					...wanted.map(
						( email ) => `${ email } after ${ applied } applied`
					)
				);
				return new Map(
					wanted.map( ( email ): [ string, Candidate[] ] => [
						email,
						emails
							.filter( ( row ) => row.email === email )
							.map( ( row ) => ( {
								contact_id: row.contact_id,
								type: 'individual',
								primary: row.primary,
								linked_user_id: linkedUser( row.contact_id ),
							} ) ),
					] )
				);
			},
			contacts: async () => new Map(),
			links: async () => new Map(),
			apply: async ( operations: Operation[] ) => {
				await later( 20, () => undefined );
				applied++;
				const results = operations.map(
					( operation, index ): ApplyOperationResult => {
						if ( operation.kind === 'link' ) {
							if ( linkedUser( operation.contact_id ) !== null ) {
								return { index, status: 'already_linked' };
							}
							links.set(
								operation.user_id,
								operation.contact_id
							);
							return { index, status: 'applied' };
						}
						if ( operation.kind === 'create_and_link' ) {
							links.set( operation.user_id, nextContact );
							return {
								index,
								status: 'applied',
								contact_id: nextContact++,
							};
						}
						return { index, status: 'applied' };
					}
				);
				return { results };
			},
			claimEvents: async () => ( { token: 't', events: [] } ),
			ackEvents: async () => {},
		};
		const result = await runBatch( port, { runId: 1, pageSize: 1 } );
		expect( links.get( 1 ) ).toBe( 10 );
		expect( links.get( 2 ) ).toBe( 100 );
		expect( result.counts ).toMatchObject( { matched: 1, created: 1 } );
		// The race this is about happened: b@ was first asked before page 1 was applied.
		expect( asked ).toEqual( [
			'a@example.com after 0 applied',
			'b@example.com after 0 applied',
			'b@example.com after 1 applied',
		] );
	} );
} );
