/**
 * The whole chain over real HTTP: WordPress loads the plugin, the route answers with an
 * application password and refuses without one.
 */
import { rest } from '../support/site';

describe( 'GET /users-to-contacts/v1/status', () => {
	it( 'answers an administrator with an application password', async () => {
		const response = await rest< Record< string, unknown > >(
			'/users-to-contacts/v1/status'
		);
		expect( response.status ).toBe( 200 );
		expect( response.body ).toMatchObject( {
			plugin_version: expect.stringMatching( /^\d+\.\d+\.\d+$/ ),
			wordpress_version: expect.stringMatching( /^6\./ ),
			user: { id: 1 },
		} );
	} );

	it( 'refuses a visitor without credentials with 401 and a clear message', async () => {
		const response = await rest< { code: string; message: string } >(
			'/users-to-contacts/v1/status',
			{ auth: null }
		);
		expect( response.status ).toBe( 401 );
		expect( response.body.code ).toBe( 'rest_forbidden' );
		expect( response.body.message ).toMatch(
			/not allowed to manage contacts/
		);
	} );

	it( 'refuses a wrong application password with 401', async () => {
		const response = await rest( '/users-to-contacts/v1/status', {
			auth: { user: 'admin', password: 'wrong wrong wrong' },
		} );
		expect( response.status ).toBe( 401 );
	} );

	it( 'lists the route in the REST index with its schema', async () => {
		const response = await rest< {
			routes: Record< string, { schema?: { title: string } } >;
		} >( '/users-to-contacts/v1', { query: { context: 'help' } } );
		expect( response.status ).toBe( 200 );
		expect(
			response.body.routes[ '/users-to-contacts/v1/status' ]?.schema
				?.title
		).toBe( 'users-to-contacts-status' );
	} );
} );
