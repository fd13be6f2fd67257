/**
 * `user_deletion` on answers about one contact: what deleting it does to its linked user under
 * the current delete rule (B12) and the asker's rights (R7), so Edit Contact can say so before
 * a deletion. Lists do not carry it.
 */
import type { SingleContact } from '../../src/api/contacts';
import { createUser, rest, runPhp } from '../support/site';
import type { Credentials } from '../support/site';

const API = '/users-to-contacts/v1';
const RUN = Date.now().toString( 36 );
let counter = 0;

function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
}

async function setDeleteUser( on: boolean ): Promise< void > {
	const response = await rest( `${ API }/settings`, {
		method: 'PUT',
		body: { delete_user_with_contact: on },
	} );
	expect( response.status ).toBe( 200 );
}

async function read(
	id: number,
	auth?: Credentials
): Promise< SingleContact > {
	const response = await rest< SingleContact >( `${ API }/contacts/${ id }`, {
		...( auth ? { auth } : {} ),
	} );
	expect( response.status ).toBe( 200 );
	return response.body;
}

/** A user of this role linked by hand to a new contact, with the link as given. */
async function linked(
	role: string,
	link: { source?: 'user' | 'contact'; sync_enabled?: boolean } = {}
) {
	const user = await createUser( role );
	const contact = await rest< SingleContact >( `${ API }/contacts`, {
		method: 'POST',
		body: { first_name: unique( 'Deletable' ) },
	} );
	expect( contact.status ).toBe( 201 );
	const made = await rest( `${ API }/links`, {
		method: 'POST',
		body: { user_id: user.id, contact_id: contact.body.id, ...link },
	} );
	expect( made.status ).toBe( 201 );
	return { user, contactId: contact.body.id };
}

describe( 'user_deletion on a contact', () => {
	afterAll( () => setDeleteUser( false ) );

	it( 'is null without a linked user, in the answer to a create and to a read, and absent from lists', async () => {
		const name = unique( 'Alone' );
		const created = await rest< SingleContact >( `${ API }/contacts`, {
			method: 'POST',
			body: { first_name: name },
		} );
		expect( created.status ).toBe( 201 );
		expect( created.body.user_deletion ).toBeNull();
		expect( ( await read( created.body.id ) ).user_deletion ).toBeNull();
		const list = await rest< Array< Record< string, unknown > > >(
			`${ API }/contacts`,
			{ query: { search: name } }
		);
		expect( list.body ).toHaveLength( 1 );
		expect( list.body[ 0 ] ).not.toHaveProperty( 'user_deletion' );
	} );

	it( 'says the user goes only with the setting on and the contact the source, sync on (B12)', async () => {
		await setDeleteUser( false );
		const reversed = await linked( 'subscriber', { source: 'contact' } );
		expect( ( await read( reversed.contactId ) ).user_deletion ).toEqual( {
			setting: false,
			protected: false,
			deletes_user: false,
		} );

		await setDeleteUser( true );
		expect( ( await read( reversed.contactId ) ).user_deletion ).toEqual( {
			setting: true,
			protected: false,
			deletes_user: true,
		} );
		const userSource = await linked( 'subscriber' );
		expect(
			( await read( userSource.contactId ) ).user_deletion?.deletes_user
		).toBe( false );
		const syncOff = await linked( 'subscriber', {
			source: 'contact',
			sync_enabled: false,
		} );
		expect(
			( await read( syncOff.contactId ) ).user_deletion?.deletes_user
		).toBe( false );
	} );

	it( 'never for an administrator, nor for one the asker may not delete (R7)', async () => {
		await setDeleteUser( true );
		const admin = await linked( 'administrator', { source: 'contact' } );
		expect( ( await read( admin.contactId ) ).user_deletion ).toEqual( {
			setting: true,
			protected: true,
			deletes_user: false,
		} );

		// CRM staff: an editor who manages contacts but may not delete users.
		const staff = await createUser( 'editor' );
		runPhp(
			`( new WP_User( ${ Number( staff.id ) } ) )->add_cap( 'manage_contacts' );`
		);
		const subscriber = await linked( 'subscriber', { source: 'contact' } );
		expect(
			( await read( subscriber.contactId ) ).user_deletion?.deletes_user
		).toBe( true );
		expect(
			( await read( subscriber.contactId, staff.credentials ) )
				.user_deletion
		).toEqual( { setting: true, protected: true, deletes_user: false } );
	} );

	it( 'is described in the schema as read-only, and refused when written', async () => {
		const options = await rest< {
			schema: {
				properties: Record< string, { readonly?: boolean } >;
			};
		} >( `${ API }/contacts`, { method: 'OPTIONS' } );
		expect( options.body.schema.properties.user_deletion?.readonly ).toBe(
			true
		);
		const refused = await rest< { code: string } >( `${ API }/contacts`, {
			method: 'POST',
			body: { first_name: 'A', user_deletion: null },
		} );
		expect( refused.status ).toBe( 400 );
		expect( refused.body.code ).toBe( 'users_to_contacts_read_only_field' );
	} );
} );
