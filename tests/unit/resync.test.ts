/**
 * "Update all synchronized users" in the engine (runBatch with trigger 'resync', B10) on plain
 * data, and the settings screen's field-mapping rules (src/admin/settings/fieldMap.ts).
 */
import type {
	ApplyOperationResult,
	Operation,
} from '../../src/engine/operations';
import type { SyncPort } from '../../src/engine/port';
import { runBatch } from '../../src/engine/runner';
import type { ContactRecord, UserRecord } from '../../src/engine/types';
import {
	EMPTY_ROW,
	canAddRow,
	contactFieldOptions,
	incompleteRows,
	refusedRows,
	unmappedContactFields,
	userFieldOptions,
} from '../../src/admin/settings/fieldMap';
import type { FieldCatalogue } from '../../src/api/settings';
import { engineSettings } from './support/settings';

const MAPPED = engineSettings( {
	sync_mode: 'mapped',
	field_map: [
		{ user_field: 'first_name', contact_field: 'first_name' },
		{ user_field: 'academic_title', contact_field: 'prefix' },
	],
} );

function user(
	id: number,
	fields: Record< string, string >,
	link: UserRecord[ 'link' ]
): UserRecord {
	return {
		id,
		login: `u${ id }`,
		email: `u${ id }@example.com`,
		roles: [ 'subscriber' ],
		email_verified: true,
		fields,
		link,
	};
}

/** Users and their contacts; records the page requests and what is applied. */
function port( users: UserRecord[], contacts: ContactRecord[] ) {
	const pageRequests: Array< { after: number; synchronized: boolean } > = [];
	const applied: Operation[] = [];
	const fake: SyncPort = {
		settings: async () => MAPPED,
		usersPage: async ( after, limit, _fields, synchronized ) => {
			pageRequests.push( { after, synchronized: synchronized ?? false } );
			const eligible = users.filter(
				( one ) => ! synchronized || one.link?.sync_enabled
			);
			const page = eligible
				.filter( ( one ) => one.id > after )
				.slice( 0, limit );
			const last = page[ page.length - 1 ];
			return {
				users: page,
				nextAfter:
					last && eligible.some( ( one ) => one.id > last.id )
						? last.id
						: null,
				total: eligible.length,
			};
		},
		usersByIds: async () => [],
		candidates: async () => new Map(),
		contacts: async ( ids ) =>
			new Map(
				contacts
					.filter( ( contact ) => ids.includes( contact.id ) )
					.map( ( contact ) => [ contact.id, contact ] )
			),
		links: async () => new Map(),
		apply: async ( operations ) => {
			applied.push( ...operations );
			return {
				results: operations.map(
					( _operation, index ): ApplyOperationResult => ( {
						index,
						status: 'applied',
					} )
				),
			};
		},
		claimEvents: async () => ( { token: 't', events: [] } ),
		ackEvents: async () => undefined,
	};
	return { fake, pageRequests, applied };
}

function contactRecord(
	id: number,
	fields: Record< string, string >,
	modifiedBy = 0
): ContactRecord {
	return {
		id,
		email: `u${ id - 100 }@example.com`,
		emails: [ `u${ id - 100 }@example.com` ],
		fields,
		modified_by: modifiedBy,
	};
}

describe( 'Update all synchronized users (runBatch, trigger resync)', () => {
	it( 'asks only for users linked with the switch on, and brings each pair up to date in the direction of its link', async () => {
		const users = [
			// The user is the source: their mapped fields reach the contact.
			user(
				1,
				{ first_name: 'Ada', academic_title: 'Dr.' },
				{ contact_id: 101, sync_enabled: true, source: 'user' }
			),
			// Already up to date: nothing changes, the link is touched.
			user(
				2,
				{ first_name: 'Bo', academic_title: '' },
				{ contact_id: 102, sync_enabled: true, source: 'user' }
			),
			// The contact is the source: its mapped fields reach the user.
			user(
				3,
				{ first_name: 'Old', academic_title: '' },
				{ contact_id: 103, sync_enabled: true, source: 'contact' }
			),
			// Switch off: not asked for.
			user(
				4,
				{ first_name: 'Off', academic_title: 'Prof.' },
				{ contact_id: 104, sync_enabled: false, source: 'user' }
			),
			// Not linked: not asked for, never linked by this run.
			user( 5, { first_name: 'Free' }, null ),
		];
		const contacts = [
			contactRecord( 101, { first_name: '', prefix: '' } ),
			contactRecord( 102, { first_name: 'Bo', prefix: '' } ),
			contactRecord( 103, { first_name: 'New', prefix: 'Ms' }, 1 ),
			contactRecord( 104, { first_name: '', prefix: '' } ),
		];
		const { fake, pageRequests, applied } = port( users, contacts );

		const result = await runBatch( fake, {
			runId: 7,
			trigger: 'resync',
			pageSize: 2,
		} );

		expect( pageRequests ).toEqual( [
			{ after: 0, synchronized: true },
			{ after: 2, synchronized: true },
		] );
		expect( result.total ).toBe( 3 );
		expect( applied ).toEqual( [
			{
				kind: 'update_contact',
				user_id: 1,
				contact_id: 101,
				fields: { first_name: 'Ada', prefix: 'Dr.' },
			},
			{ kind: 'touch_link', user_id: 2 },
			{
				kind: 'update_user',
				user_id: 3,
				fields: { first_name: 'New', academic_title: 'Ms' },
				// R7: applied only if the person who last changed the contact may.
				on_behalf_of: 1,
			},
		] );
		expect( result.counts ).toEqual( {
			checked: 3,
			matched: 3,
			created: 0,
			skipped: 0,
			updated: 2,
		} );
	} );

	it( 'the batch tool still asks for every user', async () => {
		const { fake, pageRequests } = port( [], [] );
		await runBatch( fake, { runId: null } );
		expect( pageRequests ).toEqual( [ { after: 0, synchronized: false } ] );
	} );
} );

const CATALOGUE: FieldCatalogue = {
	user_fields: [
		{ key: 'first_name', label: 'First name', kind: 'core' },
		{ key: 'last_name', label: 'Last name', kind: 'core' },
		{ key: 'academic_title', label: 'academic_title', kind: 'meta' },
	],
	contact_fields: [
		{ key: 'first_name', label: 'First name' },
		{ key: 'last_name', label: 'Last name' },
		{ key: 'prefix', label: 'Prefix' },
	],
	always_synced: [ 'user_email' ],
	default_map: [
		{ user_field: 'first_name', contact_field: 'first_name' },
		{ user_field: 'last_name', contact_field: 'last_name' },
	],
};

describe( 'the field mapping table (B10)', () => {
	const rows = [
		{ user_field: 'first_name', contact_field: 'first_name' },
		{ user_field: 'academic_title', contact_field: '' },
	];

	it( 'offers on each side only the fields no other row uses', () => {
		expect(
			userFieldOptions( rows, 1, CATALOGUE ).map( ( field ) => field.key )
		).toEqual( [ 'last_name', 'academic_title' ] );
		expect(
			contactFieldOptions( rows, 1, CATALOGUE ).map(
				( field ) => field.key
			)
		).toEqual( [ 'last_name', 'prefix' ] );
		// A row keeps its own choice among its options.
		expect(
			userFieldOptions( rows, 0, CATALOGUE ).map( ( field ) => field.key )
		).toEqual( [ 'first_name', 'last_name' ] );
	} );

	it( 'still shows a chosen user field the site no longer has, so saving can say why it is refused', () => {
		const gone = [ { user_field: 'shoe_size', contact_field: 'prefix' } ];
		expect(
			userFieldOptions( gone, 0, CATALOGUE ).map( ( field ) => field.key )
		).toContain( 'shoe_size' );
	} );

	it( 'names the contact fields left empty, the unfinished rows, and when no row can be added', () => {
		expect(
			unmappedContactFields( rows, CATALOGUE ).map(
				( field ) => field.key
			)
		).toEqual( [ 'last_name', 'prefix' ] );
		const incomplete = incompleteRows( [ ...rows, EMPTY_ROW ] );
		expect( [ ...incomplete.keys() ] ).toEqual( [ 1, 2 ] );
		expect( incomplete.get( 1 ) ).toMatchObject( {
			user: false,
			contact: true,
		} );
		expect( canAddRow( rows, CATALOGUE ) ).toBe( true );
		expect(
			canAddRow(
				[
					...CATALOGUE.default_map,
					{ user_field: 'academic_title', contact_field: 'prefix' },
				],
				CATALOGUE
			)
		).toBe( false );
	} );

	it( 'marks the rows a refusal of the site names, on the side it names', () => {
		const map = [
			{ user_field: 'first_name', contact_field: 'first_name' },
			{ user_field: 'shoe_size', contact_field: 'prefix' },
		];
		const gone = refusedRows( map, 'users_to_contacts_unknown_user_field', {
			status: 400,
			user_field: 'shoe_size',
		} );
		expect( [ ...gone.keys() ] ).toEqual( [ 1 ] );
		expect( gone.get( 1 ) ).toMatchObject( { user: true, contact: false } );
		const twice = refusedRows(
			[ ...map, { user_field: 'nickname', contact_field: 'prefix' } ],
			'users_to_contacts_field_mapped_twice',
			{ status: 400, contact_field: 'prefix' }
		);
		expect( [ ...twice.keys() ] ).toEqual( [ 1, 2 ] );
		expect( refusedRows( map, 'rest_invalid_param', undefined ).size ).toBe(
			0
		);
	} );
} );
