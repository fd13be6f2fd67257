/**
 * The field mapping table's rules (B10), as pure functions of its rows: each field is mapped at
 * most once on each side, so a drop-down offers only the fields no other row uses.
 */
import { __ } from '@wordpress/i18n';
import type {
	ContactField,
	FieldCatalogue,
	FieldPair,
	UserField,
} from '../../api/settings';

/** A row of the table; '' while a side is not chosen yet. */
export type MapRow = FieldPair;

export const EMPTY_ROW: MapRow = { user_field: '', contact_field: '' };

/**
 * The user fields row `index` may choose: those no other row uses, and its own choice even when
 * the site no longer has it (shown, so the admin sees why saving is refused).
 * @param rows
 * @param index
 * @param catalogue
 */
export function userFieldOptions(
	rows: readonly MapRow[],
	index: number,
	catalogue: FieldCatalogue
): UserField[] {
	const own = rows[ index ]?.user_field ?? '';
	const taken = new Set(
		rows
			.filter( ( _row, other ) => other !== index )
			.map( ( row ) => row.user_field )
	);
	const options = catalogue.user_fields.filter(
		( field ) => ! taken.has( field.key )
	);
	if ( own && ! options.some( ( field ) => field.key === own ) ) {
		options.push( { key: own, label: own, kind: 'meta' } );
	}
	return options;
}

/**
 * The contact fields row `index` may choose: those no other row fills.
 * @param rows
 * @param index
 * @param catalogue
 */
export function contactFieldOptions(
	rows: readonly MapRow[],
	index: number,
	catalogue: FieldCatalogue
): ContactField[] {
	const taken = new Set(
		rows
			.filter( ( _row, other ) => other !== index )
			.map( ( row ) => row.contact_field )
	);
	return catalogue.contact_fields.filter(
		( field ) => ! taken.has( field.key )
	);
}

/** Contact fields no row fills: the sync leaves them empty. */
export function unmappedContactFields(
	rows: readonly MapRow[],
	catalogue: FieldCatalogue
): ContactField[] {
	const filled = new Set( rows.map( ( row ) => row.contact_field ) );
	return catalogue.contact_fields.filter(
		( field ) => ! filled.has( field.key )
	);
}

/** Whether another row can be added: a field is left on each side. */
export function canAddRow(
	rows: readonly MapRow[],
	catalogue: FieldCatalogue
): boolean {
	const users = new Set( rows.map( ( row ) => row.user_field ) );
	const contacts = new Set( rows.map( ( row ) => row.contact_field ) );
	return (
		catalogue.user_fields.some( ( field ) => ! users.has( field.key ) ) &&
		catalogue.contact_fields.some(
			( field ) => ! contacts.has( field.key )
		)
	);
}

/** What is wrong with a row, and on which side. */
export interface RowError {
	user: boolean;
	contact: boolean;
	message: string;
}

export type RowErrors = ReadonlyMap< number, RowError >;

/** Rows with a side not chosen: they cannot be saved. */
export function incompleteRows( rows: readonly MapRow[] ): RowErrors {
	const errors = new Map< number, RowError >();
	rows.forEach( ( row, index ) => {
		if ( row.user_field === '' || row.contact_field === '' ) {
			errors.set( index, {
				user: row.user_field === '',
				contact: row.contact_field === '',
				message: __(
					'Choose a field on both sides, or delete this row.',
					'users-to-contacts'
				),
			} );
		}
	} );
	return errors;
}

/**
 * The rows a refusal of the site names (its error data carries `user_field` or
 * `contact_field`): a user field gone from the site, or a field in two rows.
 * @param rows
 * @param code
 * @param data
 */
export function refusedRows(
	rows: readonly MapRow[],
	code: string,
	data: unknown
): RowErrors {
	const named = ( data ?? {} ) as {
		user_field?: unknown;
		contact_field?: unknown;
	};
	const errors = new Map< number, RowError >();
	const message =
		code === 'users_to_contacts_unknown_user_field'
			? __(
					'This user field is not on this site any more. Choose another, or delete this row.',
					'users-to-contacts'
				)
			: __(
					'This field is in another row too. Each field can be mapped only once.',
					'users-to-contacts'
				);
	rows.forEach( ( row, index ) => {
		const user =
			typeof named.user_field === 'string' &&
			row.user_field === named.user_field;
		const contact =
			typeof named.contact_field === 'string' &&
			row.contact_field === named.contact_field;
		if ( user || contact ) {
			errors.set( index, { user, contact, message } );
		}
	} );
	return errors;
}

/** The label of a field key, or the key itself. */
export function labelOf(
	fields: ReadonlyArray< { key: string; label: string } >,
	key: string
): string {
	return fields.find( ( field ) => field.key === key )?.label ?? key;
}
