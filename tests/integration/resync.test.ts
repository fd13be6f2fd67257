/**
 * "Update all synchronized users" (B10) over real HTTP: the engine's resync run (runBatch with
 * trigger 'resync') through the REST port, on 1,000 linked users seeded with SQL.
 */
import { createFetchTransport } from '../../src/api/fetchTransport';
import { getBulkContacts, getBulkUsers } from '../../src/api/bulk';
import { startOrResumeRun, updateRun } from '../../src/api/runs';
import type { Run } from '../../src/api/runs';
import { createRestSyncPort } from '../../src/api/syncPort';
import { runBatch } from '../../src/engine/runner';
import { seedLinkedUsers } from '../support/linkedUsers';
import type { LinkedUser } from '../support/linkedUsers';
import { rest, testSite } from '../support/site';

const NS = '/users-to-contacts/v1';
const DEFAULTS = {
	sync_mode: 'email_only',
	field_map: [],
	link_when: [ 'registration', 'login' ],
	delete_contact_with_user: false,
	delete_user_with_contact: false,
};

function transport() {
	const site = testSite();
	return createFetchTransport( {
		siteUrl: site.url,
		user: site.adminUser,
		password: site.appPassword,
	} );
}

async function settings( changes: Record< string, unknown > ) {
	const response = await rest( `${ NS }/settings`, {
		method: 'PUT',
		body: { ...DEFAULTS, ...changes },
	} );
	expect( response.status ).toBe( 200 );
}

async function cancelOpenRuns() {
	const open = await rest< Run[] >( `${ NS }/runs`, {
		query: { per_page: '100', kind: 'resync_all' },
	} );
	for ( const run of open.body ) {
		if ( run.status === 'running' || run.status === 'paused' ) {
			await rest( `${ NS }/runs/${ run.id }`, {
				method: 'PATCH',
				body: { status: 'cancelled' },
			} );
		}
	}
}

/** One whole "Update all synchronized users" run, as the settings screen runs it. */
async function updateAll( pageSize = 1000 ) {
	const api = transport();
	const { run } = await startOrResumeRun( api, 'resync_all' );
	const began = Date.now();
	await runBatch( createRestSyncPort( api ), {
		runId: run.id,
		trigger: 'resync',
		startAfter: run.cursor,
		pageSize,
	} );
	const finished = await updateRun( api, run.id, { status: 'completed' } );
	return { run: finished, seconds: ( Date.now() - began ) / 1000 };
}

async function contactFields( people: LinkedUser[] ) {
	const contacts = await getBulkContacts(
		transport(),
		people.map( ( person ) => person.contactId )
	);
	return new Map(
		contacts.map( ( contact ) => [ contact.id, contact.fields ] )
	);
}

const MAP = [
	{ user_field: 'first_name', contact_field: 'first_name' },
	{ user_field: 'academic_title', contact_field: 'prefix' },
];

let people: LinkedUser[] = [];

beforeAll( () => {
	people = seedLinkedUsers( 1000, `resync${ Date.now().toString( 36 ) }` );
} );
beforeEach( cancelOpenRuns );
afterAll( async () => {
	await cancelOpenRuns();
	await settings( {} );
} );

describe( 'Update all synchronized users', () => {
	it( 'pages only the users linked with the switch on, and counts them', async () => {
		const off = people[ 0 ]!;
		expect(
			(
				await rest( `${ NS }/links/${ off.userId }`, {
					method: 'PATCH',
					body: { sync_enabled: false },
				} )
			).status
		).toBe( 200 );
		const page = await getBulkUsers( transport(), {
			synchronized: true,
			limit: 5000,
		} );
		const ids = page.users.map( ( user ) => user.id );
		expect( ids ).not.toContain( off.userId );
		expect( ids ).toContain( people[ 1 ]!.userId );
		expect(
			page.users.every( ( user ) => user.link?.sync_enabled === true )
		).toBe( true );
		expect( page.total ).toBe( page.users.length );
		await rest( `${ NS }/links/${ off.userId }`, {
			method: 'PATCH',
			body: { sync_enabled: true },
		} );
	} );

	it( 'B10: a mapping change alone changes no contact; the run brings all 1,000 up to date and leaves unmapped fields empty', async () => {
		await settings( { sync_mode: 'mapped', field_map: MAP } );
		// 004's FAQ: a mapping change applies on the next sync, not by itself.
		const before = await contactFields( people );
		for ( const person of people ) {
			expect( before.get( person.contactId )?.first_name ?? '' ).toBe(
				''
			);
		}

		const { run, seconds } = await updateAll();
		// The figure the report quotes: 1,000 linked users through REST.
		process.stdout.write(
			`Update all synchronized users: ${ run.counts.checked } users in ${ seconds.toFixed(
				2
			) } s\n`
		);
		expect( run.status ).toBe( 'completed' );
		expect( run.total ).toBeGreaterThanOrEqual( 1000 );
		expect( run.counts.updated ).toBeGreaterThanOrEqual( 1000 );
		expect( run.summary ).toMatch(
			/^Update all synchronized users completed\. Updated \d+ synchronized users\. \d+ unchanged\. \d+ skipped\.$/
		);

		const after = await contactFields( people );
		for ( const person of people ) {
			const fields = after.get( person.contactId );
			expect( fields?.first_name ).toBe( `First${ person.userId }` );
			expect( fields?.prefix ).toBe( 'Dr.' );
			// Unmapped contact fields stay empty.
			expect( fields?.job_title ?? '' ).toBe( '' );
			expect( fields?.phone ?? '' ).toBe( '' );
			expect( fields?.notes ?? '' ).toBe( '' );
		}

		// A second run finds everyone up to date.
		const again = await updateAll();
		expect( again.run.counts.updated ).toBe( 0 );
		expect( again.run.summary ).toMatch(
			/^Update all synchronized users completed\. Updated 0 synchronized users\. \d+ unchanged\. 0 skipped\.$/
		);
	}, 120000 );

	it( 'goes in the direction of each link, and leaves users whose switch is off alone', async () => {
		await settings( { sync_mode: 'mapped', field_map: MAP } );
		const [ reversed, off ] = [ people[ 2 ]!, people[ 3 ]! ];
		// The contact is the source of the first user's details; the second's switch is off.
		expect(
			(
				await rest( `${ NS }/links/${ reversed.userId }`, {
					method: 'PATCH',
					body: { source: 'contact' },
				} )
			).status
		).toBe( 200 );
		expect(
			(
				await rest( `${ NS }/contacts/${ reversed.contactId }`, {
					method: 'PATCH',
					body: { first_name: 'FromContact' },
				} )
			).status
		).toBe( 200 );
		await rest( `${ NS }/links/${ off.userId }`, {
			method: 'PATCH',
			body: { sync_enabled: false },
		} );
		await rest( `${ NS }/contacts/${ off.contactId }`, {
			method: 'PATCH',
			body: { first_name: 'Untouched' },
		} );

		const { run } = await updateAll( 250 );
		expect( run.status ).toBe( 'completed' );

		const user = await rest< { first_name: string } >(
			`/wp/v2/users/${ reversed.userId }`,
			{ query: { context: 'edit' } }
		);
		expect( user.body.first_name ).toBe( 'FromContact' );
		const contacts = await contactFields( [ reversed, off ] );
		expect( contacts.get( reversed.contactId )?.first_name ).toBe(
			'FromContact'
		);
		expect( contacts.get( off.contactId )?.first_name ).toBe( 'Untouched' );
	}, 60000 );

	it( 'stops between pages when paused and carries on from its cursor', async () => {
		await settings( { sync_mode: 'mapped', field_map: MAP } );
		const api = transport();
		const { run } = await startOrResumeRun( api, 'resync_all' );
		let pages = 0;
		const first = await runBatch( createRestSyncPort( api ), {
			runId: run.id,
			trigger: 'resync',
			pageSize: 100,
			startAfter: run.cursor,
			shouldStop: () => ++pages >= 2,
		} );
		expect( first.stopped ).toBe( true );
		await updateRun( api, run.id, { status: 'paused' } );

		// Coming back: the paused run is the one carried on, from where it stopped.
		const resumed = await startOrResumeRun( api, 'resync_all' );
		expect( resumed.resumed ).toBe( true );
		expect( resumed.run.id ).toBe( run.id );
		expect( resumed.run.cursor ).toBe( first.cursor );
		await runBatch( createRestSyncPort( api ), {
			runId: run.id,
			trigger: 'resync',
			pageSize: 500,
			startAfter: resumed.run.cursor,
		} );
		const done = await updateRun( api, run.id, { status: 'completed' } );
		expect( done.counts.checked ).toBe( done.total );
	}, 60000 );
} );
