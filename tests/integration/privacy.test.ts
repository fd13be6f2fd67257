/**
 * Tools > Export / Erase Personal Data: contact data is found by email and by link.
 */
import { createUser, rest, runPhp } from '../support/site';

function callPrivacy( kind: 'exporters' | 'erasers', email: string ) {
	const output = runPhp(
		`$tools = apply_filters( 'wp_privacy_personal_data_${ kind }', array() );
		echo wp_json_encode( call_user_func( $tools['users-to-contacts']['callback'], ${ JSON.stringify( email ) }, 1 ) );`
	);
	return JSON.parse( output );
}

describe( 'privacy tools', () => {
	it( "are registered under the plugin's name", () => {
		const names = JSON.parse(
			runPhp(
				"echo wp_json_encode( array( apply_filters( 'wp_privacy_personal_data_exporters', array() )['users-to-contacts']['exporter_friendly_name'], apply_filters( 'wp_privacy_personal_data_erasers', array() )['users-to-contacts']['eraser_friendly_name'] ) );"
			)
		);
		expect( names ).toEqual( [ 'Users to Contacts', 'Users to Contacts' ] );
	} );

	it( 'exports the contacts holding an email, matched case-insensitively', async () => {
		const email = `export-${ Date.now() }@example.com`;
		const contact = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					first_name: 'Exported',
					phone: '555-0142',
					email,
				},
			}
		);
		const result = callPrivacy( 'exporters', email.toUpperCase() ) as {
			done: boolean;
			data: Array< {
				item_id: string;
				data: Array< { name: string; value: string } >;
			} >;
		};
		expect( result.done ).toBe( true );
		expect( result.data ).toHaveLength( 1 );
		expect( result.data[ 0 ]?.item_id ).toBe(
			`contact-${ contact.body.id }`
		);
		expect( result.data[ 0 ]?.data ).toEqual(
			expect.arrayContaining( [
				{ name: 'First name', value: 'Exported' },
				{ name: 'Phone', value: '555-0142' },
				{ name: 'Emails', value: email },
			] )
		);
	} );

	it( "erases a linked user's contact: blanked, emails gone, unlinked, deleted", async () => {
		const person = await createUser( 'subscriber' );
		const contact = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				// The contact holds another address: it is found through the link.
				body: {
					type: 'individual',
					first_name: 'Erased',
					phone: '555-0150',
					email: `other-${ Date.now() }@example.com`,
				},
			}
		);
		await rest( '/users-to-contacts/v1/links', {
			method: 'POST',
			body: {
				user_id: person.id,
				contact_id: contact.body.id,
				source: 'contact',
			},
		} );
		const result = callPrivacy(
			'erasers',
			`${ person.login }@example.com`
		) as { items_removed: boolean; messages: string[] };
		expect( result.items_removed ).toBe( true );
		expect( result.messages ).toEqual( [
			`Contact #${ contact.body.id } was anonymised.`,
		] );
		expect(
			(
				await rest(
					`/users-to-contacts/v1/contacts/${ contact.body.id }`
				)
			).status
		).toBe( 404 );
		expect(
			( await rest( `/users-to-contacts/v1/links/${ person.id }` ) )
				.status
		).toBe( 404 );
		const exported = callPrivacy(
			'exporters',
			`${ person.login }@example.com`
		) as { data: unknown[] };
		expect( exported.data ).toEqual( [] );
	} );

	it( 'an email with no contact exports and erases nothing', () => {
		expect( callPrivacy( 'exporters', 'nobody-here@example.com' ) ).toEqual(
			{ data: [], done: true }
		);
		expect(
			callPrivacy( 'erasers', 'nobody-here@example.com' )
		).toMatchObject( { items_removed: false, done: true } );
	} );
} );
