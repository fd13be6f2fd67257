/**
 * The sidecar CLI, built from src/sidecar, against the real site.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { testSite } from '../support/site';

const BIN = path.resolve(
	__dirname,
	'..',
	'..',
	'bin',
	'users-to-contacts.js'
);

function cli( args: string[], env: Record< string, string > = {} ) {
	const result = spawnSync( process.execPath, [ BIN, ...args ], {
		encoding: 'utf8',
		env: { PATH: process.env.PATH ?? '', ...env },
		timeout: 20000,
	} );
	return { code: result.status, out: result.stdout, err: result.stderr };
}

describe( 'users-to-contacts status', () => {
	it( 'connects with flags and reports the versions', () => {
		const site = testSite();
		const result = cli( [
			'status',
			'--url',
			site.url,
			'--user',
			site.adminUser,
			'--password',
			site.appPassword,
		] );
		expect( result.err ).toBe( '' );
		expect( result.code ).toBe( 0 );
		expect( result.out ).toMatch(
			/^Connected to http:\/\/127\.0\.0\.1:\d+ as admin: Users to Contacts \d+\.\d+\.\d+ on WordPress 6\./
		);
	} );

	it( 'reads the connection from environment variables', () => {
		const site = testSite();
		const result = cli( [ 'status', '--json' ], {
			USERS_TO_CONTACTS_URL: site.url,
			USERS_TO_CONTACTS_USER: site.adminUser,
			USERS_TO_CONTACTS_APP_PASSWORD: site.appPassword,
		} );
		expect( result.code ).toBe( 0 );
		expect( JSON.parse( result.out ) ).toMatchObject( { user: { id: 1 } } );
	} );

	it( 'says the password was refused', () => {
		const site = testSite();
		const result = cli( [
			'status',
			'--url',
			site.url,
			'--user',
			'admin',
			'--password',
			'nope nope nope',
		] );
		expect( result.code ).toBe( 1 );
		expect( result.err ).toContain(
			'refused the user name or application password'
		);
	} );

	it( 'says when nothing answers at the address', () => {
		const result = cli( [
			'status',
			'--url',
			'http://127.0.0.1:9',
			'--user',
			'admin',
			'--password',
			'x',
		] );
		expect( result.code ).toBe( 1 );
		expect( result.err ).toContain( 'Could not reach http://127.0.0.1:9' );
	} );

	it( 'refuses a page size it cannot use before touching the site', () => {
		const site = testSite();
		const result = cli( [
			'sync',
			'--url',
			site.url,
			'--user',
			site.adminUser,
			'--password',
			site.appPassword,
			'--page-size',
			'9000',
		] );
		expect( result.code ).toBe( 2 );
		expect( result.err ).toContain(
			'--page-size must be a whole number from 1 to 5000.'
		);
	} );

	it( 'names what is missing', () => {
		const result = cli( [ 'status' ] );
		expect( result.code ).toBe( 2 );
		expect( result.err ).toContain(
			'Missing --url (or USERS_TO_CONTACTS_URL)'
		);
	} );
} );
