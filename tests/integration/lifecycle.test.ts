/**
 * Deactivate, activate and uninstall as WordPress does them: data stays unless the admin chose
 * "Remove data on uninstall".
 */
import { rest, runPhp } from '../support/site';
import { runCli } from '../support/sidecar';

const PLUGIN = '/wp/v2/plugins/users-to-contacts/plugin';

async function setActive( active: boolean ) {
	const response = await rest< { status: string } >( PLUGIN, {
		method: 'POST',
		body: { status: active ? 'active' : 'inactive' },
	} );
	expect( response.status ).toBe( 200 );
	expect( response.body.status ).toBe( active ? 'active' : 'inactive' );
}

/** What WordPress does when the plugin is deleted from the Plugins screen, minus removing files. */
function uninstall() {
	runPhp(
		"require_once ABSPATH . 'wp-admin/includes/plugin.php'; uninstall_plugin( 'users-to-contacts/plugin.php' );"
	);
}

function pluginTables(): string[] {
	const output = runPhp(
		"global $wpdb; echo implode( ',', $wpdb->get_col( \"SHOW TABLES LIKE '{$wpdb->prefix}utc\\_%'\" ) );"
	);
	return output.trim() ? output.trim().split( ',' ).sort() : [];
}

async function createContact( name: string ) {
	const response = await rest< { id: number } >(
		'/users-to-contacts/v1/contacts',
		{
			method: 'POST',
			body: {
				type: 'individual',
				first_name: name,
				email: `${ name.toLowerCase() }-${ Date.now() }@example.com`,
			},
		}
	);
	expect( response.status ).toBe( 201 );
	return response.body.id;
}

describe( 'plugin lifecycle', () => {
	afterAll( async () => {
		// Leave the plugin active for the other suites whatever happened.
		await rest( PLUGIN, { method: 'POST', body: { status: 'active' } } );
	} );

	it( 'deactivate and activate keep every contact', async () => {
		const id = await createContact( 'Keep' );
		await setActive( false );
		expect(
			(
				await rest< { code: string } >(
					`/users-to-contacts/v1/contacts/${ id }`
				)
			).body.code
		).toBe( 'rest_no_route' );
		// The sidecar tells a site without the plugin apart from a wrong address or password.
		const cli = runCli( [ 'status' ] );
		expect( cli.code ).toBe( 1 );
		expect( cli.err ).toContain(
			'answered, but Users to Contacts is not active there.'
		);
		await setActive( true );
		const contact = await rest< { first_name: string } >(
			`/users-to-contacts/v1/contacts/${ id }`
		);
		expect( contact.status ).toBe( 200 );
		expect( contact.body.first_name ).toBe( 'Keep' );
	} );

	it( 'uninstall with "remove data" unchecked keeps the tables, contacts and settings', async () => {
		const id = await createContact( 'Survivor' );
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: { link_when: [ 'login' ], remove_data_on_uninstall: false },
		} );
		await setActive( false );
		uninstall();
		expect( pluginTables() ).toHaveLength( 6 );
		await setActive( true );
		expect(
			( await rest( `/users-to-contacts/v1/contacts/${ id }` ) ).status
		).toBe( 200 );
		const settings = await rest< { link_when: string[] } >(
			'/users-to-contacts/v1/settings'
		);
		expect( settings.body.link_when ).toEqual( [ 'login' ] );
	} );

	it( 'uninstall with "remove data" checked removes tables and settings; activating starts afresh', async () => {
		const id = await createContact( 'Gone' );
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: { remove_data_on_uninstall: true },
		} );
		await setActive( false );
		uninstall();
		expect( pluginTables() ).toEqual( [] );
		await setActive( true );
		expect( pluginTables() ).toHaveLength( 6 );
		expect(
			( await rest( `/users-to-contacts/v1/contacts/${ id }` ) ).status
		).toBe( 404 );
		const settings = await rest< {
			link_when: string[];
			remove_data_on_uninstall: boolean;
		} >( '/users-to-contacts/v1/settings' );
		expect( settings.body ).toMatchObject( {
			link_when: [ 'registration', 'login' ],
			remove_data_on_uninstall: false,
		} );
		// The administrator has the capability again after activation.
		expect( ( await rest( '/users-to-contacts/v1/status' ) ).status ).toBe(
			200
		);
	} );
} );
