/**
 * Who the run items and runs are about: user and contact names for the ids they carry, read in
 * bulk (one request per kind, whatever the number of rows shown).
 */
import { getBulkContacts, getBulkUsers } from '../../api/bulk';
import type { Transport } from '../../api/transport';

export interface PersonName {
	name: string;
	/** The user's login (users only). */
	login: string;
	email: string;
}

export type Names = Map< number, PersonName >;

export async function userNames(
	transport: Transport,
	ids: number[]
): Promise< Names > {
	const wanted = [ ...new Set( ids ) ].filter( ( id ) => id > 0 );
	const names: Names = new Map();
	if ( wanted.length === 0 ) {
		return names;
	}
	const page = await getBulkUsers( transport, { include: wanted } );
	for ( const user of page.users ) {
		names.set( user.id, {
			name: user.display_name || user.login,
			login: user.login,
			email: user.email,
		} );
	}
	return names;
}

export async function contactNames(
	transport: Transport,
	ids: number[]
): Promise< Names > {
	const wanted = [ ...new Set( ids ) ].filter( ( id ) => id > 0 );
	const names: Names = new Map();
	if ( wanted.length === 0 ) {
		return names;
	}
	for ( const contact of await getBulkContacts( transport, wanted ) ) {
		const fields = contact.fields;
		const name =
			fields.display_name ||
			[ fields.first_name, fields.last_name ]
				.filter( Boolean )
				.join( ' ' ) ||
			fields.organization_name ||
			contact.email;
		names.set( contact.id, {
			name: name ?? '',
			login: '',
			email: contact.email,
		} );
	}
	return names;
}
