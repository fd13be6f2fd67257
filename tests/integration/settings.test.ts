/**
 * Settings and the field catalogue over real HTTP.
 */
import { createUser, rest, runPhp } from '../support/site';

interface Settings {
	sync_mode: string;
	field_map: Array< { user_field: string; contact_field: string } >;
	link_when: string[];
	delete_contact_with_user: boolean;
	delete_user_with_contact: boolean;
	trust_all_emails: boolean;
	remove_data_on_uninstall: boolean;
	visitor_fields: string[];
}

const ALL_VISITOR_FIELDS = [
	'first_name',
	'last_name',
	'email',
	'phone',
	'street_address',
	'city',
	'postal_code',
	'country',
];

interface ErrorBody {
	code: string;
	message: string;
}

const SETTINGS = '/users-to-contacts/v1/settings';

async function reset() {
	const response = await rest< Settings >( SETTINGS, {
		method: 'PUT',
		body: {
			sync_mode: 'email_only',
			field_map: [],
			link_when: [ 'registration', 'login' ],
			delete_contact_with_user: false,
			delete_user_with_contact: false,
			remove_data_on_uninstall: false,
			visitor_fields: ALL_VISITOR_FIELDS,
		},
	} );
	expect( response.status ).toBe( 200 );
}

describe( 'settings', () => {
	beforeEach( reset );
	afterAll( reset );

	it( 'starts as a fresh install: email only, link on registration and login, nothing deleted', async () => {
		const response = await rest< Settings >( SETTINGS );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toEqual( {
			sync_mode: 'email_only',
			field_map: [],
			link_when: [ 'registration', 'login' ],
			delete_contact_with_user: false,
			delete_user_with_contact: false,
			trust_all_emails: false,
			remove_data_on_uninstall: false,
			visitor_fields: ALL_VISITOR_FIELDS,
		} );
	} );

	it( 'changes only what is sent', async () => {
		const response = await rest< Settings >( SETTINGS, {
			method: 'PATCH',
			body: {
				link_when: [ 'crm_action' ],
				delete_contact_with_user: true,
			},
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.link_when ).toEqual( [ 'crm_action' ] );
		expect( response.body.delete_contact_with_user ).toBe( true );
		expect( response.body.sync_mode ).toBe( 'email_only' );
		const again = await rest< Settings >( SETTINGS );
		expect( again.body.link_when ).toEqual( [ 'crm_action' ] );
	} );

	it( 'B11: switching to field mapping starts from the same-meaning pairs', async () => {
		const response = await rest< Settings >( SETTINGS, {
			method: 'PUT',
			body: { sync_mode: 'mapped' },
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.field_map ).toEqual(
			expect.arrayContaining( [
				{ user_field: 'first_name', contact_field: 'first_name' },
				{ user_field: 'last_name', contact_field: 'last_name' },
				{ user_field: 'user_url', contact_field: 'website' },
			] )
		);
	} );

	it( 'B10: saves a mapping with a user meta key present on the site', async () => {
		const member = await createUser( 'subscriber' );
		runPhp(
			`update_user_meta( ${ member.id }, 'membership_level', 'gold' );`
		);
		const fields = await rest< {
			user_fields: Array< { key: string; kind: string } >;
		} >( '/users-to-contacts/v1/fields' );
		expect( fields.body.user_fields ).toContainEqual( {
			key: 'membership_level',
			label: 'membership_level',
			kind: 'meta',
		} );
		const response = await rest< Settings >( SETTINGS, {
			method: 'PUT',
			body: {
				sync_mode: 'mapped',
				field_map: [
					{ user_field: 'first_name', contact_field: 'first_name' },
					{ user_field: 'membership_level', contact_field: 'notes' },
				],
			},
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body.field_map ).toHaveLength( 2 );
		// Delete all: an empty map is a valid map.
		const cleared = await rest< Settings >( SETTINGS, {
			method: 'PUT',
			body: { field_map: [] },
		} );
		expect( cleared.body.field_map ).toEqual( [] );
	} );

	it.each( [
		[
			'an unknown sync mode',
			{ sync_mode: 'everything' },
			'rest_invalid_param',
		],
		[
			'a wrong type',
			{ delete_contact_with_user: 'maybe' },
			'rest_invalid_param',
		],
		[
			'an unknown setting',
			{ delete_everything: true },
			'users_to_contacts_unknown_field',
		],
		[
			'an unknown link moment',
			{ link_when: [ 'lunch' ] },
			'rest_invalid_param',
		],
		[
			'a repeated link moment',
			{ link_when: [ 'login', 'login' ] },
			'rest_invalid_param',
		],
		[
			'a user field that does not exist',
			{
				field_map: [
					{ user_field: 'shoe_size', contact_field: 'notes' },
				],
			},
			'users_to_contacts_unknown_user_field',
		],
		[
			'a contact field that does not exist',
			{
				field_map: [
					{ user_field: 'first_name', contact_field: 'shoe_size' },
				],
			},
			'rest_invalid_param',
		],
		[
			'a user field mapped twice',
			{
				field_map: [
					{ user_field: 'first_name', contact_field: 'first_name' },
					{ user_field: 'first_name', contact_field: 'nickname' },
				],
			},
			'users_to_contacts_field_mapped_twice',
		],
		[
			'a contact field filled twice',
			{
				field_map: [
					{ user_field: 'first_name', contact_field: 'first_name' },
					{ user_field: 'nickname', contact_field: 'first_name' },
				],
			},
			'users_to_contacts_field_mapped_twice',
		],
		[
			'a row with an extra key',
			{
				field_map: [
					{
						user_field: 'first_name',
						contact_field: 'first_name',
						sql: 'DROP TABLE',
					},
				],
			},
			'rest_invalid_param',
		],
		[
			'a row missing its contact field',
			{ field_map: [ { user_field: 'first_name' } ] },
			'rest_invalid_param',
		],
		[
			'an overlong user field',
			{
				field_map: [
					{ user_field: 'x'.repeat( 300 ), contact_field: 'notes' },
				],
			},
			'rest_invalid_param',
		],
		[
			'an HTML payload as a user field',
			{
				field_map: [
					{
						user_field: '<script>alert(1)</script>',
						contact_field: 'notes',
					},
				],
			},
			'users_to_contacts_unknown_user_field',
		],
	] )(
		'refuses %s with 400 and changes nothing',
		async ( _what, body, code ) => {
			const before = await rest< Settings >( SETTINGS );
			const response = await rest< ErrorBody >( SETTINGS, {
				method: 'PUT',
				body: { sync_mode: 'mapped', ...body },
			} );
			expect( response.status ).toBe( 400 );
			expect( response.body.code ).toBe( code );
			expect( response.body.message.length ).toBeGreaterThan( 10 );
			const after = await rest< Settings >( SETTINGS );
			expect( after.body ).toEqual( before.body );
		}
	);
} );

describe( 'settings refusals name the field', () => {
	afterAll( reset );

	it( 'says which user field does not exist, and which field is mapped twice, so a screen can mark the row', async () => {
		const gone = await rest<
			ErrorBody & { data: Record< string, unknown > }
		>( SETTINGS, {
			method: 'PUT',
			body: {
				field_map: [
					{ user_field: 'shoe_size', contact_field: 'notes' },
				],
			},
		} );
		expect( gone.body.data ).toMatchObject( {
			status: 400,
			user_field: 'shoe_size',
		} );
		const twice = await rest<
			ErrorBody & { data: Record< string, unknown > }
		>( SETTINGS, {
			method: 'PUT',
			body: {
				field_map: [
					{ user_field: 'first_name', contact_field: 'notes' },
					{ user_field: 'nickname', contact_field: 'notes' },
				],
			},
		} );
		expect( twice.body.code ).toBe(
			'users_to_contacts_field_mapped_twice'
		);
		expect( twice.body.data ).toMatchObject( {
			status: 400,
			contact_field: 'notes',
		} );
	} );
} );

describe( 'fields', () => {
	it( 'lists core user fields, user meta keys present on the site, and contact fields', async () => {
		const response = await rest< {
			user_fields: Array< { key: string; kind: string } >;
			contact_fields: Array< { key: string } >;
			always_synced: string[];
			default_map: Array< { user_field: string; contact_field: string } >;
		} >( '/users-to-contacts/v1/fields' );
		expect( response.status ).toBe( 200 );
		const userKeys = response.body.user_fields.map(
			( field ) => field.key
		);
		expect( userKeys ).toEqual(
			expect.arrayContaining( [ 'first_name', 'last_name', 'user_url' ] )
		);
		// WordPress's internal keys are no mapping candidates.
		expect( userKeys ).not.toContain( 'wp_capabilities' );
		expect( userKeys ).not.toContain( 'session_tokens' );
		expect( userKeys ).not.toContain( '_application_passwords' );
		expect(
			response.body.contact_fields.map( ( field ) => field.key )
		).toEqual(
			expect.arrayContaining( [ 'first_name', 'phone', 'city', 'notes' ] )
		);
		expect( response.body.always_synced ).toEqual( [ 'user_email' ] );
		// B11: what "Map matching fields" restores on the settings screen.
		expect( response.body.default_map ).toEqual(
			expect.arrayContaining( [
				{ user_field: 'first_name', contact_field: 'first_name' },
				{ user_field: 'user_url', contact_field: 'website' },
			] )
		);
	} );
} );
