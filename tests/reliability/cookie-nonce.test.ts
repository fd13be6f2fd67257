/**
 * Scenario 9: a write authenticated by a login cookie alone (what a forged cross-site request
 * carries) is refused unless it also carries a valid X-WP-Nonce; nothing is written.
 */
import { createUser } from '../support/site';
import { logInThroughForm } from '../support/people';
import { tablesChecksum } from './support/database';
import { siteState } from './support/processes';

async function withCookie(
	cookie: string,
	method: string,
	route: string,
	body: unknown,
	nonce?: string
): Promise< { status: number; code: string } > {
	const headers: Record< string, string > = {
		Cookie: cookie,
		Accept: 'application/json',
		'Content-Type': 'application/json',
	};
	if ( nonce !== undefined ) {
		headers[ 'X-WP-Nonce' ] = nonce;
	}
	const response = await fetch(
		`${ siteState().url }/?rest_route=${ encodeURIComponent( route ) }`,
		{ method, headers, body: JSON.stringify( body ) }
	);
	const answer = ( await response.json() ) as { code?: string };
	return { status: response.status, code: answer.code ?? '' };
}

/** A real REST nonce for the session of `cookie`, as wp-admin pages get it. */
async function realNonce( cookie: string ): Promise< string > {
	const response = await fetch(
		`${ siteState().url }/wp-admin/admin-ajax.php?action=rest-nonce`,
		{ headers: { Cookie: cookie } }
	);
	return ( await response.text() ).trim();
}

describe( 'cookie-authenticated writes need a valid nonce', () => {
	let adminCookie: string;
	let subscriberCookie: string;

	beforeAll( async () => {
		const site = siteState();
		adminCookie = await logInThroughForm(
			site.adminUser,
			site.adminPassword
		);
		const subscriber = await createUser( 'subscriber' );
		subscriberCookie = await logInThroughForm(
			subscriber.login,
			'secret-password-123'
		);
	} );

	const writes: Array< [ string, string, unknown ] > = [
		[
			'POST',
			'/users-to-contacts/v1/contacts',
			{ type: 'individual', first_name: 'Forged' },
		],
		[
			'PATCH',
			'/users-to-contacts/v1/settings',
			{ delete_user_with_contact: true },
		],
		[
			'POST',
			'/users-to-contacts/v1/bulk/apply',
			{ operations: [ { kind: 'skip', user_id: 1, reason: 'forged' } ] },
		],
		[ 'POST', '/users-to-contacts/v1/runs', { kind: 'sync_users' } ],
	];

	it.each( [
		[ 'without a nonce', undefined, 401 ],
		[ 'with a made-up nonce', '0123456789', 403 ],
	] )(
		"refuses an administrator's cookie %s, and writes nothing",
		async ( _how, nonce, status ) => {
			const before = tablesChecksum();
			const answers = [];
			for ( const [ method, route, body ] of writes ) {
				answers.push( {
					route,
					...( await withCookie(
						adminCookie,
						method,
						route,
						body,
						nonce
					) ),
				} );
			}
			expect(
				answers.map( ( answer ) => [ answer.route, answer.status ] )
			).toEqual( writes.map( ( [ , route ] ) => [ route, status ] ) );
			expect( tablesChecksum() ).toEqual( before );
		}
	);

	it( "refuses a subscriber's cookie without a nonce on their own /me", async () => {
		const before = tablesChecksum();
		const answer = await withCookie(
			subscriberCookie,
			'PUT',
			'/users-to-contacts/v1/me',
			{ phone: '+1 555 0100' }
		);
		expect( answer.status ).toBe( 401 );
		expect( tablesChecksum() ).toEqual( before );
	} );

	it( "refuses a nonce made for another person's session", async () => {
		const before = tablesChecksum();
		const subscribersNonce = await realNonce( subscriberCookie );
		const answer = await withCookie(
			adminCookie,
			'POST',
			'/users-to-contacts/v1/contacts',
			{ type: 'individual', first_name: 'Forged' },
			subscribersNonce
		);
		expect( answer.status ).toBe( 403 );
		expect( answer.code ).toBe( 'rest_cookie_invalid_nonce' );
		expect( tablesChecksum() ).toEqual( before );
	} );

	it( 'accepts the same cookie with its own valid nonce (so the refusals above were about the nonce)', async () => {
		const created = await withCookie(
			adminCookie,
			'POST',
			'/users-to-contacts/v1/contacts',
			{ type: 'individual', first_name: 'Real' },
			await realNonce( adminCookie )
		);
		expect( created.status ).toBe( 201 );
	} );
} );
