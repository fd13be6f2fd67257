/**
 * The permission matrix: anonymous, subscriber, editor and administrator against every route and
 * method the plugin registers (read from the REST index, so a new route cannot be forgotten).
 */
import { createUser, rest } from '../support/site';
import type { Credentials } from '../support/site';

interface RouteIndex {
	routes: Record< string, { methods: string[] } >;
}

/** Routes any logged-in person may use (their own data only). */
const SELF_SERVICE = new Set( [ '/users-to-contacts/v1/me' ] );

/** A concrete path for a route pattern: ids that do not exist are fine for a permission check. */
function concrete( route: string ): string {
	return route.replace( /\(\?P<[a-z_]+>[^)]*\)/g, '999999' );
}

describe( 'permission matrix', () => {
	let routes: Array< { path: string; method: string; route: string } >;
	let subscriber: Credentials;
	let editor: Credentials;

	beforeAll( async () => {
		const index = await rest< RouteIndex >( '/users-to-contacts/v1' );
		routes = Object.entries( index.body.routes )
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

	// WordPress checks a body against the schema before it asks the permission callback, so an
	// empty body may be refused with 400 first; either way nothing succeeds.
	const refusal = ( method: string, expected: number ) =>
		method === 'GET' ? [ expected ] : [ 400, expected ];

	it( 'refuses anonymous visitors everywhere (401, or 400 for a body that is not even valid)', async () => {
		const wrong: string[] = [];
		for ( const { path, method } of routes ) {
			const response = await rest( path, {
				method,
				auth: null,
				body: method === 'GET' ? undefined : {},
			} );
			if ( ! refusal( method, 401 ).includes( response.status ) ) {
				wrong.push( `${ method } ${ path }: ${ response.status }` );
			}
		}
		expect( wrong ).toEqual( [] );
	} );

	it.each( [
		[ 'subscriber', () => subscriber ],
		[ 'editor', () => editor ],
	] )(
		'refuses a logged-in %s everywhere but their own /me',
		async ( _role, who ) => {
			const wrong: string[] = [];
			for ( const { path, method, route } of routes ) {
				const response = await rest( path, {
					method,
					auth: who(),
					body: method === 'GET' ? undefined : {},
				} );
				const allowed = SELF_SERVICE.has( route );
				if (
					allowed
						? [ 401, 403, 500 ].includes( response.status )
						: ! refusal( method, 403 ).includes( response.status )
				) {
					wrong.push( `${ method } ${ path }: ${ response.status }` );
				}
			}
			expect( wrong ).toEqual( [] );
		}
	);

	it( 'lets an administrator through everywhere (any refusal is about the input, not the person)', async () => {
		const wrong: string[] = [];
		for ( const { path, method } of routes ) {
			if ( method === 'DELETE' ) {
				continue; // Deleting id 999999 is a 404 either way; the other methods say enough.
			}
			const response = await rest( path, {
				method,
				body: method === 'GET' ? undefined : {},
			} );
			if ( [ 401, 403, 500 ].includes( response.status ) ) {
				wrong.push( `${ method } ${ path }: ${ response.status }` );
			}
		}
		expect( wrong ).toEqual( [] );
	} );
} );
