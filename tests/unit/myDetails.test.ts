/**
 * The My details form's rules without a browser: what is checked before sending, what a save
 * sends, and what the form keeps of what the visitor typed once the site answers.
 */
import type { Me } from '../../src/api/me';
import type { Transport } from '../../src/api/transport';
import {
	afterSave,
	changesOf,
	editableFields,
	validate,
	valuesOf,
} from '../../src/frontend/my-details/myDetails';
import { waitForLink } from '../../src/frontend/my-details/waitForLink';

function me( overrides: Partial< Me > = {} ): Me {
	return {
		user_id: 7,
		login: 'ada',
		account_email: 'ada@example.com',
		email: 'ada@example.com',
		linked: true,
		contact_id: 3,
		source: 'user',
		emails: [ { email: 'ada@example.com', primary: true } ],
		pending: false,
		waiting_for_email_confirmation: false,
		links_on_save: false,
		shown_fields: [ 'first_name', 'last_name', 'email', 'phone', 'city' ],
		account_fields: [ 'email' ],
		synced_fields: [ 'email' ],
		profile_url: 'http://example.com/wp-admin/profile.php',
		first_name: 'Ada',
		last_name: 'Byron',
		phone: '',
		street_address: '',
		city: '',
		postal_code: '',
		country: '',
		...overrides,
	};
}

describe( 'My details rules', () => {
	it( 'lets the visitor change the shown fields that do not follow their account', () => {
		expect( editableFields( me() ) ).toEqual( [
			'first_name',
			'last_name',
			'phone',
			'city',
		] );
		expect( editableFields( me( { account_fields: [] } ) ) ).toContain(
			'email'
		);
	} );

	it( 'refuses markup, overlong values and an invalid email in words, naming the field', () => {
		const values = {
			...valuesOf( me() ),
			first_name: '<img src=x onerror=alert(1)>',
			last_name: 'B'.repeat( 101 ),
			email: 'ada at example',
			city: 'a < b', // a lone "<" is no markup
		};
		expect(
			validate( values, [ 'first_name', 'last_name', 'email', 'city' ] )
		).toEqual( {
			first_name:
				'First name cannot contain HTML tags such as <b>. Please remove the < and > characters.',
			last_name: 'Last name is too long: use at most 100 characters.',
			email: 'Email must be a valid email address, such as name@example.com.',
		} );
		// Fields the visitor cannot change are not checked.
		expect( validate( values, [ 'city' ] ) ).toEqual( {} );
	} );

	it( 'sends only what changed, so a link made by the save keeps the details on file', () => {
		const saved = valuesOf(
			me( { linked: false, first_name: '', last_name: '' } )
		);
		const typed = { ...saved, phone: '555-0142' };
		expect(
			changesOf( saved, typed, [ 'first_name', 'last_name', 'phone' ] )
		).toEqual( { phone: '555-0142' } );
		expect(
			changesOf(
				valuesOf( me() ),
				{ ...valuesOf( me() ), email: ' ADA@example.com ' },
				[ 'email' ]
			)
		).toEqual( {} );
	} );

	it( 'shows the saved details and keeps what the visitor typed that is not there yet', () => {
		const answer = me( { phone: '555-0142', first_name: 'Grace' } );
		expect( afterSave( answer, { phone: '555-0142' } ) ).toEqual( {
			values: valuesOf( answer ),
			kept: [],
		} );
		const waiting = afterSave( me( { linked: false } ), {
			phone: '555-0142',
		} );
		expect( waiting.values.phone ).toBe( '555-0142' );
		expect( waiting.kept ).toEqual( [ 'phone' ] );
	} );
} );

describe( 'waiting for the link after a save answered 202', () => {
	function transportAnswering( answers: Array< Partial< Me > | Error > ) {
		let asked = 0;
		const transport: Transport = {
			async request< T >() {
				const answer = answers[ Math.min( asked, answers.length - 1 ) ];
				asked += 1;
				if ( answer instanceof Error ) {
					throw answer;
				}
				return { data: me( answer ) as T, status: 200, headers: {} };
			},
		};
		return { transport, asked: () => asked };
	}

	it( 'asks until the link is made, through a failed look', async () => {
		const site = transportAnswering( [
			{ linked: false, pending: true },
			new Error( 'offline' ),
			{ linked: true, phone: '555-0142' },
		] );
		const linked = await waitForLink(
			site.transport,
			new AbortController().signal,
			5000,
			1
		);
		expect( linked ).toMatchObject( { linked: true, phone: '555-0142' } );
		expect( site.asked() ).toBe( 3 );
	} );

	it( 'stops when the save was handled without a link (R6: waiting for the email)', async () => {
		const site = transportAnswering( [
			{
				linked: false,
				pending: false,
				waiting_for_email_confirmation: true,
			},
		] );
		expect(
			await waitForLink(
				site.transport,
				new AbortController().signal,
				5000,
				1
			)
		).toMatchObject( { waiting_for_email_confirmation: true } );
	} );

	it( 'gives up after its time (no runner) and when the form goes away', async () => {
		const site = transportAnswering( [ { linked: false, pending: true } ] );
		expect(
			await waitForLink(
				site.transport,
				new AbortController().signal,
				30,
				5
			)
		).toBeNull();
		const gone = new AbortController();
		gone.abort();
		expect(
			await waitForLink( site.transport, gone.signal, 5000, 1 )
		).toBeNull();
	} );
} );
