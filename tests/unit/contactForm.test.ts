/**
 * The Add / Edit Contact form as data (src/admin/edit/contactForm.ts): what a save sends, the
 * checks made before sending, and the site's refusals mapped to the fields they name.
 */
import type { SingleContact } from '../../src/api/contacts';
import { ApiError } from '../../src/api/transport';
import {
	emailRow,
	emailsToSend,
	emptyValues,
	errorsFromApi,
	toInput,
	validate,
	valuesFromContact,
} from '../../src/admin/edit/contactForm';
import type { FormValues } from '../../src/admin/edit/contactForm';

function contact( overrides: Partial< SingleContact > = {} ): SingleContact {
	return {
		id: 7,
		type: 'individual',
		prefix: '',
		first_name: 'Ada',
		middle_name: '',
		last_name: 'Lovelace',
		display_name: 'Ada Lovelace',
		nickname: '',
		organization_name: '',
		job_title: '',
		birth_date: null,
		emails: [
			{ email: 'ada@example.com', primary: true },
			{ email: 'old@example.com', primary: false },
		],
		email: 'ada@example.com',
		phone: '',
		website: '',
		street_address: '',
		city: '',
		postal_code: '',
		country: '',
		notes: '',
		user: null,
		locked: false,
		link: null,
		former_user_id: null,
		created: '2026-01-01T00:00:00Z',
		modified: '2026-01-01T00:00:00Z',
		created_by_run: null,
		user_deletion: null,
		...overrides,
	};
}

function filled( overrides: Partial< FormValues > ): FormValues {
	return { ...emptyValues(), ...overrides };
}

describe( 'what a save sends', () => {
	it( 'a new contact: the type and what was filled in', () => {
		const values = filled( {
			first_name: 'Ada',
			last_name: 'Lovelace',
			city: 'London',
			emails: [ emailRow( ' Ada@Example.com ', true ) ],
		} );
		expect( toInput( values, null ) ).toEqual( {
			type: 'individual',
			first_name: 'Ada',
			last_name: 'Lovelace',
			city: 'London',
			emails: [ { email: 'Ada@Example.com', primary: true } ],
		} );
	} );

	it( 'an edit: only what changed, so a derived display name stays derived', () => {
		const original = contact();
		const values = { ...valuesFromContact( original ), city: 'London' };
		expect( toInput( values, original ) ).toEqual( { city: 'London' } );
		expect( toInput( valuesFromContact( original ), original ) ).toEqual(
			{}
		);
	} );

	it( 'the emails when they changed: empty rows dropped, exactly one primary', () => {
		const original = contact();
		const values = valuesFromContact( original );
		values.emails = [
			emailRow( 'ada@example.com', false ),
			emailRow( '', true ),
			emailRow( 'new@example.com', false ),
		];
		// The primary row is empty: the first address takes its place.
		expect( toInput( values, original ).emails ).toEqual( [
			{ email: 'ada@example.com', primary: true },
			{ email: 'new@example.com', primary: false },
		] );
		expect( emailsToSend( values.emails ).rows ).toEqual( [ 0, 2 ] );
		values.emails = [
			emailRow( 'ADA@example.com ', true ),
			emailRow( 'old@example.com', false ),
		];
		// The same addresses, as the site compares them: nothing to send.
		expect( toInput( values, original ).emails ).toBeUndefined();
	} );

	it( 'a type change sends the new type and only the fields that type shows', () => {
		const original = contact();
		const values = {
			...valuesFromContact( original ),
			type: 'organization' as const,
			organization_name: 'Analytical Engines',
			first_name: 'changed but hidden',
		};
		expect( toInput( values, original ) ).toEqual( {
			type: 'organization',
			organization_name: 'Analytical Engines',
		} );
	} );

	it( 'a cleared birth date is sent as null', () => {
		const original = contact( { birth_date: '1815-12-10' } );
		const values = { ...valuesFromContact( original ), birth_date: '' };
		expect( toInput( values, original ) ).toEqual( { birth_date: null } );
	} );
} );

describe( 'checks before sending', () => {
	it( 'asks an individual for a first or last name, others for their name', () => {
		expect( validate( filled( {} ) ) ).toEqual( {
			first_name: 'Enter a first name or a last name.',
		} );
		expect( validate( filled( { last_name: 'Byron' } ) ) ).toEqual( {} );
		expect( validate( filled( { type: 'household' } ) ) ).toEqual( {
			organization_name: 'Enter the name of the household.',
		} );
		expect(
			validate(
				filled( { type: 'organization', organization_name: 'Acme' } )
			)
		).toEqual( {} );
	} );

	it( 'names each bad or repeated email by its row, as the engine (and WordPress) judge them', () => {
		const errors = validate(
			filled( {
				first_name: 'Ada',
				emails: [
					emailRow( 'ada@example.com', true ),
					emailRow( 'a@b.c', false ),
					emailRow( ' ADA@example.com', false ),
					emailRow( '', false ),
				],
			} )
		);
		expect( errors ).toEqual( {
			'emails.1':
				'“a@b.c” is not a valid email address. Write it like name@example.com.',
			'emails.2': 'This address is already listed above.',
		} );
	} );

	it( 'asks for a real birth date written year-month-day', () => {
		const message =
			'Enter the birth date as year-month-day, such as 1990-12-31.';
		for ( const typed of [ '10/12/1815', '1815-02-30', '1815-13-01' ] ) {
			expect(
				validate( filled( { first_name: 'A', birth_date: typed } ) )
					.birth_date
			).toBe( message );
		}
		expect(
			validate(
				filled( { first_name: 'A', birth_date: ' 1816-02-29 ' } )
			)
		).toEqual( {} );
	} );

	it( 'asks for a web address with http:// or https://', () => {
		expect(
			validate( filled( { first_name: 'A', website: 'example.com' } ) )
				.website
		).toBe( 'Enter a web address starting with http:// or https://.' );
		expect(
			validate(
				filled( { first_name: 'A', website: 'https://example.com' } )
			).website
		).toBeUndefined();
	} );
} );

describe( "the site's refusals, next to their fields", () => {
	const values = filled( {
		first_name: 'Ada',
		emails: [
			emailRow( 'ada@example.com', true ),
			emailRow( '', false ),
			emailRow( 'x@example.com', false ),
		],
	} );
	const sentRows = emailsToSend( values.emails ).rows;

	it( "WordPress's schema check, in words", () => {
		const error = new ApiError(
			'rest_invalid_param',
			'Invalid parameter(s): phone',
			400,
			{
				status: 400,
				params: {
					phone: 'phone must be at most 64 characters long.',
				},
			}
		);
		expect( errorsFromApi( error, values, sentRows ) ).toEqual( {
			errors: { phone: 'Phone must be at most 64 characters long.' },
			message: null,
		} );
	} );

	it( "the contact-field rules' refusal (data.field)", () => {
		const error = new ApiError(
			'users_to_contacts_too_long',
			'last_name is too long once cleaned of markup: at most 100 characters.',
			400,
			{ status: 400, field: 'last_name' }
		);
		expect( errorsFromApi( error, values, sentRows ).errors ).toEqual( {
			last_name:
				'Last Name is too long once cleaned of markup: at most 100 characters.',
		} );
	} );

	it( 'an email refused by the site goes to the row it was sent from', () => {
		const error = new ApiError(
			'rest_invalid_param',
			'Invalid parameter(s): emails',
			400,
			{
				params: {
					emails: '"x@example.com" is not a valid email address (emails[1][email]).',
				},
			}
		);
		// Sent second, typed in the third row (the empty row was not sent).
		expect( errorsFromApi( error, values, sentRows ).errors ).toEqual( {
			'emails.2': '"x@example.com" is not a valid email address.',
		} );
	} );

	it( 'a refusal no shown field explains stays a message', () => {
		const error = new ApiError(
			'users_to_contacts_database_error',
			'The database failed.',
			500
		);
		expect( errorsFromApi( error, values, sentRows ) ).toEqual( {
			errors: {},
			message: 'The database failed.',
		} );
		// A field the contact's type does not show is no place for an error either.
		const hidden = new ApiError( 'users_to_contacts_too_long', 'x', 400, {
			field: 'organization_name',
		} );
		expect( errorsFromApi( hidden, values, sentRows ).message ).toBe( 'x' );
	} );
} );
