/**
 * The visitor forms' shared parts that turn what the site says into what a visitor reads:
 * a refusal as messages by field, and the mount point's configuration.
 */
import { ApiError } from '../../src/api/transport';
import { fieldErrorsFrom } from '../../src/frontend/common/fieldErrors';
import { readConfig } from '../../src/frontend/common/config';

const LABELS = {
	first_name: 'First name',
	last_name: 'Last name',
	email: 'Email address',
};

describe( 'fieldErrorsFrom', () => {
	it( "puts each refused field's message by its field, starting with its label instead of its key", () => {
		const refusal = new ApiError(
			'rest_invalid_param',
			'Invalid parameter(s): first_name, last_name, email',
			400,
			{
				status: 400,
				params: {
					first_name:
						'first_name cannot contain the characters < or >.',
					last_name: 'last_name must be at most 100 characters long.',
					email: 'Please enter a valid email address, such as name@example.com.',
				},
			}
		);
		expect( fieldErrorsFrom( refusal, LABELS ) ).toEqual( {
			first_name: 'First name cannot contain the characters < or >.',
			last_name: 'Last name must be at most 100 characters long.',
			email: 'Please enter a valid email address, such as name@example.com.',
		} );
	} );

	it( 'reads the one field a plugin refusal names in data.field', () => {
		const refusal = new ApiError(
			'users_to_contacts_too_long',
			'last_name is too long once cleaned of markup: at most 100 characters.',
			400,
			{ status: 400, field: 'last_name' }
		);
		expect( fieldErrorsFrom( refusal, LABELS ) ).toEqual( {
			last_name:
				'Last name is too long once cleaned of markup: at most 100 characters.',
		} );
	} );

	it( 'gives nothing for refusals that name no field of the form (they are shown above it)', () => {
		expect(
			fieldErrorsFrom(
				new ApiError(
					'users_to_contacts_too_many_signups',
					'Too many.',
					429,
					{
						status: 429,
					}
				),
				LABELS
			)
		).toEqual( {} );
		expect(
			fieldErrorsFrom(
				new ApiError(
					'users_to_contacts_unknown_field',
					'Unknown field: x.',
					400,
					{
						status: 400,
						params: [ 'phone' ],
					}
				),
				LABELS
			)
		).toEqual( {} );
		expect( fieldErrorsFrom( new Error( 'offline' ), LABELS ) ).toEqual(
			{}
		);
	} );
} );

describe( 'readConfig', () => {
	function container( attributes: Record< string, string > ) {
		return { dataset: attributes } as unknown as HTMLElement;
	}

	it( 'reads what the PHP mount point printed', () => {
		expect(
			readConfig(
				container( {
					form: 'my-details',
					config: JSON.stringify( {
						form: 'my-details',
						loginUrl:
							'http://example.org/wp-login.php?redirect_to=x',
						loggedIn: true,
						displayName: 'Ada',
						fields: [ 'phone' ],
					} ),
				} )
			)
		).toEqual( {
			form: 'my-details',
			loginUrl: 'http://example.org/wp-login.php?redirect_to=x',
			loggedIn: true,
			displayName: 'Ada',
			fields: [ 'phone' ],
		} );
	} );

	it( 'falls back to a visitor not logged in when the attribute is broken or missing', () => {
		expect(
			readConfig( container( { form: 'signup', config: '{broken' } ) )
		).toEqual( {
			form: 'signup',
			loginUrl: '',
			loggedIn: false,
			displayName: '',
		} );
	} );
} );
