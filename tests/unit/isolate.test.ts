/**
 * R8 in the runners: a batch the site refuses as a whole (400) is split, so the good
 * operations land and only the bad ones fail, with the site's message.
 */
import { processEvents } from '../../src/engine/events';
import { applyIsolated, INVALID_OPERATION } from '../../src/engine/isolate';
import type { Operation } from '../../src/engine/operations';
import type { SyncEvent, SyncPort } from '../../src/engine/port';
import type { UserRecord } from '../../src/engine/types';
import { engineSettings } from './support/settings';

interface Refusal {
	status: number;
	code: string;
	message: string;
	data?: { index?: number };
}

/**
 * A site that refuses, as a whole, every batch holding an operation for one of `bad` users
 * (naming the first such operation, unless `named` is false), and applies the others.
 */
function refusingSite(
	bad: Set< number >,
	options: { named?: boolean; status?: number } = {}
) {
	const calls: Operation[][] = [];
	const landed: Operation[] = [];
	const acks: Array< {
		processed: number[];
		failed: Array< { id: number; error: string; retry?: boolean } >;
	} > = [];
	const apply: SyncPort[ 'apply' ] = async ( operations ) => {
		calls.push( operations );
		const index = operations.findIndex(
			( operation ) =>
				'user_id' in operation &&
				bad.has( operation.user_id ?? 0 ) &&
				operation.kind !== 'skip'
		);
		if ( index >= 0 ) {
			const refusal: Refusal = {
				status: options.status ?? 400,
				code:
					options.named === false
						? 'rest_invalid_param'
						: 'users_to_contacts_invalid_operation',
				message: `Operation ${ index } is bad.`,
				...( options.named === false ? {} : { data: { index } } ),
			};
			throw Object.assign( new Error( refusal.message ), refusal );
		}
		landed.push( ...operations );
		return {
			results: operations.map( ( _, position ) => ( {
				index: position,
				status: 'applied' as const,
			} ) ),
		};
	};
	return { apply, calls, landed, acks };
}

function linkAndUpdate( userId: number ): Operation[] {
	return [
		{ kind: 'link', user_id: userId, contact_id: userId + 100 },
		{
			kind: 'update_contact',
			user_id: userId,
			contact_id: userId + 100,
			fields: { phone: String( userId ) },
		},
	];
}

function portWith( apply: SyncPort[ 'apply' ] ): SyncPort {
	const unused = async (): Promise< never > => {
		throw new Error( 'not used' );
	};
	return {
		settings: unused,
		usersPage: unused,
		usersByIds: unused,
		candidates: unused,
		contacts: unused,
		links: unused,
		apply,
		claimEvents: unused,
		ackEvents: unused,
	};
}

describe( 'applyIsolated', () => {
	const operations = [ 1, 2, 3, 4, 5, 6 ].flatMap( linkAndUpdate );

	it( 'passes an accepted batch through in one request', async () => {
		const site = refusingSite( new Set() );
		const { results } = await applyIsolated(
			portWith( site.apply ),
			operations,
			null
		);
		expect( site.calls ).toHaveLength( 1 );
		expect( results.every( ( r ) => r.status === 'applied' ) ).toBe( true );
	} );

	it( 'fails only the user the site named; their link and update fall together, the rest lands', async () => {
		const site = refusingSite( new Set( [ 4 ] ) );
		const { results } = await applyIsolated(
			portWith( site.apply ),
			operations,
			null
		);
		const refused = results.filter( ( r ) => r.status === 'refused' );
		expect( refused.map( ( r ) => r.index ) ).toEqual( [ 6, 7 ] );
		expect( refused[ 0 ] ).toMatchObject( {
			reason: INVALID_OPERATION,
			message: 'Operation 0 is bad.',
		} );
		expect( results.map( ( r ) => r.index ) ).toEqual( [
			0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
		] );
		expect(
			site.landed.map( ( operation ) =>
				'user_id' in operation ? operation.user_id : 0
			)
		).not.toContain( 4 );
		expect( site.landed ).toHaveLength( 10 );
		// The whole batch, the named group alone, the rest: three requests.
		expect( site.calls ).toHaveLength( 3 );
	} );

	it( 'halves a batch refused without naming an operation until each bad user is alone', async () => {
		const site = refusingSite( new Set( [ 2, 5 ] ), { named: false } );
		const { results } = await applyIsolated(
			portWith( site.apply ),
			operations,
			null
		);
		expect(
			results
				.filter( ( r ) => r.status === 'refused' )
				.map( ( r ) => r.index )
		).toEqual( [ 2, 3, 8, 9 ] );
		expect( site.landed ).toHaveLength( 8 );
	} );

	it( 'lets other failures through unchanged: an outage or a finished run is not split', async () => {
		const site = refusingSite( new Set( [ 1 ] ), { status: 503 } );
		await expect(
			applyIsolated( portWith( site.apply ), operations, null )
		).rejects.toMatchObject( { status: 503 } );
		expect( site.calls ).toHaveLength( 1 );
	} );

	it( 'records a run item for each failed user, with the site message, and stores the cursor with it', async () => {
		const site = refusingSite( new Set( [ 3 ] ) );
		const sent: Array< { runId: number | null; cursor?: number } > = [];
		const port = portWith( async ( batch, runId, cursor ) => {
			sent.push( {
				runId,
				...( cursor === undefined ? {} : { cursor } ),
			} );
			return site.apply( batch, runId, cursor );
		} );
		await applyIsolated( port, operations, 9, 600 );
		expect( site.calls.at( -1 ) ).toEqual( [
			{ kind: 'skip', user_id: 3, reason: 'Operation 0 is bad.' },
		] );
		expect( sent.at( -1 ) ).toEqual( { runId: 9, cursor: 600 } );
	} );
} );

describe( 'processEvents with a batch the site refuses as a whole', () => {
	it( 'fails only the bad user’s event, with the site message; the others are processed at once', async () => {
		const users: UserRecord[] = [ 1, 2, 3 ].map( ( id ) => ( {
			id,
			login: `user${ id }`,
			email: `user${ id }@example.com`,
			email_verified: true,
			roles: [ 'subscriber' ],
			fields: {},
			link: null,
		} ) );
		const events: SyncEvent[] = users.map( ( user ) => ( {
			id: user.id * 10,
			type: 'user_registered',
			user_id: user.id,
			payload: {},
		} ) );
		const site = refusingSite( new Set( [ 2 ] ) );
		const port: SyncPort = {
			...portWith( site.apply ),
			settings: async () => engineSettings( { trust_all_emails: true } ),
			usersByIds: async ( ids ) =>
				users.filter( ( user ) => ids.includes( user.id ) ),
			candidates: async () => new Map(),
			contacts: async () => new Map(),
			claimEvents: async () => ( { token: 't', events } ),
			ackEvents: async ( _token, processed, failed ) => {
				site.acks.push( { processed, failed } );
			},
		};
		const result = await processEvents( port );
		expect( result ).toMatchObject( {
			claimed: 3,
			processed: 2,
			failed: 1,
		} );
		expect( site.acks ).toEqual( [
			{
				processed: [ 10, 30 ],
				failed: [
					{
						id: 20,
						error: `${ INVALID_OPERATION }: Operation 0 is bad.`,
						retry: false,
					},
				],
			},
		] );
	} );
} );
