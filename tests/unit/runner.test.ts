/**
 * The runner's paging and bookkeeping on plain data (the real site is in tests/integration).
 */
import { processEvents } from '../../src/engine/events';
import type {
	ApplyOperationResult,
	Operation,
} from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import { runBatch } from '../../src/engine/runner';
import type {
	Candidate,
	ContactRecord,
	LinkState,
	UserRecord,
} from '../../src/engine/types';
import { engineSettings } from './support/settings';

const SETTINGS = engineSettings();

/** What the site answers for one operation; everything is applied unless a test says otherwise. */
type Answer = ( operation: Operation ) => Omit< ApplyOperationResult, 'index' >;

/** Users, contact emails and links as plain arrays; records every call. */
function memoryPort(
	users: UserRecord[],
	contactEmails: Array< { contact_id: number; email: string } >,
	events: SyncEvent[] = [],
	answer: Answer = () => ( { status: 'applied' } )
) {
	const applied: Operation[][] = [];
	const pageCalls: number[] = [];
	const acks: Array< { processed: number[]; failed: number[] } > = [];
	const cursors: Array< number | undefined > = [];
	const port: SyncPort = {
		settings: async () => SETTINGS,
		usersPage: async ( after, limit ) => {
			pageCalls.push( after );
			const page = users
				.filter( ( user ) => user.id > after )
				.slice( 0, limit );
			const last = page[ page.length - 1 ];
			const more =
				last !== undefined &&
				users.some( ( user ) => user.id > last.id );
			return {
				users: page,
				nextAfter: more && last ? last.id : null,
				total: users.length,
			};
		},
		usersByIds: async ( ids ) =>
			users.filter( ( user ) => ids.includes( user.id ) ),
		candidates: async ( emails ) => {
			const result = new Map< string, Candidate[] >();
			for ( const email of emails ) {
				result.set(
					email,
					contactEmails
						.filter( ( row ) => row.email === email )
						.map( ( row ) => ( {
							contact_id: row.contact_id,
							type: 'individual',
							primary: true,
							linked_user_id:
								users.find(
									( user ) =>
										user.link?.contact_id === row.contact_id
								)?.id ?? null,
						} ) )
				);
			}
			return result;
		},
		contacts: async ( ids ) =>
			new Map< number, ContactRecord >(
				ids.map( ( id ) => {
					const emails = contactEmails
						.filter( ( row ) => row.contact_id === id )
						.map( ( row ) => row.email );
					return [
						id,
						{ id, email: emails[ 0 ] ?? '', emails, fields: {} },
					];
				} )
			),
		links: async ( ids ) => {
			const result = new Map< number, LinkState >();
			for ( const user of users ) {
				if ( ids.includes( user.id ) && user.link ) {
					result.set( user.id, user.link );
				}
			}
			return result;
		},
		apply: async ( operations, _runId, cursor ) => {
			applied.push( operations );
			cursors.push( cursor );
			return {
				results: operations.map( ( operation, index ) => ( {
					index,
					...answer( operation ),
				} ) ),
			};
		},
		claimEvents: async () => ( { token: 't', events: events.splice( 0 ) } ),
		ackEvents: async ( _token, processed, failed ) => {
			acks.push( {
				processed,
				failed: failed.map( ( entry ) => entry.id ),
			} );
		},
	};
	return { port, applied, pageCalls, acks, cursors };
}

function makeUsers( count: number ): UserRecord[] {
	return Array.from( { length: count }, ( _unused, index ) => ( {
		id: index + 1,
		login: `user${ index + 1 }`,
		email: `user${ index + 1 }@example.com`,
		roles: [ 'subscriber' ],
		email_verified: true,
		fields: {},
		link: null,
	} ) );
}

describe( 'runBatch', () => {
	it( 'visits every user once in keyset pages and applies one request per page', async () => {
		const { port, applied, pageCalls } = memoryPort( makeUsers( 25 ), [
			{ contact_id: 100, email: 'user3@example.com' },
		] );
		const progress: number[] = [];
		const result = await runBatch( port, {
			runId: 1,
			pageSize: 10,
			onProgress: ( p ) => void progress.push( p.done ),
		} );
		expect( result.counts ).toEqual( {
			checked: 25,
			matched: 1,
			created: 24,
			skipped: 0,
			updated: 0,
		} );
		expect( pageCalls ).toEqual( [ 0, 10, 20 ] );
		expect( applied ).toHaveLength( 3 );
		expect( applied.flat().filter( ( op ) => op.kind === 'link' ) ).toEqual(
			[ { kind: 'link', user_id: 3, contact_id: 100, origin: 'matched' } ]
		);
		expect( progress ).toEqual( [ 10, 20, 25 ] );
		expect( result.counts.checked ).toBe(
			result.counts.matched +
				result.counts.created +
				result.counts.skipped
		);
	} );

	it( 'never links one contact to two users of the same page (R2, R3)', async () => {
		const users = makeUsers( 2 ).map( ( user ) => ( {
			...user,
			email: 'twin@example.com',
		} ) );
		const { port, applied } = memoryPort( users, [
			{ contact_id: 9, email: 'twin@example.com' },
		] );
		await runBatch( port, { runId: 1 } );
		expect( applied.flat() ).toEqual( [
			{ kind: 'link', user_id: 1, contact_id: 9, origin: 'matched' },
			{
				kind: 'create_and_link',
				user_id: 2,
				contact: { type: 'individual', email: 'twin@example.com' },
				// R2: the run log says why this user got a contact of their own.
				reason: 'contact #9 with twin@example.com belongs to another user; created a new contact',
			},
		] );
	} );

	it( 'a dry run writes nothing and says what it would do', async () => {
		const users = makeUsers( 3 );
		users[ 1 ] = { ...( users[ 1 ] as UserRecord ), email: 'not-an-email' };
		const { port, applied } = memoryPort( users, [] );
		const result = await runBatch( port, { runId: null, dryRun: true } );
		expect( applied ).toHaveLength( 0 );
		expect( result.counts ).toEqual( {
			checked: 3,
			matched: 0,
			created: 2,
			skipped: 1,
			updated: 0,
		} );
		expect( result.planned[ 1 ] ).toEqual( {
			user_id: 2,
			operations: [
				{ kind: 'skip', user_id: 2, reason: 'invalid_email' },
			],
			notes: [],
		} );
	} );

	it( 'a dry run hands its plans over a page at a time when asked, keeping none', async () => {
		const users = makeUsers( 25 );
		users[ 11 ] = {
			...( users[ 11 ] as UserRecord ),
			email: 'not-an-email',
		};
		const { port, applied } = memoryPort( users, [] );
		const pages: number[][] = [];
		const result = await runBatch( port, {
			runId: null,
			dryRun: true,
			pageSize: 10,
			onPlanned: ( page ) =>
				pages.push( page.map( ( planned ) => planned.user_id ) ),
		} );
		expect( applied ).toHaveLength( 0 );
		expect( pages ).toEqual( [
			[ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ],
			[ 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 ],
			[ 21, 22, 23, 24, 25 ],
		] );
		expect( result.planned ).toEqual( [] );
		expect( result.counts ).toMatchObject( {
			checked: 25,
			created: 24,
			skipped: 1,
		} );
	} );

	it( 'asks for candidates only where needed, and still reports an email collision (R5)', async () => {
		const users = makeUsers( 3 ).map( ( user, index ) =>
			index === 0
				? user
				: {
						...user,
						link: {
							contact_id: 100 + index,
							sync_enabled: true,
							source: 'user' as const,
						},
					}
		);
		// User 3 changed their email to one that contact 77 holds.
		users[ 2 ] = {
			...( users[ 2 ] as UserRecord ),
			email: 'taken@example.com',
		};
		const { port } = memoryPort( users, [
			{ contact_id: 101, email: 'user2@example.com' },
			{ contact_id: 102, email: 'user3@example.com' },
			{ contact_id: 77, email: 'taken@example.com' },
		] );
		const asked: string[][] = [];
		const candidates = port.candidates;
		port.candidates = ( emails ) => {
			asked.push( emails );
			return candidates( emails );
		};
		const result = await runBatch( port, { runId: null, dryRun: true } );
		// The unlinked user's email, then only the moved one; never the unchanged linked user's.
		expect( asked ).toEqual( [
			[ 'user1@example.com' ],
			[ 'taken@example.com' ],
		] );
		expect( result.planned[ 2 ]?.notes ).toEqual( [
			'email taken@example.com is also on contact #77; not merged',
		] );
	} );

	it( 'stops between pages when asked and resumes from the cursor', async () => {
		const { port } = memoryPort( makeUsers( 30 ), [] );
		const first = await runBatch( port, {
			runId: 1,
			pageSize: 10,
			shouldStop: () => true,
		} );
		expect( first ).toMatchObject( {
			stopped: true,
			done: 10,
			cursor: 10,
		} );
		const rest = await runBatch( port, {
			runId: 1,
			pageSize: 10,
			startAfter: first.cursor,
		} );
		expect( rest ).toMatchObject( {
			stopped: false,
			done: 20,
			cursor: 30,
		} );
	} );

	it( 'moves on when the site answers already_linked or refused: the site records those users as skipped, the run does not retry them', async () => {
		const users = makeUsers( 4 ).map( ( user ) =>
			user.id % 2 === 0
				? {
						...user,
						link: {
							contact_id: 200 + user.id,
							sync_enabled: true,
							source: 'user' as const,
						},
					}
				: user
		);
		const { port, applied, cursors } = memoryPort(
			users,
			[
				{ contact_id: 101, email: 'user1@example.com' },
				{ contact_id: 202, email: 'user2@example.com' },
				{ contact_id: 103, email: 'user3@example.com' },
				{ contact_id: 204, email: 'user4@example.com' },
			],
			[],
			// Another runner took contact 101 first; user 4's link went meanwhile.
			( operation ) => {
				if ( operation.user_id === 1 ) {
					return {
						status: 'already_linked',
						reason: 'contact_already_linked',
					};
				}
				if ( operation.user_id === 4 ) {
					return { status: 'refused', reason: 'not_linked' };
				}
				return { status: 'applied' };
			}
		);
		const result = await runBatch( port, { runId: 1, pageSize: 2 } );
		expect( applied ).toEqual( [
			[
				{
					kind: 'link',
					user_id: 1,
					contact_id: 101,
					origin: 'matched',
				},
				{ kind: 'touch_link', user_id: 2 },
			],
			[
				{
					kind: 'link',
					user_id: 3,
					contact_id: 103,
					origin: 'matched',
				},
				{ kind: 'touch_link', user_id: 4 },
			],
		] );
		// Each page once, its cursor with it: nothing is sent again.
		expect( cursors ).toEqual( [ 2, 4 ] );
		expect( result ).toMatchObject( {
			stopped: false,
			done: 4,
			total: 4,
			cursor: 4,
		} );
	} );
} );

describe( 'processEvents', () => {
	it( 'decides once per user, the linking event winning, and acknowledges every event', async () => {
		const users = makeUsers( 2 );
		const events: SyncEvent[] = [
			{ id: 1, type: 'user_registered', user_id: 1, payload: {} },
			{ id: 2, type: 'user_updated', user_id: 1, payload: {} },
			{ id: 3, type: 'user_logged_in', user_id: 2, payload: {} },
		];
		const { port, applied, acks } = memoryPort(
			users,
			[ { contact_id: 5, email: 'user2@example.com' } ],
			events
		);
		const result = await processEvents( port );
		expect( result ).toEqual( {
			claimed: 3,
			processed: 3,
			failed: 0,
			operations: 2,
			notes: [],
		} );
		expect( applied.flat() ).toEqual( [
			{
				kind: 'create_and_link',
				user_id: 1,
				contact: { type: 'individual', email: 'user1@example.com' },
			},
			{ kind: 'link', user_id: 2, contact_id: 5, origin: 'matched' },
		] );
		expect( acks ).toEqual( [ { processed: [ 1, 2, 3 ], failed: [] } ] );
	} );

	it( 'passes warnings on for the log, not routine notes', async () => {
		const events: SyncEvent[] = [
			{ id: 1, type: 'user_registered', user_id: 1, payload: {} },
			// Linking on login is off by default here: a routine note, not worth a log line.
			{ id: 2, type: 'crm_action', user_id: 2, payload: {} },
		];
		const { port } = memoryPort(
			makeUsers( 2 ),
			[
				{ contact_id: 5, email: 'user1@example.com' },
				{ contact_id: 6, email: 'user1@example.com' },
			],
			events
		);
		const result = await processEvents( port );
		expect( result.notes ).toEqual( [
			'user 1: several contacts hold user1@example.com; chose #5',
		] );
	} );

	it( 'a deleted user is unlinked; the contact stays', async () => {
		const users = makeUsers( 1 ).map( ( user ) => ( {
			...user,
			link: {
				contact_id: 5,
				sync_enabled: true,
				source: 'user' as const,
			},
		} ) );
		const { port, applied } = memoryPort(
			users,
			[],
			[ { id: 4, type: 'user_deleted', user_id: 1, payload: {} } ]
		);
		await processEvents( port );
		expect( applied.flat() ).toEqual( [ { kind: 'unlink', user_id: 1 } ] );
	} );

	it( 'reports a failed apply on every claimed event so it is retried, never lost', async () => {
		const { port, acks } = memoryPort(
			makeUsers( 1 ),
			[],
			[ { id: 8, type: 'user_registered', user_id: 1, payload: {} } ]
		);
		port.apply = async () => {
			throw new Error( 'database is down' );
		};
		const result = await processEvents( port );
		expect( result.failed ).toBe( 1 );
		expect( acks ).toEqual( [ { processed: [], failed: [ 8 ] } ] );
	} );

	it( 'acknowledges events whose operations come back already_linked or refused: a final answer, not a failure to retry', async () => {
		const users = makeUsers( 2 ).map( ( user ) =>
			user.id === 2
				? {
						...user,
						link: {
							contact_id: 7,
							sync_enabled: true,
							source: 'user' as const,
						},
					}
				: user
		);
		const { port, applied, acks } = memoryPort(
			users,
			[ { contact_id: 7, email: 'user2@example.com' } ],
			[
				{ id: 1, type: 'user_registered', user_id: 1, payload: {} },
				{ id: 2, type: 'contact_updated', user_id: 2, payload: {} },
			],
			// Another runner linked user 1 first; user 2's link went meanwhile.
			( operation ) =>
				operation.kind === 'create_and_link'
					? {
							status: 'already_linked',
							contact_id: 9,
							reason: 'user_already_linked',
						}
					: { status: 'refused', reason: 'not_linked' }
		);
		const result = await processEvents( port );
		expect( applied ).toEqual( [
			[
				{
					kind: 'create_and_link',
					user_id: 1,
					contact: { type: 'individual', email: 'user1@example.com' },
				},
				{ kind: 'touch_link', user_id: 2 },
			],
		] );
		expect( result ).toEqual( {
			claimed: 2,
			processed: 2,
			failed: 0,
			operations: 2,
			notes: [],
		} );
		expect( acks ).toEqual( [ { processed: [ 1, 2 ], failed: [] } ] );
	} );

	it( 'does nothing when no event is pending', async () => {
		const { port, applied } = memoryPort( makeUsers( 1 ), [] );
		expect( await processEvents( port ) ).toEqual( {
			claimed: 0,
			processed: 0,
			failed: 0,
			operations: 0,
			notes: [],
		} );
		expect( applied ).toHaveLength( 0 );
	} );
} );
