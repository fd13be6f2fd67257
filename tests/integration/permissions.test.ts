/**
 * The permission matrix: anonymous, subscriber, editor and administrator against every route and
 * method the plugin registers (read from the REST index, so a new route cannot be forgotten).
 */
import { createUser, rest } from '../support/site';
import type { Credentials } from '../support/site';

interface RouteIndex {
	routes: Record<
		string,
		{
			methods: string[];
			endpoints: Array< {
				methods: string[];
				args: Record< string, { required?: boolean } >;
			} >;
		}
	>;
}

/** Routes any logged-in person may use (their own data only). */
const SELF_SERVICE = new Set( [ '/users-to-contacts/v1/me' ] );

/**
 * Routes for anyone on a page of the site (the Sign up form): they need the REST nonce the
 * page gives api-fetch, which no request here carries, so everyone gets the same 403.
 */
const PAGE_FORMS = new Set( [ '/users-to-contacts/v1/signup' ] );

/**
 * The administrator's claim takes one event for the shortest lease: the events pending now are
 * other test files', and a 60 s claim nobody acknowledges kept them from those files' runners
 * (a clean-clone CI run: email-ownership, next, waited 40 s for them).
 */
const ADMIN_BODIES: Record< string, unknown > = {
	'POST /users-to-contacts/v1/events/claim': { limit: 1, lease_seconds: 5 },
};

function refusedWithoutPageNonce( response: {
	status: number;
	body: unknown;
} ): boolean {
	return (
		response.status === 403 &&
		( response.body as { code?: string } ).code ===
			'users_to_contacts_signup_expired'
	);
}

/**
 * A body that passes the schema, for each route that requires one. WordPress checks a body
 * against the schema before it asks the permission callback, so an empty body would be refused
 * with 400 and the permission never checked. Ids that do not exist keep a wrongly granted
 * request harmless.
 */
const VALID_BODIES: Record< string, unknown > = {
	'POST /users-to-contacts/v1/links': { user_id: 999999, contact_id: 999999 },
	'POST /users-to-contacts/v1/events/ack': {
		claim_token: '0123456789abcdef0123456789abcdef',
		processed: [ 999999 ],
	},
	'POST /users-to-contacts/v1/events/heartbeat': {
		runner: 'intruder',
		kind: 'sidecar',
	},
	'POST /users-to-contacts/v1/runs': { kind: 'sync_users' },
	'POST /users-to-contacts/v1/bulk/contacts-by-emails': {
		emails: [ 'someone@example.com' ],
	},
	'POST /users-to-contacts/v1/bulk/contacts': { ids: [ 999999 ] },
	'POST /users-to-contacts/v1/bulk/apply': {
		operations: [ { kind: 'skip', user_id: 999999, reason: 'intruder' } ],
	},
	'POST /users-to-contacts/v1/signup': {
		first_name: 'Intruder',
		email: 'intruder@example.com',
	},
};

/** A concrete path for a route pattern: ids that do not exist are fine for a permission check. */
function concrete( route: string ): string {
	return route.replace( /\(\?P<[a-z_]+>[^)]*\)/g, '999999' );
}

describe( 'permission matrix', () => {
	let index: RouteIndex;
	let routes: Array< { path: string; method: string; route: string } >;
	let subscriber: Credentials;
	let editor: Credentials;

	beforeAll( async () => {
		index = ( await rest< RouteIndex >( '/users-to-contacts/v1' ) ).body;
		routes = Object.entries( index.routes )
			.filter( ( [ route ] ) => route !== '/users-to-contacts/v1' )
			.flatMap( ( [ route, { methods } ] ) =>
				methods
					// PUT and PATCH share a handler with POST on edit routes; check each anyway.
					.filter( ( method ) => method !== 'OPTIONS' )
					.map( ( method ) => ( {
						route,
						method,
						path: concrete( route ),
					} ) )
			);
		subscriber = ( await createUser( 'subscriber' ) ).credentials;
		editor = ( await createUser( 'editor' ) ).credentials;
	} );

	it( 'covers every route of the plugin', () => {
		const names = new Set( routes.map( ( entry ) => entry.route ) );
		for ( const expected of [
			'/status',
			'/contacts',
			'/links',
			'/settings',
			'/fields',
			'/me',
			'/runs',
			'/events',
			'/bulk/apply',
		] ) {
			expect( names ).toContain( `/users-to-contacts/v1${ expected }` );
		}
		expect( routes.length ).toBeGreaterThan( 30 );
	} );

	it( 'has a valid body for every route that requires one, so each refusal is about the person', () => {
		const needBody = Object.entries( index.routes ).flatMap(
			( [ route, { endpoints } ] ) =>
				endpoints
					.filter( ( endpoint ) =>
						Object.values( endpoint.args ).some(
							( arg ) => arg.required
						)
					)
					.flatMap( ( endpoint ) =>
						endpoint.methods.map(
							( method ) => `${ method } ${ route }`
						)
					)
		);
		expect(
			needBody.filter( ( key ) => ! ( key in VALID_BODIES ) )
		).toEqual( [] );
	} );

	const bodyFor = ( method: string, route: string ) =>
		method === 'GET'
			? undefined
			: ( VALID_BODIES[ `${ method } ${ route }` ] ?? {} );

	it( 'refuses anonymous visitors everywhere with 401', async () => {
		const wrong: string[] = [];
		for ( const { path, method, route } of routes ) {
			const response = await rest( path, {
				method,
				auth: null,
				body: bodyFor( method, route ),
			} );
			if (
				PAGE_FORMS.has( route )
					? ! refusedWithoutPageNonce( response )
					: response.status !== 401
			) {
				wrong.push( `${ method } ${ path }: ${ response.status }` );
			}
		}
		expect( wrong ).toEqual( [] );
	} );

	it.each( [
		[ 'subscriber', () => subscriber ],
		[ 'editor', () => editor ],
	] )(
		'refuses a logged-in %s everywhere but their own /me, saying they may not manage contacts',
		async ( _role, who ) => {
			const wrong: string[] = [];
			for ( const { path, method, route } of routes ) {
				const response = await rest< {
					code?: string;
					message?: string;
				} >( path, {
					method,
					auth: who(),
					body: bodyFor( method, route ),
				} );
				const allowed = SELF_SERVICE.has( route );
				const refusedAsExpected = PAGE_FORMS.has( route )
					? refusedWithoutPageNonce( response )
					: response.status === 403 &&
						response.body.code === 'rest_forbidden' &&
						/not allowed to manage contacts/.test(
							response.body.message ?? ''
						);
				if (
					allowed
						? [ 401, 403, 500 ].includes( response.status )
						: ! refusedAsExpected
				) {
					wrong.push(
						`${ method } ${ path }: ${ response.status } ${ response.body.code }`
					);
				}
			}
			expect( wrong ).toEqual( [] );
		}
	);

	it( 'lets an administrator through everywhere (any refusal is about the input, not the person)', async () => {
		const wrong: string[] = [];
		for ( const { path, method, route } of routes ) {
			if ( method === 'DELETE' ) {
				continue; // Deleting id 999999 is a 404 either way; the other methods say enough.
			}
			let body: unknown =
				method === 'GET'
					? undefined
					: ( ADMIN_BODIES[ `${ method } ${ route }` ] ?? {} );
			if ( PAGE_FORMS.has( route ) ) {
				body = bodyFor( method, route );
			}
			const response = await rest( path, { method, body } );
			if ( PAGE_FORMS.has( route ) ) {
				// Administrators too sign up only from the page.
				if ( ! refusedWithoutPageNonce( response ) ) {
					wrong.push( `${ method } ${ path }: ${ response.status }` );
				}
			} else if ( [ 401, 403, 500 ].includes( response.status ) ) {
				wrong.push( `${ method } ${ path }: ${ response.status }` );
			}
		}
		expect( wrong ).toEqual( [] );
	} );
} );
