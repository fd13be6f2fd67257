/**
 * R8, issue 8 finding 3: one bad operation fails alone. A claim of events where one user's data
 * cannot be applied links the others at the first attempt; only that user's event fails (with
 * the reason), and nothing is retried in step with it.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import { createRestSyncPort } from '../../src/api/syncPort';
import type { ApplyResult, Event, Run } from '../../src/api/sync';
import { processEvents } from '../../src/engine/events';
import type { SyncPort } from '../../src/engine/port';
import { rest, runPhp, testSite } from '../support/site';

const NS = '/users-to-contacts/v1';
const DEFAULTS = {
	sync_mode: 'email_only',
	field_map: [],
	link_when: [ 'registration', 'login' ],
	delete_contact_with_user: false,
	delete_user_with_contact: false,
};

function sitePort(): SyncPort {
	const site = testSite();
	return createRestSyncPort(
		createFetchTransport( {
			siteUrl: site.url,
			user: site.adminUser,
			password: site.appPassword,
		} )
	);
}

async function drainOutbox( port: SyncPort ): Promise< void > {
	for ( let pass = 0; pass < 50; pass++ ) {
		if ( ( await processEvents( port ) ).claimed === 0 ) {
			return;
		}
	}
	throw new Error( 'the outbox did not drain' );
}

async function settings( changes: Record< string, unknown > ) {
	const response = await rest( `${ NS }/settings`, {
		method: 'PUT',
		body: { ...DEFAULTS, ...changes },
	} );
	expect( response.status ).toBe( 200 );
}

let sequence = 0;

/** Ten users registered (ten user_registered events), none linked yet. */
async function tenUsers( prefix: string ): Promise< number[] > {
	const ids: number[] = [];
	for ( let i = 0; i < 10; i++ ) {
		sequence += 1;
		const login = `${ prefix }${ Date.now().toString( 36 ) }${ sequence }`;
		const created = await rest< { id: number } >( '/wp/v2/users', {
			method: 'POST',
			body: {
				username: login,
				email: `${ login }@example.com`,
				password: 'secret-password-123',
			},
		} );
		expect( created.status ).toBe( 201 );
		ids.push( created.body.id );
	}
	return ids;
}

async function linkedContact( userId: number ): Promise< number | null > {
	const response = await rest< { contact_id: number } >(
		`${ NS }/links/${ userId }`
	);
	return response.status === 200 ? response.body.contact_id : null;
}

async function eventsOf( userId: number ): Promise< Event[] > {
	const response = await rest< Event[] >( `${ NS }/events`, {
		query: { user_id: String( userId ) },
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

/** Per user: linked or not, and their (only) event. */
async function outcomes(
	ids: number[]
): Promise<
	Array< { id: number; linked: boolean; event: Event | undefined } >
> {
	const found = [];
	for ( const id of ids ) {
		const [ event ] = await eventsOf( id );
		found.push( {
			id,
			linked: ( await linkedContact( id ) ) !== null,
			event,
		} );
	}
	return found;
}

describe( 'R8: one bad event fails alone', () => {
	const port = sitePort();

	beforeEach( async () => {
		await settings( {} );
		await drainOutbox( port );
	} );

	afterAll( () => settings( {} ) );

	it( 'a claim of 10 events where one user has a@b.c (which WordPress refuses): the 9 others are linked at the first attempt, that user is skipped, nothing is retried', async () => {
		const ids = await tenUsers( 'isol' );
		const bad = ids[ 4 ] as number;
		// An import can store an address is_email() refuses.
		runPhp(
			`global $wpdb; $wpdb->update( $wpdb->users, array( 'user_email' => 'a@b.c' ), array( 'ID' => ${ bad } ) ); clean_user_cache( ${ bad } );`
		);

		const result = await processEvents( port );
		expect( result ).toMatchObject( {
			claimed: 10,
			processed: 10,
			failed: 0,
		} );

		const outcome = await outcomes( ids );
		expect( outcome.filter( ( one ) => one.linked ) ).toHaveLength( 9 );
		expect( outcome.find( ( one ) => one.id === bad ) ).toMatchObject( {
			linked: false,
		} );
		for ( const one of outcome ) {
			expect( one.event ).toMatchObject( {
				status: 'processed',
				attempts: 1,
				error: null,
			} );
		}
		expect( ( await processEvents( port ) ).claimed ).toBe( 0 );
	} );

	it( 'a claim of 10 events where one user carries a value PHP refuses (a mapped phone too long): 9 linked, that one failed with the reason, the others not retried', async () => {
		const ids = await tenUsers( 'isolmap' );
		const bad = ids[ 7 ] as number;
		for ( const id of ids ) {
			const phone = id === bad ? '1'.repeat( 80 ) : `+44 ${ id }`;
			runPhp(
				`update_user_meta( ${ id }, 'utc_isolation_phone', ${ JSON.stringify( phone ) } );`
			);
		}
		await settings( {
			sync_mode: 'mapped',
			field_map: [
				{ user_field: 'utc_isolation_phone', contact_field: 'phone' },
			],
		} );

		const result = await processEvents( port );
		expect( result ).toMatchObject( {
			claimed: 10,
			processed: 9,
			failed: 1,
		} );

		const outcome = await outcomes( ids );
		const failed = outcome.filter( ( one ) => one.id === bad );
		const others = outcome.filter( ( one ) => one.id !== bad );
		expect( failed ).toEqual( [
			expect.objectContaining( {
				linked: false,
				event: expect.objectContaining( {
					status: 'failed',
					error: expect.stringMatching( /phone.*64 characters/ ),
				} ),
			} ),
		] );
		expect( others ).toHaveLength( 9 );
		for ( const one of others ) {
			expect( one ).toMatchObject( {
				linked: true,
				event: { status: 'processed', attempts: 1 },
			} );
		}
		// The failed event waits for its own retry: nothing else is claimable meanwhile.
		expect( ( await processEvents( port ) ).claimed ).toBe( 0 );
	} );

	it( '/bulk/apply answers the bad operation refused with its reason and applies the rest; a run records it as skipped with that reason', async () => {
		const ids = await tenUsers( 'isolbulk' );
		const run = await rest< Run >( `${ NS }/runs`, {
			method: 'POST',
			body: { kind: 'sync_users' },
		} );
		expect( run.status ).toBe( 201 );
		try {
			const response = await rest< ApplyResult >( `${ NS }/bulk/apply`, {
				method: 'POST',
				body: {
					run_id: run.body.id,
					operations: ids.map( ( id, index ) => ( {
						kind: 'create_and_link',
						user_id: id,
						contact: {
							email:
								index === 2
									? 'a@b.c'
									: `isolbulk${ id }@example.com`,
						},
					} ) ),
				},
			} );
			expect( response.status ).toBe( 200 );
			expect( response.body.tally ).toMatchObject( {
				applied: 9,
				refused: 1,
			} );
			expect( response.body.results[ 2 ] ).toMatchObject( {
				index: 2,
				status: 'refused',
				reason: 'invalid',
			} );
			expect( response.body.results[ 2 ]?.message ).toMatch(
				/"a@b\.c" is not a valid email address \(contact\.email\)/
			);
			expect( response.body.counts ).toMatchObject( {
				checked: 10,
				created: 9,
				skipped: 1,
			} );
			const items = await rest<
				Array< { user_id: number; reason: string } >
			>( `${ NS }/runs/${ run.body.id }/items`, {
				query: { outcome: 'skipped' },
			} );
			expect( items.status ).toBe( 200 );
			expect( items.body ).toEqual( [
				expect.objectContaining( {
					user_id: ids[ 2 ],
					reason: expect.stringMatching( /a@b\.c/ ),
				} ),
			] );
			expect( await linkedContact( ids[ 2 ] as number ) ).toBeNull();
		} finally {
			await rest( `${ NS }/runs/${ run.body.id }`, {
				method: 'PATCH',
				body: { status: 'completed' },
			} );
		}
	} );
} );
