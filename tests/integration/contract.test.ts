/**
 * The operation contract: the apply route's schema, as the site serves it, against the engine's
 * operation kinds and fields (src/engine/operations.ts). A field added on one side only fails
 * here; the compiler already holds the engine's types and its run-time field map together.
 */
import {
	OPERATION_FIELD_TYPES,
	OPERATION_FIELDS,
	OPERATION_KINDS,
} from '../../src/engine/operations';
import { CONTACT_TYPES } from '../../src/engine/types';
import { rest } from '../support/site';

interface PropertySchema {
	type?: string | string[];
	enum?: unknown[];
	items?: PropertySchema;
	properties?: Record< string, PropertySchema >;
}

interface ApplySchema {
	properties: {
		operations: {
			items: { properties: Record< string, PropertySchema > };
		};
	};
	/** Per kind, the fields it requires and the ones it may have. */
	kinds?: Record< string, { required: string[]; optional: string[] } >;
}

const sorted = ( values: readonly unknown[] ) =>
	[ ...values ].map( String ).sort();

function typesOf( property: PropertySchema | undefined ): string[] {
	const type = property?.type;
	return type === undefined ? [] : [ type ].flat();
}

let schema: ApplySchema;
let served: Record< string, PropertySchema >;

beforeAll( async () => {
	const response = await rest< { schema: ApplySchema } >(
		'/users-to-contacts/v1/bulk/apply',
		{ method: 'OPTIONS' }
	);
	if ( response.status !== 200 ) {
		throw new Error( `OPTIONS /bulk/apply answered ${ response.status }` );
	}
	schema = response.body.schema;
	served = schema.properties.operations.items.properties;
} );

describe( 'POST /bulk/apply serves the engine operation contract', () => {
	it( 'takes the kinds the engine decides, no more, no fewer', () => {
		expect( sorted( served.kind?.enum ?? [] ) ).toEqual(
			sorted( OPERATION_KINDS )
		);
	} );

	it( 'has every engine field, with its type and values, and no field the engine lacks', () => {
		const mismatches: string[] = [];
		for ( const [ field, expected ] of Object.entries(
			OPERATION_FIELD_TYPES
		) ) {
			const property = served[ field ];
			if ( ! property ) {
				mismatches.push( `${ field }: not in the served schema` );
				continue;
			}
			if ( ! typesOf( property ).includes( expected.type ) ) {
				mismatches.push(
					`${ field }: served as ${ typesOf( property ).join(
						'|'
					) }, the engine sends ${ expected.type }`
				);
			}
			if (
				'enum' in expected &&
				sorted( property.enum ?? [] ).join() !==
					sorted( expected.enum ).join()
			) {
				mismatches.push(
					`${ field }: served values ${ sorted(
						property.enum ?? []
					).join( ', ' ) }, the engine's ${ sorted(
						expected.enum
					).join( ', ' ) }`
				);
			}
		}
		for ( const field of Object.keys( served ) ) {
			if ( field !== 'kind' && ! ( field in OPERATION_FIELD_TYPES ) ) {
				mismatches.push(
					`${ field }: served, but no engine operation has it`
				);
			}
		}
		expect( mismatches ).toEqual( [] );
	} );

	it( 'takes the new contact the engine sends: an email and a contact type', () => {
		const contact = served.contact?.properties ?? {};
		expect( typesOf( contact.email ) ).toContain( 'string' );
		expect( sorted( contact.type?.enum ?? [] ) ).toEqual(
			sorted( CONTACT_TYPES )
		);
		expect( typesOf( served.add_emails?.items ) ).toContain( 'string' );
	} );

	it( 'requires and allows the same fields per kind as the engine types', () => {
		const engine = Object.fromEntries(
			Object.entries( OPERATION_FIELDS ).map( ( [ kind, fields ] ) => {
				const entries: Array< [ string, string ] > =
					Object.entries( fields );
				return [
					kind,
					{
						required: sorted(
							entries
								.filter(
									( [ , presence ] ) =>
										presence === 'required'
								)
								.map( ( [ field ] ) => field )
						),
						optional: sorted(
							entries
								.filter(
									( [ , presence ] ) =>
										presence === 'optional'
								)
								.map( ( [ field ] ) => field )
						),
					},
				];
			} )
		);
		const php = Object.fromEntries(
			Object.entries( schema.kinds ?? {} ).map( ( [ kind, fields ] ) => [
				kind,
				{
					required: sorted( fields.required ),
					optional: sorted( fields.optional ),
				},
			] )
		);
		expect( php ).toEqual( engine );
	} );
} );
