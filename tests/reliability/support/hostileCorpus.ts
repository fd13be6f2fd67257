/**
 * Hostile requests for every route and method of the plugin, built from the REST index (so a new
 * route or argument is attacked without editing this file). Every request here is invalid for
 * a reason the schema or the route states, so every answer must be a 4xx: malformed JSON, bodies
 * that are not objects, wrong types, values past a minimum / maximum / length / enum / format,
 * unknown fields, ids that are negative, zero, huge or not numbers, SQL and HTML where an
 * enumerated or formatted value belongs, methods a route does not have, bad credentials.
 */

export interface ArgSchema {
	type?: string | string[];
	enum?: unknown[];
	minimum?: number;
	maximum?: number;
	maxLength?: number;
	maxItems?: number;
	format?: string;
	required?: boolean;
	items?: ArgSchema;
}

export interface RouteIndex {
	routes: Record<
		string,
		{
			endpoints: Array< {
				methods: string[];
				args: Record< string, ArgSchema > | unknown[];
			} >;
		}
	>;
}

export type Who = 'admin' | 'anonymous' | 'subscriber' | 'bad-auth';

export interface HostileRequest {
	/** What the request tries, for the failure message. */
	name: string;
	method: string;
	/** A REST route path such as /users-to-contacts/v1/contacts/12. */
	path: string;
	query?: Record< string, string >;
	/** Sent as it is (already JSON, or deliberately not). */
	rawBody?: string | undefined;
	contentType?: string;
	who: Who;
	/** One of the many per-argument requests (the light suite sends a sample of those). */
	perArgument?: boolean;
}

/** Ids of real items, so a bad argument is what gets refused, not a missing item. */
export interface Fixtures {
	contactId: number;
	userId: number;
	runId: number;
}

const WRITE_METHODS = [ 'POST', 'PUT', 'PATCH' ];
const ALL_METHODS = [ 'GET', 'POST', 'PUT', 'PATCH', 'DELETE' ];
const SQL = "1' OR '1'='1'; DROP TABLE wp_users; -- ";
/** Huge text: 1 MB in a body. (A query string that long is cut short at the socket; see toQuery.) */
const HUGE = 'x'.repeat( 1024 * 1024 );
const HTML =
	'<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';

function types( schema: ArgSchema ): string[] {
	if ( Array.isArray( schema.type ) ) {
		return schema.type;
	}
	return schema.type ? [ schema.type ] : [];
}

/** A value the schema accepts: what required arguments get while another one is attacked. */
function validValue(
	name: string,
	schema: ArgSchema,
	fixtures: Fixtures
): unknown {
	if ( schema.enum && schema.enum.length > 0 ) {
		return schema.enum[ 0 ];
	}
	const type = types( schema )[ 0 ];
	if ( type === 'integer' || type === 'number' ) {
		if ( name === 'contact_id' ) {
			return fixtures.contactId;
		}
		if ( name === 'user_id' ) {
			return fixtures.userId;
		}
		return Math.max( 1, schema.minimum ?? 1 );
	}
	if ( type === 'boolean' ) {
		return false;
	}
	if ( type === 'array' ) {
		return [];
	}
	if ( type === 'object' ) {
		return {};
	}
	return 'reliability';
}

/** Values this argument's schema refuses, each with what makes it wrong. */
function invalidValues(
	schema: ArgSchema,
	inBody: boolean
): Array< [ string, unknown ] > {
	const kinds = types( schema );
	const values: Array< [ string, unknown ] > = [];
	const accepts = ( type: string ) => kinds.includes( type );
	if ( ! accepts( 'object' ) && ! accepts( 'array' ) ) {
		values.push( [ 'an object', { $gt: '' } ] );
	}
	// (WordPress splits text into a list where a list is expected: no SQL text for lists.)
	if ( ! accepts( 'string' ) && ! accepts( 'array' ) ) {
		values.push( [ 'SQL text', SQL ] );
	}
	if ( accepts( 'integer' ) || accepts( 'number' ) ) {
		values.push( [ 'a list', [ 1, 2 ] ] );
		if ( accepts( 'integer' ) ) {
			values.push( [ 'a fraction', 1.5 ] );
		}
		if ( schema.minimum !== undefined ) {
			values.push( [ 'below its minimum', schema.minimum - 1 ] );
			values.push( [ 'hugely negative', -9007199254740991 ] );
		}
		if ( schema.maximum !== undefined ) {
			values.push( [ 'above its maximum', schema.maximum + 1 ] );
		}
	}
	if ( accepts( 'string' ) && ! accepts( 'integer' ) ) {
		if ( ! accepts( 'array' ) ) {
			values.push( [ 'a list', [ 'a', 'b' ] ] );
		}
		values.push( [ 'a number', 12345 ] );
		if ( schema.enum ) {
			values.push( [ 'SQL instead of a choice', SQL ] );
			values.push( [ 'HTML instead of a choice', HTML ] );
		}
		if ( schema.maxLength !== undefined ) {
			values.push( [
				'one character too long',
				'x'.repeat( schema.maxLength + 1 ),
			] );
			values.push( [ 'huge', HUGE ] );
		}
		if ( schema.format === 'date-time' ) {
			values.push( [ 'SQL instead of a date', `2020-01-01${ SQL }` ] );
		}
		if ( schema.format === 'email' ) {
			values.push( [ 'HTML instead of an email', HTML ] );
		}
	}
	if ( accepts( 'boolean' ) ) {
		values.push( [ 'a word instead of true/false', 'maybe' ] );
		values.push( [ 'a number instead of true/false', 7 ] );
	}
	if ( accepts( 'array' ) ) {
		values.push( [ 'a map instead of a list', { a: 1 } ] );
		// Past a few thousand items a query string is too long for any web server.
		if (
			schema.maxItems !== undefined &&
			( inBody || schema.maxItems < 500 )
		) {
			values.push( [
				'one item too many',
				Array.from( { length: schema.maxItems + 1 }, () => 1 ),
			] );
		}
		if ( schema.items?.type === 'integer' ) {
			values.push( [ 'a list of words', [ 'abc', SQL ] ] );
			values.push( [ 'a list of negative ids', [ -1, -2 ] ] );
		}
		if ( schema.items?.type === 'object' ) {
			values.push( [ 'a list of numbers', [ 1, 2, 3 ] ] );
			values.push( [
				'a list with an unknown kind of item',
				[ { kind: SQL, user_id: -1 } ],
			] );
		}
	}
	return values;
}

/** PHP's query-string notation for a value (objects and lists become a[x]=…). */
function toQuery(
	name: string,
	value: unknown,
	into: Record< string, string >
): void {
	if ( value !== null && typeof value === 'object' ) {
		for ( const [ key, inner ] of Object.entries( value ) ) {
			toQuery( `${ name }[${ key }]`, inner, into );
		}
		return;
	}
	// Web servers refuse URLs past a few kB before any PHP runs: keep huge text to 6 kB there.
	into[ name ] = value === HUGE ? HUGE.slice( 0, 6000 ) : String( value );
}

/** The route with its parameters filled in (`(?P<id>\d+)` and the like). */
function fill( route: string, value: string ): string {
	return route.replace( /\(\?P<[a-z_]+>[^)]*\)/g, value );
}

function realPath( route: string, fixtures: Fixtures ): string {
	return route
		.replace( /\(\?P<user_id>[^)]*\)/, String( fixtures.userId ) )
		.replace(
			/\(\?P<id>[^)]*\)/,
			String(
				route.includes( '/runs/' ) ? fixtures.runId : fixtures.contactId
			)
		);
}

/**
 * The corpus. `selfService` routes (such as /me) are open to any logged-in person, so they are
 * attacked with bad input, not with a subscriber's credentials alone.
 */
export function hostileCorpus(
	index: RouteIndex,
	fixtures: Fixtures,
	selfService: Set< string >
): HostileRequest[] {
	const corpus: HostileRequest[] = [];
	for ( const [ route, { endpoints } ] of Object.entries( index.routes ) ) {
		const isIndex = ! /\/v1\/./.test( route );
		if ( isIndex ) {
			continue;
		}
		const hasParams = route.includes( '(?P<' );
		const methods = new Set(
			endpoints.flatMap( ( endpoint ) => endpoint.methods )
		);

		// Methods the route does not have.
		for ( const method of ALL_METHODS.filter(
			( known ) => ! methods.has( known )
		) ) {
			corpus.push( {
				name: `${ method } on a route without it`,
				method,
				path: realPath( route, fixtures ),
				rawBody: method === 'GET' ? undefined : '{}',
				who: 'admin',
			} );
		}
		// Ids that are negative, zero, huge or not numbers, with every method of the route.
		if ( hasParams ) {
			for ( const id of [
				'-1',
				'0',
				'99999999999999999999',
				'1.5',
				'abc',
				"1'OR'1'='1",
				'%00',
			] ) {
				for ( const method of methods ) {
					corpus.push( {
						name: `id ${ id }`,
						method,
						path: fill( route, id ),
						rawBody: WRITE_METHODS.includes( method )
							? '{}'
							: undefined,
						who: 'admin',
					} );
				}
			}
		}

		for ( const endpoint of endpoints ) {
			const args = Array.isArray( endpoint.args ) ? {} : endpoint.args;
			const inPath = new Set(
				[ ...route.matchAll( /\(\?P<([a-z_]+)>/g ) ].map(
					( match ) => match[ 1 ]
				)
			);
			const bodyArgs = Object.entries( args ).filter(
				( [ name ] ) => ! inPath.has( name )
			);
			const required = Object.fromEntries(
				bodyArgs
					.filter( ( [ , schema ] ) => schema.required )
					.map( ( [ name, schema ] ) => [
						name,
						validValue( name, schema, fixtures ),
					] )
			);
			for ( const method of endpoint.methods ) {
				const path = realPath( route, fixtures );
				const writes = WRITE_METHODS.includes( method );
				if ( method === 'DELETE' ) {
					continue; // A valid DELETE of a real item would delete it: ids above cover it.
				}
				if ( writes ) {
					corpus.push( {
						name: 'malformed JSON',
						method,
						path,
						rawBody: '{"type": "individual",',
						who: 'admin',
					} );
					corpus.push( {
						name: 'JSON with a trailing comma',
						method,
						path,
						rawBody: '{"a": 1,}',
						who: 'admin',
					} );
					corpus.push( {
						name: 'an unknown field',
						method,
						path,
						rawBody: JSON.stringify( {
							...required,
							unknown_field: 1,
						} ),
						who: 'admin',
					} );
					corpus.push( {
						name: 'SQL and HTML as field names',
						method,
						path,
						rawBody: JSON.stringify( {
							...required,
							[ SQL ]: 1,
							[ HTML ]: 1,
						} ),
						who: 'admin',
					} );
					// WordPress reads a body that is not an object as no arguments at all: only a
					// route that requires some must refuse it.
					if ( Object.keys( required ).length > 0 ) {
						for ( const [ what, rawBody ] of [
							[ 'no body fields', '{}' ],
							[ 'a JSON string instead of an object', '"hello"' ],
							[ 'a JSON number instead of an object', '42' ],
						] ) {
							corpus.push( {
								name: `${ what } (fields required)`,
								method,
								path,
								rawBody,
								who: 'admin',
							} );
						}
					}
					// A form post is read as text, and WordPress splits text into a list, so SQL
					// there is refused only where a number or true/false is required.
					const typed = bodyArgs.filter(
						( [ , schema ] ) =>
							schema.required &&
							types( schema ).some( ( type ) =>
								[ 'integer', 'boolean' ].includes( type )
							)
					);
					if ( typed.length > 0 ) {
						corpus.push( {
							name: 'a form post instead of JSON, with SQL',
							method,
							path,
							rawBody: new URLSearchParams(
								Object.fromEntries(
									typed.map( ( [ name ] ) => [ name, SQL ] )
								)
							).toString(),
							contentType: 'application/x-www-form-urlencoded',
							who: 'admin',
						} );
					}
				}
				for ( const [ name, schema ] of bodyArgs ) {
					for ( const [ what, value ] of invalidValues(
						schema,
						writes
					) ) {
						if ( writes ) {
							corpus.push( {
								name: `${ name }: ${ what }`,
								method,
								path,
								rawBody: JSON.stringify( {
									...required,
									[ name ]: value,
								} ),
								who: 'admin',
								perArgument: true,
							} );
						} else if (
							typeof value !== 'number' ||
							! types( schema ).includes( 'string' )
						) {
							// In a query string every value is text: a number is a valid string there.
							const query: Record< string, string > = {};
							toQuery( name, value, query );
							corpus.push( {
								name: `${ name }: ${ what }`,
								method,
								path,
								query,
								who: 'admin',
								perArgument: true,
							} );
						}
					}
				}
				// Someone without the right, with a hostile body.
				const openToAnyone = selfService.has( route );
				for ( const who of [
					'anonymous',
					'bad-auth',
					...( openToAnyone ? [] : [ 'subscriber' ] ),
				] as Who[] ) {
					corpus.push( {
						name: `${ who } with a hostile body`,
						method,
						path,
						rawBody: writes
							? JSON.stringify( {
									...required,
									notes: HTML,
									[ SQL ]: SQL,
								} )
							: undefined,
						who,
					} );
				}
			}
		}
	}
	return corpus;
}

/** Reads that carry SQL and HTML in free text: valid, answered, and harmless. */
export function hostileReads(): HostileRequest[] {
	return [
		SQL,
		HTML,
		'%',
		'_',
		'\\',
		"' UNION SELECT user_pass FROM wp_users -- ",
	].flatMap( ( text ) => [
		{
			name: `search ${ text }`,
			method: 'GET',
			path: '/users-to-contacts/v1/contacts',
			query: { search: text },
			who: 'admin' as Who,
		},
		{
			name: `bulk users fields ${ text }`,
			method: 'GET',
			path: '/users-to-contacts/v1/bulk/users',
			query: { fields: text },
			who: 'admin' as Who,
		},
	] );
}
