/**
 * /me as the My details form uses it: the fields the admin shows visitors, the fields that
 * follow the account (the user is the source) or reach it (the contact is, B9), and refusals
 * that name the field in words and change nothing.
 */
import { eventually, registerThroughForm } from '../support/people';
import { startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';
import { createUser, rest, runPhp } from '../support/site';

interface Me {
	user_id: number;
	waiting_for_email_confirmation: boolean;
	account_email: string;
	email: string;
	linked: boolean;
	contact_id: number | null;
	source: 'user' | 'contact' | null;
	emails: Array< { email: string; primary: boolean } >;
	shown_fields: string[];
	account_fields: string[];
	synced_fields: string[];
	profile_url: string;
	first_name: string;
	last_name: string;
	phone: string;
	city: string;
	changed?: boolean;
	links_on_save: boolean;
}

interface ErrorBody {
	code: string;
	message: string;
	data: { status: number; field?: string; params?: Record< string, string > };
}

const NS = '/users-to-contacts/v1';
const ME = `${ NS }/me`;
const ALL_FIELDS = [
	'first_name',
	'last_name',
	'email',
	'phone',
	'street_address',
	'city',
	'postal_code',
	'country',
];
const WAIT_MS = 15000;

async function settings( body: Record< string, unknown > ) {
	const response = await rest( `${ NS }/settings`, {
		method: 'PATCH',
		body,
	} );
	expect( response.status ).toBe( 200 );
}

async function freshSettings() {
	await settings( {
		sync_mode: 'email_only',
		field_map: [],
		link_when: [ 'registration', 'login' ],
		visitor_fields: ALL_FIELDS,
	} );
}

/**
 * A subscriber linked by hand to a contact holding their email, with `source`. The contact comes
 * first: a running sidecar may handle the new user's registration before the link is posted,
 * and then it links this contact (an administrator set the address) instead of making another.
 */
async function linkedVisitor( source: 'user' | 'contact' = 'user' ) {
	const email = `visitor_${ Date.now().toString( 36 ) }_${ Math.random()
		.toString( 36 )
		.slice( 2, 7 ) }@example.com`;
	const contact = await rest< { id: number } >( `${ NS }/contacts`, {
		method: 'POST',
		body: {
			type: 'individual',
			first_name: 'Ada',
			last_name: 'Lovelace',
			email,
			phone: '555-0100',
		},
	} );
	expect( contact.status ).toBe( 201 );
	const person = await createUser( 'subscriber', {
		first_name: 'Ada',
		last_name: 'Lovelace',
		email,
	} );
	const link = await rest( `${ NS }/links`, {
		method: 'POST',
		body: { user_id: person.id, contact_id: contact.body.id, source },
	} );
	if ( link.status !== 201 ) {
		// The sidecar linked them first (409): the same contact, with the source asked for.
		expect( link.status ).toBe( 409 );
		const turned = await rest( `${ NS }/links/${ person.id }`, {
			method: 'PUT',
			body: { source },
		} );
		expect( turned.status ).toBe( 200 );
	}
	const made = await rest< { contact_id: number; source: string } >(
		`${ NS }/links/${ person.id }`
	);
	expect( made.body ).toMatchObject( {
		contact_id: contact.body.id,
		source,
	} );
	return { ...person, email, contactId: contact.body.id };
}

async function meOf( person: {
	credentials: { user: string; password: string };
} ) {
	return ( await rest< Me >( ME, { auth: person.credentials } ) ).body;
}

describe( '/me for the My details form', () => {
	let watcher: Watcher | null = null;

	beforeAll( freshSettings );
	afterAll( async () => {
		await watcher?.stop();
		await freshSettings();
	} );

	it( 'says which fields to show, which follow the account, and where the profile is', async () => {
		const person = await linkedVisitor();
		const me = await meOf( person );
		expect( me ).toMatchObject( {
			linked: true,
			source: 'user',
			email: person.email,
			account_email: person.email,
			shown_fields: ALL_FIELDS,
			account_fields: [ 'email' ],
			synced_fields: [ 'email' ],
		} );
		expect( me.profile_url ).toMatch( /\/wp-admin\/profile\.php$/ );
	} );

	it( 'shows and accepts only the fields the admin chose for visitors', async () => {
		const person = await linkedVisitor();
		await settings( {
			visitor_fields: [ 'email', 'last_name', 'first_name' ],
		} );
		try {
			expect( ( await meOf( person ) ).shown_fields ).toEqual( [
				'first_name',
				'last_name',
				'email',
			] );
			const refused = await rest< ErrorBody >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { first_name: 'Augusta', phone: '555-0199' },
			} );
			expect( refused.status ).toBe( 400 );
			expect( refused.body.code ).toBe(
				'users_to_contacts_field_not_shown'
			);
			expect( refused.body.data.field ).toBe( 'phone' );
			expect( refused.body.message ).toBe(
				'Phone is not part of this form.'
			);
			expect( await meOf( person ) ).toMatchObject( {
				first_name: 'Ada',
				phone: '555-0100',
			} );
		} finally {
			await settings( { visitor_fields: ALL_FIELDS } );
		}
		const unknown = await rest< ErrorBody >( `${ NS }/settings`, {
			method: 'PATCH',
			body: { visitor_fields: [ 'first_name', 'notes' ] },
		} );
		expect( unknown.status ).toBe( 400 );
	} );

	it.each( [
		[
			'markup in a name',
			{ first_name: '<b>Ada</b>' },
			'users_to_contacts_markup',
			'first_name',
			'First name cannot contain HTML tags',
		],
		[
			'an email that follows the account',
			{ email: 'somebody-else@example.com' },
			'users_to_contacts_field_follows_account',
			'email',
			'Email follows your account: change it in your profile.',
		],
	] )(
		'refuses %s with 400 naming the field in words, and changes nothing',
		async ( _what, body, code, field, words ) => {
			const person = await linkedVisitor();
			const before = await meOf( person );
			const response = await rest< ErrorBody >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { ...body, phone: '555-0111' },
			} );
			expect( response.status ).toBe( 400 );
			expect( response.body.code ).toBe( code );
			expect( response.body.data.field ).toBe( field );
			expect( response.body.message ).toContain( words );
			expect( await meOf( person ) ).toEqual( before );
		}
	);

	it( 'refuses an overlong field through the schema, naming it, and changes nothing', async () => {
		const person = await linkedVisitor();
		const response = await rest< ErrorBody >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: { last_name: 'L'.repeat( 101 ), phone: '555-0111' },
		} );
		expect( response.status ).toBe( 400 );
		expect( Object.keys( response.body.data.params ?? {} ) ).toEqual( [
			'last_name',
		] );
		expect( ( await meOf( person ) ).phone ).toBe( '555-0100' );
	} );

	it( 'accepts the email it shows when it follows the account (in any letter case)', async () => {
		const person = await linkedVisitor();
		const response = await rest< Me >( ME, {
			method: 'PUT',
			auth: person.credentials,
			body: {
				email: `  ${ person.email.toUpperCase() } `,
				city: 'Marlow',
			},
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toMatchObject( {
			city: 'Marlow',
			email: person.email,
			changed: true,
		} );
	} );

	it( 'in Field mapping mode the mapped fields follow the account while the user is the source', async () => {
		await settings( {
			sync_mode: 'mapped',
			field_map: [
				{ user_field: 'first_name', contact_field: 'first_name' },
				{ user_field: 'last_name', contact_field: 'last_name' },
			],
		} );
		try {
			const person = await linkedVisitor();
			expect( ( await meOf( person ) ).account_fields ).toEqual( [
				'first_name',
				'last_name',
				'email',
			] );
			const refused = await rest< ErrorBody >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { first_name: 'Augusta' },
			} );
			expect( refused.status ).toBe( 400 );
			expect( refused.body.data.field ).toBe( 'first_name' );
			// The same value, as a form sends back what it showed, is no change.
			const same = await rest< Me >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { first_name: 'Ada', phone: '555-0142' },
			} );
			expect( same.status ).toBe( 200 );
			expect( same.body ).toMatchObject( {
				first_name: 'Ada',
				phone: '555-0142',
			} );
		} finally {
			await freshSettings();
		}
	} );

	it( 'B9: with the contact as the source, the saved email and mapped fields reach the WordPress profile', async () => {
		watcher ??= await startWatch();
		await settings( {
			sync_mode: 'mapped',
			field_map: [
				{ user_field: 'first_name', contact_field: 'first_name' },
			],
		} );
		try {
			const person = await linkedVisitor( 'contact' );
			const me = await meOf( person );
			expect( me ).toMatchObject( {
				source: 'contact',
				account_fields: [],
				synced_fields: [ 'first_name', 'email' ],
			} );
			const newEmail = `new-${ person.email }`;
			const saved = await rest< Me >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { email: newEmail, first_name: 'Augusta' },
			} );
			expect( saved.status ).toBe( 200 );
			// The old address stays on the contact as a secondary email (R5).
			expect( saved.body.emails ).toEqual( [
				{ email: newEmail, primary: true },
				{ email: person.email, primary: false },
			] );
			const { value: user } = await eventually(
				async () => {
					const found = await rest< {
						email: string;
						first_name: string;
					} >( `/wp/v2/users/${ person.id }`, {
						query: { context: 'edit' },
					} );
					return found.body.email === newEmail
						? found.body
						: undefined;
				},
				WAIT_MS,
				'the email reaching the profile'
			);
			expect( user.first_name ).toBe( 'Augusta' );

			const invalid = await rest< ErrorBody >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { email: 'not an address', city: 'Oxford' },
			} );
			expect( invalid.status ).toBe( 400 );
			expect( invalid.body.code ).toBe(
				'users_to_contacts_invalid_email'
			);
			expect( invalid.body.data.field ).toBe( 'email' );
			expect( ( await meOf( person ) ).city ).toBe( '' );
		} finally {
			await freshSettings();
		}
	} );

	it( 'R6: a self-registered visitor whose email a contact holds sees the wait, not the contact', async () => {
		watcher ??= await startWatch();
		const login = `waiting${ Date.now().toString( 36 ) }`;
		const email = `${ login }@example.com`;
		const contact = await rest( `${ NS }/contacts`, {
			method: 'POST',
			body: {
				type: 'individual',
				first_name: 'Private',
				email,
				phone: '555-0177',
			},
		} );
		expect( contact.status ).toBe( 201 );
		const userId = await registerThroughForm( login, email );
		const password = await rest< { password: string } >(
			`/wp/v2/users/${ userId }/application-passwords`,
			{ method: 'POST', body: { name: 'tests' } }
		);
		const visitor = {
			credentials: { user: login, password: password.body.password },
		};
		const { value: me } = await eventually(
			async () => {
				const found = await meOf( visitor );
				return found.waiting_for_email_confirmation ? found : undefined;
			},
			WAIT_MS,
			'the wait for the email confirmation'
		);
		expect( me ).toMatchObject( {
			linked: false,
			contact_id: null,
			first_name: '',
			phone: '',
			email,
		} );
	} );

	it( 'B7: an unlinked visitor whose synchronization an administrator turned off is told saving cannot link, and nothing is recorded', async () => {
		await settings( { link_when: [ 'crm_action' ] } );
		try {
			const person = await createUser( 'subscriber' );
			expect( ( await meOf( person ) ).links_on_save ).toBe( true );
			// What Edit User stores when the switch of an unlinked user is turned off.
			runPhp(
				`update_user_meta( ${ person.id }, \\UsersToContacts\\Database\\UsersReader::SYNC_OFF_META, '1' );`
			);
			expect( ( await meOf( person ) ).links_on_save ).toBe( false );
			const saved = await rest< ErrorBody >( ME, {
				method: 'PUT',
				auth: person.credentials,
				body: { phone: '555-0199' },
			} );
			expect( saved.status ).toBe( 409 );
			expect( saved.body.code ).toBe( 'users_to_contacts_not_linked' );
			const events = await rest( `${ NS }/events`, {
				query: { user_id: String( person.id ), type: 'crm_action' },
			} );
			expect( events.headers.get( 'X-WP-Total' ) ).toBe( '0' );
		} finally {
			await freshSettings();
		}
	} );
} );
