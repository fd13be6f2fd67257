/**
 * POST /signup: a visitor without an account leaves their name and email. Sent as a browser
 * sends it from the Sign up page: no credentials, the page's REST nonce in X-WP-Nonce.
 */
import { eventually, logInThroughForm } from '../support/people';
import { startWatch } from '../support/sidecar';
import { createUser, rest, runPhp, testSite } from '../support/site';

const SIGNUP = '/users-to-contacts/v1/signup';
const THANKS = 'Thank you for signing up. We have received your details.';

interface Contact {
	id: number;
	first_name: string;
	last_name: string;
	display_name: string;
	emails: Array< { email: string; primary: boolean } >;
	link: { source: string } | null;
	user: { id: number } | null;
}

interface Refusal {
	code: string;
	message: string;
	data: { status: number; params?: Record< string, string > };
}

let nonce = '';
let pageUrl = '';
let counter = 0;

function uniqueEmail( name: string ): string {
	counter += 1;
	return `${ name }.${ Date.now().toString( 36 ) }.${ counter }@example.org`;
}

/** The nonce WordPress gives api-fetch on a page showing the form, read as a visitor. */
async function pageNonce(): Promise< string > {
	const page = await rest< { link: string } >( '/wp/v2/pages', {
		method: 'POST',
		body: {
			title: 'Sign up (integration)',
			status: 'publish',
			content: '[users_to_contacts_signup]',
		},
	} );
	expect( page.status ).toBe( 201 );
	pageUrl = page.body.link;
	return nonceOn( pageUrl );
}

/** The nonce on a page, as whoever the cookies say (nobody without them). */
async function nonceOn( url: string, cookies?: string ): Promise< string > {
	const html = await (
		await fetch( url, cookies ? { headers: { Cookie: cookies } } : {} )
	).text();
	expect( html ).toContain( 'data-form="signup"' );
	const found = /createNonceMiddleware\(\s*"([0-9a-f]+)"\s*\)/.exec( html );
	if ( ! found?.[ 1 ] ) {
		throw new Error( 'The page gives api-fetch no nonce.' );
	}
	return found[ 1 ];
}

/** A signup as the form sends it (no cookies, no application password). */
async function signUp< T = { message: string } >(
	body: Record< string, unknown >,
	withNonce: string | null = nonce,
	cookies?: string
) {
	const headers: Record< string, string > = {
		'Content-Type': 'application/json',
		Accept: 'application/json',
	};
	if ( cookies ) {
		headers.Cookie = cookies;
	}
	if ( withNonce !== null ) {
		headers[ 'X-WP-Nonce' ] = withNonce;
	}
	const response = await fetch(
		`${ testSite().url }/?rest_route=${ encodeURIComponent( SIGNUP ) }`,
		{ method: 'POST', headers, body: JSON.stringify( body ) }
	);
	return {
		status: response.status,
		headers: response.headers,
		body: ( await response.json() ) as T,
	};
}

/** The contacts holding an address (as the admin sees them in Contacts). */
async function contactsWith( email: string ): Promise< Contact[] > {
	const found = await rest< Contact[] >( '/users-to-contacts/v1/contacts', {
		query: { search: email.trim(), per_page: '100' },
	} );
	expect( found.status ).toBe( 200 );
	return found.body.filter( ( contact ) =>
		contact.emails.some(
			( held ) => held.email === email.trim().toLowerCase()
		)
	);
}

function newWindow() {
	runPhp(
		"\\UsersToContacts\\Frontend\\SignupRateLimit::forget( '127.0.0.1' );"
	);
}

describe( 'POST /signup', () => {
	beforeAll( async () => {
		nonce = await pageNonce();
	} );
	beforeEach( newWindow );
	afterAll( newWindow );

	it( 'creates an individual contact from the name and email, the email trimmed and in lower case', async () => {
		const email = uniqueEmail( 'Ada.Lovelace' );
		const response = await signUp( {
			first_name: 'Ada',
			last_name: 'Lovelace',
			email: `  ${ email.toUpperCase() }  `,
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toEqual( { message: THANKS } );
		const [ contact, ...others ] = await contactsWith( email );
		expect( others ).toHaveLength( 0 );
		expect( contact ).toMatchObject( {
			first_name: 'Ada',
			last_name: 'Lovelace',
			display_name: 'Ada Lovelace',
			emails: [ { email: email.toLowerCase(), primary: true } ],
			link: null,
		} );
	} );

	it( 'a second signup with the same email in other letter case updates the names, makes no second contact, and answers the same', async () => {
		const email = uniqueEmail( 'grace' );
		const first = await signUp( {
			first_name: 'Grace',
			last_name: 'Hopper',
			email,
		} );
		const second = await signUp( {
			first_name: 'Amazing',
			last_name: 'Grace',
			email: ` ${ email.toUpperCase() } `,
		} );
		expect( second.status ).toBe( first.status );
		expect( second.body ).toEqual( first.body );
		const contacts = await contactsWith( email );
		expect( contacts ).toHaveLength( 1 );
		expect( contacts[ 0 ] ).toMatchObject( {
			first_name: 'Amazing',
			last_name: 'Grace',
		} );
		// A name left empty the second time keeps what the first one gave.
		await signUp( { first_name: 'Grace', last_name: '', email } );
		expect( ( await contactsWith( email ) )[ 0 ] ).toMatchObject( {
			first_name: 'Grace',
			last_name: 'Grace',
		} );
	} );

	it( 'refuses an invalid email, an overlong name and markup in a name, each by field, and saves nothing', async () => {
		const email = uniqueEmail( 'refused' );
		const bad = await signUp< Refusal >( {
			first_name: '<script>alert(1)</script>',
			last_name: 'x'.repeat( 101 ),
			email: 'not-an-address',
		} );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.data.params ).toEqual( {
			first_name: 'First name cannot contain the characters < or >.',
			last_name: expect.stringContaining( 'at most 100 characters' ),
			email: 'Please enter a valid email address, such as name@example.com.',
		} );
		// A valid address with a bad name: nothing is stored under it either.
		const markup = await signUp< Refusal >( {
			first_name: 'Ann',
			last_name: '<img src=x onerror=alert(1)>',
			email,
		} );
		expect( markup.status ).toBe( 400 );
		expect( Object.keys( markup.body.data.params ?? {} ) ).toEqual( [
			'last_name',
		] );
		const empty = await signUp< Refusal >( {
			first_name: 'Ann',
			email: ' ',
		} );
		expect( empty.status ).toBe( 400 );
		expect( empty.body.data.params?.email ).toBe(
			'Please enter your email address.'
		);
		expect( await contactsWith( email ) ).toHaveLength( 0 );
	} );

	it( 'refuses a field the form does not have, and a body without the page nonce', async () => {
		const email = uniqueEmail( 'shape' );
		const unknown = await signUp< Refusal >( {
			first_name: 'Eve',
			email,
			phone: '555',
		} );
		expect( unknown.status ).toBe( 400 );
		expect( unknown.body.code ).toBe( 'users_to_contacts_unknown_field' );
		const noNonce = await signUp< Refusal >(
			{ first_name: 'Eve', email },
			null
		);
		expect( noNonce.status ).toBe( 403 );
		expect( noNonce.body.message ).toBe(
			'The form could not be sent because the page is too old. Please reload the page and try again.'
		);
		const forged = await signUp< Refusal >(
			{ first_name: 'Eve', email },
			'0123456789'
		);
		expect( forged.status ).toBe( 403 );
		expect( await contactsWith( email ) ).toHaveLength( 0 );
	} );

	it( 'drops a signup whose hidden field is filled, with the same answer', async () => {
		const email = uniqueEmail( 'bot' );
		const response = await signUp( {
			first_name: 'Bot',
			last_name: 'Net',
			email,
			homepage: 'http://spam.example.com',
		} );
		expect( response.status ).toBe( 200 );
		expect( response.body ).toEqual( { message: THANKS } );
		expect( await contactsWith( email ) ).toHaveLength( 0 );
	} );

	it( 'R6: never changes a contact linked to a user, and says so in no way', async () => {
		const person = await createUser( 'subscriber' );
		const email = `${ person.login }@example.com`;
		const contact = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					first_name: 'Real',
					last_name: 'Owner',
					email,
				},
			}
		);
		expect( contact.status ).toBe( 201 );
		expect(
			(
				await rest( '/users-to-contacts/v1/links', {
					method: 'POST',
					body: {
						user_id: person.id,
						contact_id: contact.body.id,
						source: 'user',
					},
				} )
			).status
		).toBe( 201 );
		const known = await signUp( {
			first_name: 'Mallory',
			last_name: 'Intruder',
			email: email.toUpperCase(),
		} );
		const unknown = await signUp( {
			first_name: 'Mallory',
			last_name: 'Intruder',
			email: uniqueEmail( 'fresh' ),
		} );
		expect( known.status ).toBe( unknown.status );
		expect( known.body ).toEqual( unknown.body );
		const stored = await contactsWith( email );
		expect( stored ).toHaveLength( 1 );
		expect( stored[ 0 ] ).toMatchObject( {
			id: contact.body.id,
			first_name: 'Real',
			last_name: 'Owner',
			user: { id: person.id },
		} );
	} );

	it( 'leaves the names of a contact an administrator made as they are, and says so in no way', async () => {
		const email = uniqueEmail( 'imported' );
		const contact = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					first_name: 'Imported',
					last_name: 'Member',
					email,
				},
			}
		);
		expect( contact.status ).toBe( 201 );
		const known = await signUp( {
			first_name: 'Mallory',
			last_name: 'Renamer',
			email: ` ${ email.toUpperCase() } `,
		} );
		expect( known.status ).toBe( 200 );
		expect( known.body ).toEqual( { message: THANKS } );
		const stored = await contactsWith( email );
		expect( stored ).toHaveLength( 1 );
		expect( stored[ 0 ] ).toMatchObject( {
			id: contact.body.id,
			first_name: 'Imported',
			last_name: 'Member',
		} );
	} );

	it( 'takes 20 signups from one address in an hour; the 21st gets 429 with Retry-After and is not stored', async () => {
		for ( let index = 0; index < 20; index += 1 ) {
			const response = await signUp( {
				first_name: 'Many',
				email: uniqueEmail( 'many' ),
			} );
			expect( response.status ).toBe( 200 );
		}
		const email = uniqueEmail( 'one-too-many' );
		const refused = await signUp< Refusal >( {
			first_name: 'Late',
			email,
		} );
		expect( refused.status ).toBe( 429 );
		expect( refused.body.code ).toBe(
			'users_to_contacts_too_many_signups'
		);
		expect( refused.body.message ).toMatch(
			/^Too many sign-ups have come from your network in the last hour\. Please try again in \d+ minutes?\.$/
		);
		const retryAfter = Number( refused.headers.get( 'retry-after' ) );
		expect( retryAfter ).toBeGreaterThan( 3500 );
		expect( retryAfter ).toBeLessThanOrEqual( 3600 );
		expect( await contactsWith( email ) ).toHaveLength( 0 );
		// The honeypot's drops count too, so a bot cannot go on past the limit.
		const bot = await signUp( {
			email: uniqueEmail( 'bot' ),
			homepage: 'x',
		} );
		expect( bot.status ).toBe( 429 );
	} );

	it( 'counts signups sent at the same moment exactly: 25 at once, 20 taken', async () => {
		const email = uniqueEmail( 'rush' );
		const answers = await Promise.all(
			Array.from( { length: 25 }, ( _, index ) =>
				signUp( {
					first_name: `Rush ${ index }`,
					email: index % 2 ? email.toUpperCase() : email,
				} )
			)
		);
		const statuses = answers.map( ( answer ) => answer.status ).sort();
		expect( statuses.filter( ( status ) => status === 200 ) ).toHaveLength(
			20
		);
		expect( statuses.filter( ( status ) => status === 429 ) ).toHaveLength(
			5
		);
		// One address signed up twenty times at once: still one contact.
		expect( await contactsWith( email ) ).toHaveLength( 1 );
	} );

	it( "B3: a logged-in visitor's signup is a CRM action: with CRM actions linking, it links them to the contact of their email, with the names", async () => {
		const setLinkWhen = ( linkWhen: string[] ) =>
			rest( '/users-to-contacts/v1/settings', {
				method: 'PATCH',
				body: { link_when: linkWhen },
			} );
		expect( ( await setLinkWhen( [ 'crm_action' ] ) ).status ).toBe( 200 );
		const watcher = await startWatch();
		try {
			const person = await createUser( 'subscriber' );
			const email = `${ person.login }@example.com`;
			// The address proven, as the registration e-mail's link proves it: a match to an
			// existing contact (the one the signup makes) rests on that (R6).
			runPhp(
				`update_user_meta( ${ person.id }, 'users_to_contacts_verified_email', ${ JSON.stringify(
					email
				) } );`
			);
			const cookies = await logInThroughForm(
				person.login,
				'secret-password-123'
			);
			const userNonce = await nonceOn( pageUrl, cookies );
			const response = await signUp(
				{ first_name: 'Signed', last_name: 'In', email },
				userNonce,
				cookies
			);
			expect( response.status ).toBe( 200 );
			expect( response.body ).toEqual( { message: THANKS } );
			await eventually(
				async () =>
					(
						await rest(
							`/users-to-contacts/v1/links/${ person.id }`
						)
					).status === 200
						? true
						: undefined,
				10000,
				'The link'
			);
			const contacts = await contactsWith( email );
			expect( contacts ).toHaveLength( 1 );
			expect( contacts[ 0 ] ).toMatchObject( {
				first_name: 'Signed',
				last_name: 'In',
				user: { id: person.id },
			} );
		} finally {
			await watcher.stop();
			await setLinkWhen( [ 'registration', 'login' ] );
		}
	} );

	it( 'counts an IPv6 address with its /64 network, so a host cannot change address to go on', () => {
		const output = runPhp(
			[
				'use UsersToContacts\\Frontend\\SignupRateLimit;',
				"foreach ( array( '2001:db8:1:2::1', '2001:db9::1' ) as $a ) { SignupRateLimit::forget( $a ); }",
				'$waits = array();',
				"for ( $i = 1; $i <= 20; $i++ ) { $waits[] = SignupRateLimit::take( '2001:db8:1:2::' . dechex( $i ) ); }",
				"$waits[] = SignupRateLimit::take( '2001:db8:1:2:ffff:ffff:ffff:ffff' );",
				"$waits[] = SignupRateLimit::take( '2001:db9::1' );",
				"echo wp_json_encode( array( $waits, SignupRateLimit::counted_as( '2001:DB8:1:2:aaaa::9' ), SignupRateLimit::counted_as( '192.0.2.7' ) ) );",
				"foreach ( array( '2001:db8:1:2::1', '2001:db9::1' ) as $a ) { SignupRateLimit::forget( $a ); }",
			].join( '\n' )
		);
		const [ waits, network, v4 ] = JSON.parse( output ) as [
			number[],
			string,
			string,
		];
		expect( waits.slice( 0, 20 ) ).toEqual( Array( 20 ).fill( 0 ) );
		// The 21st from the same /64, another address of it: refused.
		expect( waits[ 20 ] ).toBeGreaterThan( 3500 );
		// Another network: its own count.
		expect( waits[ 21 ] ).toBe( 0 );
		expect( network ).toBe( '2001:db8:1:2::/64' );
		expect( v4 ).toBe( '192.0.2.7' );
	} );
} );
