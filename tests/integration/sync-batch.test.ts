/**
 * The batch "Synchronize Users to Contacts" through the real sidecar CLI (`sync`), alone and
 * racing `watch` (R3).
 */
import { rest, runPhp, testSite, settleEvents } from '../support/site';
import { eventually } from '../support/people';
import { runCli, runCliAsync, startWatch } from '../support/sidecar';

interface RunJson {
	run: {
		id: number;
		status: string;
		counts: {
			checked: number;
			matched: number;
			created: number;
			skipped: number;
		};
		summary: string;
	};
	skipped: Array< { user_id: number; reason: string } >;
}

interface Matches {
	matches: Record<
		string,
		Array< { contact_id: number; linked_user_id: number | null } >
	>;
}

/**
 * Creates users in one PHP process (wp_insert_user, so the hooks record their events), as the
 * administrator: their emails are verified (R6), so those a contact holds match it.
 */
function insertUsers(
	prefix: string,
	count: number,
	email: ( index: number ) => string = ( index ) =>
		`${ prefix }${ index }@example.com`
): number[] {
	const emails = Array.from( { length: count }, ( _unused, index ) =>
		email( index )
	);
	const output = runPhp(
		`wp_set_current_user( get_user_by( 'login', 'admin' )->ID );
		$ids = array();
		foreach ( json_decode( ${ JSON.stringify( JSON.stringify( emails ) ) } ) as $i => $email ) {
			$id = wp_insert_user( array( 'user_login' => ${ JSON.stringify( prefix ) } . $i, 'user_email' => $email, 'user_pass' => 'pw-' . $i, 'role' => 'subscriber' ) );
			if ( is_wp_error( $id ) ) { fwrite( STDERR, $id->get_error_message() ); exit( 1 ); }
			$ids[] = $id;
		}
		echo wp_json_encode( $ids );`
	);
	return JSON.parse( output ) as number[];
}

async function total(
	path: string,
	query: Record< string, string > = {}
): Promise< number > {
	const response = await rest( path, { query: { per_page: '1', ...query } } );
	return Number( response.headers.get( 'x-wp-total' ) );
}

async function siteUserCount(): Promise< number > {
	return total( '/wp/v2/users', { context: 'edit' } );
}

/** The run item of one user, wherever it is in the run's pages. */
async function findItem( runId: number, userId: number ) {
	for ( let page = 1; page < 100; page++ ) {
		const items = await rest<
			Array< { user_id: number; contact_id: number; reason: string } >
		>( `/users-to-contacts/v1/runs/${ runId }/items`, {
			query: { per_page: '100', page: String( page ) },
		} );
		const found = items.body.find( ( item ) => item.user_id === userId );
		if ( found || items.body.length < 100 ) {
			return found;
		}
	}
	return undefined;
}

describe( 'users-to-contacts sync', () => {
	beforeAll( async () => {
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PUT',
			body: {
				sync_mode: 'email_only',
				field_map: [],
				link_when: [ 'registration', 'login' ],
				delete_contact_with_user: false,
				delete_user_with_contact: false,
			},
		} );
		settleEvents();
	} );

	it( 'B5 + R1 + R3: links or creates for every user with an honest summary; a second run changes nothing', async () => {
		const prefix = `batch${ Date.now().toString( 36 ) }_`;
		const ids = insertUsers( prefix, 40 );
		settleEvents();
		// Ten of them already have a contact (mixed case, as people type), one has a broken email.
		for ( let index = 0; index < 10; index++ ) {
			await rest( '/users-to-contacts/v1/contacts', {
				method: 'POST',
				body: {
					type: 'individual',
					email: ` ${ prefix.toUpperCase() }${ index }@EXAMPLE.com`,
				},
			} );
		}
		runPhp(
			`global $wpdb; $wpdb->update( $wpdb->users, array( 'user_email' => 'broken-address' ), array( 'ID' => ${ ids[ 39 ] } ) );`
		);

		// Two contacts hold one user's email: the run picks one and its log says so (R2).
		const twins: number[] = [];
		for ( let copy = 0; copy < 2; copy++ ) {
			const twin = await rest< { id: number } >(
				'/users-to-contacts/v1/contacts',
				{
					method: 'POST',
					body: {
						type: 'individual',
						email: `${ prefix }37@example.com`,
					},
				}
			);
			twins.push( twin.body.id );
		}
		// One is linked already, to a contact with an outdated email: the run brings it up to date.
		const outdated = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					email: `outdated-${ prefix }38@example.com`,
				},
			}
		);
		await rest( '/users-to-contacts/v1/links', {
			method: 'POST',
			body: { user_id: ids[ 38 ], contact_id: outdated.body.id },
		} );

		const users = await siteUserCount();
		const first = runCli( [ 'sync', '--json' ] );
		expect( first.code ).toBe( 0 );
		const result = JSON.parse( first.out ) as RunJson;
		const { counts } = result.run;
		expect( result.run.status ).toBe( 'completed' );
		expect( counts.checked ).toBe( users );
		expect( counts.checked ).toBe(
			counts.matched + counts.created + counts.skipped
		);
		expect( counts.matched ).toBeGreaterThanOrEqual( 12 );
		expect(
			( result.run.counts as { updated?: number } ).updated
		).toBeGreaterThanOrEqual( 1 );
		const refreshed = await rest< { email: string } >(
			`/users-to-contacts/v1/contacts/${ outdated.body.id }`
		);
		expect( refreshed.body.email ).toBe( `${ prefix }38@example.com` );
		expect( result.run.summary ).toBe(
			`Synchronize Users to Contacts completed. Checked ${ counts.checked } user records. Found ${ counts.matched } matching contact records. Created ${ counts.created } new contact records.`
		);
		expect( result.skipped ).toContainEqual(
			expect.objectContaining( {
				user_id: ids[ 39 ],
				reason: 'invalid_email',
			} )
		);

		// Every one of our valid users now holds exactly one contact, linked to them.
		const emails = ids
			.slice( 0, 39 )
			.map( ( _id, index ) => `${ prefix }${ index }@example.com` );
		const found = await rest< Matches >(
			'/users-to-contacts/v1/bulk/contacts-by-emails',
			{ method: 'POST', body: { emails } }
		);
		const holders = emails.map(
			( email ) => found.body.matches[ email ] ?? []
		);
		// Each is linked to exactly one contact holding their email…
		expect(
			holders.map( ( list ) =>
				list
					.filter( ( holder ) => holder.linked_user_id !== null )
					.map( ( holder ) => holder.linked_user_id )
			)
		).toEqual( ids.slice( 0, 39 ).map( ( id ) => [ id ] ) );
		// …and no other contact holds it, except the second of user 37's two, which stays free.
		expect(
			holders.map(
				( list ) =>
					list.filter( ( holder ) => holder.linked_user_id === null )
						.length
			)
		).toEqual(
			emails.map( ( _email, index ) => ( index === 37 ? 1 : 0 ) )
		);

		const twinItem = await findItem( result.run.id, ids[ 37 ] as number );
		expect( twinItem ).toMatchObject( {
			contact_id: Math.min( ...twins ),
			reason: `several contacts hold ${ prefix }37@example.com; chose #${ Math.min( ...twins ) }`,
		} );

		const contactsBefore = await total( '/users-to-contacts/v1/contacts' );
		const linksBefore = await total( '/users-to-contacts/v1/links' );
		const second = runCli( [ 'sync' ] );
		expect( second.code ).toBe( 0 );
		expect( second.out ).toContain(
			`Checked ${ users } user records. Found ${ counts.matched + counts.created } matching contact records. Created 0 new contact records.`
		);
		expect( second.out ).toContain( `user ${ ids[ 39 ] }: invalid_email` );
		expect( await total( '/users-to-contacts/v1/contacts' ) ).toBe(
			contactsBefore
		);
		expect( await total( '/users-to-contacts/v1/links' ) ).toBe(
			linksBefore
		);
	} );

	it( 'a dry run says what it would do and writes nothing', async () => {
		const prefix = `dry${ Date.now().toString( 36 ) }_`;
		insertUsers( prefix, 5 );
		settleEvents();
		const contactsBefore = await total( '/users-to-contacts/v1/contacts' );
		const runsBefore = await total( '/users-to-contacts/v1/runs' );
		const human = runCli( [ 'sync', '--dry-run' ] );
		expect( human.code ).toBe( 0 );
		expect( human.out ).toMatch(
			/^Dry run: nothing was written\. Checked \d+ user records\. Would link \d+ to matching contact records and create 5 new contact records; \d+ would be skipped\./
		);
		const json = JSON.parse(
			runCli( [ 'sync', '--dry-run', '--json' ] ).out
		) as { counts: { created: number } };
		expect( json.counts.created ).toBe( 5 );
		expect( await total( '/users-to-contacts/v1/contacts' ) ).toBe(
			contactsBefore
		);
		expect( await total( '/users-to-contacts/v1/runs' ) ).toBe(
			runsBefore
		);
		// Leave nothing for the next test to count.
		expect( runCli( [ 'sync' ] ).code ).toBe( 0 );
	} );

	it( 'resumes an interrupted run where it stopped', async () => {
		const prefix = `resume${ Date.now().toString( 36 ) }_`;
		const ids = insertUsers( prefix, 6 );
		settleEvents();
		const started = await rest< { id: number } >(
			'/users-to-contacts/v1/runs',
			{ method: 'POST', body: { kind: 'sync_users' } }
		);
		expect( started.status ).toBe( 201 );
		// As if a sidecar died after handling every user up to the third new one.
		await rest( `/users-to-contacts/v1/runs/${ started.body.id }`, {
			method: 'PATCH',
			body: { cursor: ids[ 2 ], status: 'paused' },
		} );
		const resumed = runCli( [ 'sync', '--json' ] );
		expect( resumed.code ).toBe( 0 );
		expect( resumed.err ).toContain(
			`Resuming run ${ started.body.id } after user ${ ids[ 2 ] }.`
		);
		const result = JSON.parse( resumed.out ) as RunJson;
		expect( result.run.id ).toBe( started.body.id );
		expect( result.run.counts.created ).toBe( 3 );
		expect( result.run.counts.checked ).toBe( 3 );
	} );

	it( 'a contact linked on one page is no candidate on the next, though the next page was read while the first was applied', async () => {
		const prefix = `pages${ Date.now().toString( 36 ) }_`;
		// Page 1 is users 0-49 (its apply takes a while), page 2 is user 50.
		const ids = insertUsers( prefix, 51 );
		settleEvents();
		// One contact holds user 0's email as primary and user 50's besides.
		const shared = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					emails: [
						{ email: `${ prefix }0@example.com`, primary: true },
						{ email: `${ prefix }50@example.com` },
					],
				},
			}
		);
		const started = await rest< { id: number } >(
			'/users-to-contacts/v1/runs',
			{ method: 'POST', body: { kind: 'sync_users' } }
		);
		await rest( `/users-to-contacts/v1/runs/${ started.body.id }`, {
			method: 'PATCH',
			body: { cursor: ( ids[ 0 ] as number ) - 1, status: 'paused' },
		} );
		// Page 2 and its candidates are fetched while page 1's links are being written.
		const resumed = runCli( [ 'sync', '--json', '--page-size', '50' ] );
		expect( resumed.code ).toBe( 0 );
		const result = JSON.parse( resumed.out ) as RunJson;
		expect( result.run.counts ).toMatchObject( {
			checked: 51,
			matched: 1,
			created: 50,
			skipped: 0,
		} );
		// User 0 has the shared contact; user 50 a new one of their own.
		const found = await rest< Matches >(
			'/users-to-contacts/v1/bulk/contacts-by-emails',
			{
				method: 'POST',
				body: {
					emails: [
						`${ prefix }0@example.com`,
						`${ prefix }50@example.com`,
					],
				},
			}
		);
		const holders = ( email: string ) =>
			( found.body.matches[ email ] ?? [] ).map( ( holder ) => [
				holder.contact_id,
				holder.linked_user_id,
			] );
		expect( holders( `${ prefix }0@example.com` ) ).toEqual( [
			[ shared.body.id, ids[ 0 ] ],
		] );
		const second = holders( `${ prefix }50@example.com` );
		expect( second ).toHaveLength( 2 );
		expect( second ).toContainEqual( [ shared.body.id, ids[ 0 ] ] );
		const own = second.find(
			( [ contact ] ) => contact !== shared.body.id
		);
		expect( own?.[ 1 ] ).toBe( ids[ 50 ] );
	} );

	// WordPress Playground (the playground stage, its site has a phpRoute) runs PHP in WebAssembly
	// with one request at a time on a 2-core machine: creating 2,000 users there alone takes
	// minutes, so the race runs over 500 there.
	const raceUsers = ( testSite() as { phpRoute?: string } ).phpRoute
		? 500
		: 2000;

	it( `R3: sync and watch together over ${ raceUsers } new users: one contact and one link per user`, async () => {
		const prefix = `race${ Date.now().toString( 36 ) }_`;
		const ids = insertUsers( prefix, raceUsers );
		// Their registration events are pending: watch and sync now work on the same users at once.
		const watcher = await startWatch();
		try {
			const sync = await runCliAsync( [
				'sync',
				'--json',
				'--page-size',
				'250',
			] );
			expect( sync.code ).toBe( 0 );
			await eventually(
				async () => {
					const counts = await rest< { pending: number } >(
						'/users-to-contacts/v1/events/counts'
					);
					return counts.body.pending === 0 ? true : undefined;
				},
				60000,
				'watch processing every registration'
			);
		} finally {
			await watcher.stop();
		}
		const emails = ids.map(
			( _id, index ) => `${ prefix }${ index }@example.com`
		);
		const found = await rest< Matches >(
			'/users-to-contacts/v1/bulk/contacts-by-emails',
			{ method: 'POST', body: { emails } }
		);
		const problems = emails.filter( ( email, index ) => {
			const holders = found.body.matches[ email ] ?? [];
			return (
				holders.length !== 1 ||
				holders[ 0 ]?.linked_user_id !== ids[ index ]
			);
		} );
		expect( problems ).toEqual( [] );
	}, 300000 );
} );
