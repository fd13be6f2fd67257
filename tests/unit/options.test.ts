/**
 * The sidecar's command line: flags in both spellings, the environment as fallback, and usage
 * mistakes named.
 */
import {
	UsageError,
	connectionOptions,
	parseCommandLine,
} from '../../src/sidecar/options';

describe( 'parseCommandLine', () => {
	it( 'reads the command and flags as `--name value` and `--name=value`', () => {
		expect(
			parseCommandLine( [
				'sync',
				'--url',
				'http://127.0.0.1:8888',
				'--page-size=200',
				'--dry-run',
				'--json',
			] )
		).toEqual( {
			positional: [ 'sync' ],
			flags: {
				url: 'http://127.0.0.1:8888',
				'page-size': '200',
				'dry-run': true,
				json: true,
			},
		} );
	} );

	it( 'refuses a flag it does not know, naming it', () => {
		expect( () => parseCommandLine( [ 'sync', '--dryrun' ] ) ).toThrow(
			new UsageError( "Unknown option '--dryrun'." )
		);
	} );

	it( 'refuses a flag that needs a value and has none', () => {
		expect( () => parseCommandLine( [ 'status', '--url' ] ) ).toThrow(
			UsageError
		);
	} );
} );

describe( 'connectionOptions', () => {
	const env = {
		USERS_TO_CONTACTS_URL: 'https://example.org/',
		USERS_TO_CONTACTS_USER: 'env-user',
		USERS_TO_CONTACTS_APP_PASSWORD: 'env-password',
	};

	it( 'takes flags first, then the environment', () => {
		expect( connectionOptions( { user: 'flag-user' }, env ) ).toEqual( {
			siteUrl: 'https://example.org',
			user: 'flag-user',
			password: 'env-password',
		} );
	} );

	it( 'names everything that is missing', () => {
		expect( () => connectionOptions( {}, {} ) ).toThrow(
			'Missing --url (or USERS_TO_CONTACTS_URL), --user (or USERS_TO_CONTACTS_USER), --password (or USERS_TO_CONTACTS_APP_PASSWORD).'
		);
	} );

	it( 'refuses an address that is not http(s)', () => {
		expect( () =>
			connectionOptions( { url: 'ftp://example.org' }, env )
		).toThrow( '"ftp://example.org" is not an http(s) address.' );
		expect( () => connectionOptions( { url: 'example' }, env ) ).toThrow(
			'"example" is not a URL.'
		);
	} );
} );
