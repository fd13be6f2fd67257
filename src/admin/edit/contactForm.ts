/**
 * The Add / Edit Contact form as data: its values, which fields each contact type shows, the
 * checks made before sending, what a save sends, and the site's refusals mapped back to the
 * fields they name. No DOM: tests/unit/contactForm.test.ts runs it on plain data.
 */
import { __, sprintf } from '@wordpress/i18n';
import type {
	ContactEmail,
	ContactInput,
	ContactType,
	SingleContact,
} from '../../api/contacts';
import { ApiError } from '../../api/transport';
import { checkEmail, normalizeEmail } from '../../engine/email';

/** The contact's text fields, as ContactSchema names them. */
export const TEXT_FIELDS = [
	'prefix',
	'first_name',
	'middle_name',
	'last_name',
	'nickname',
	'organization_name',
	'display_name',
	'phone',
	'website',
	'street_address',
	'city',
	'postal_code',
	'country',
	'job_title',
	'notes',
] as const;

export type TextField = ( typeof TEXT_FIELDS )[ number ];

export type FieldName = TextField | 'type' | 'birth_date' | 'emails';

/** One email row of the form; `key` keeps React's rows apart while they move. */
export interface EmailRow {
	key: number;
	email: string;
	primary: boolean;
}

export type FormValues = Record< TextField, string > & {
	type: ContactType;
	/** YYYY-MM-DD, or '' for none. */
	birth_date: string;
	emails: EmailRow[];
};

/**
 * Errors by where they show: a field name, `emails` for the list as a whole, or `emails.N` for
 * the N-th email row (from 0).
 */
export type FormErrors = Partial< Record< string, string > >;

export function emailRowKey( index: number ): string {
	return `emails.${ index }`;
}

/** The name fields each type shows, in the form's order. */
const NAME_FIELDS: Record< ContactType, TextField[] > = {
	individual: [
		'prefix',
		'first_name',
		'middle_name',
		'last_name',
		'nickname',
		'display_name',
	],
	organization: [ 'organization_name', 'display_name' ],
	household: [ 'organization_name', 'display_name' ],
};

export const CONTACT_INFO_FIELDS: TextField[] = [
	'phone',
	'website',
	'street_address',
	'city',
	'postal_code',
	'country',
];

/** The "About" fields each type shows (a birth date and job title are a person's). */
const ABOUT_FIELDS: Record< ContactType, Array< TextField | 'birth_date' > > = {
	individual: [ 'job_title', 'birth_date', 'notes' ],
	organization: [ 'notes' ],
	household: [ 'notes' ],
};

export function nameFields( type: ContactType ): TextField[] {
	return NAME_FIELDS[ type ];
}

export function aboutFields(
	type: ContactType
): Array< TextField | 'birth_date' > {
	return ABOUT_FIELDS[ type ];
}

/** The text fields a contact of this type shows (and so a save may send). */
function textFieldsFor( type: ContactType ): TextField[] {
	return [
		...NAME_FIELDS[ type ],
		...CONTACT_INFO_FIELDS,
		...ABOUT_FIELDS[ type ].filter(
			( name ): name is TextField => name !== 'birth_date'
		),
	];
}

export function typeLabel( type: ContactType ): string {
	switch ( type ) {
		case 'organization':
			return __( 'Organization', 'users-to-contacts' );
		case 'household':
			return __( 'Household', 'users-to-contacts' );
		default:
			return __( 'Individual', 'users-to-contacts' );
	}
}

/** A field's label on the form (the organization name is a household's name there). */
export function fieldLabel( name: FieldName, type: ContactType ): string {
	switch ( name ) {
		case 'type':
			return __( 'Type', 'users-to-contacts' );
		case 'prefix':
			return __( 'Prefix', 'users-to-contacts' );
		case 'first_name':
			return __( 'First Name', 'users-to-contacts' );
		case 'middle_name':
			return __( 'Middle Name', 'users-to-contacts' );
		case 'last_name':
			return __( 'Last Name', 'users-to-contacts' );
		case 'nickname':
			return __( 'Nickname', 'users-to-contacts' );
		case 'organization_name':
			return type === 'household'
				? __( 'Household name', 'users-to-contacts' )
				: __( 'Organization name', 'users-to-contacts' );
		case 'display_name':
			return __( 'Display name', 'users-to-contacts' );
		case 'emails':
			return __( 'Email', 'users-to-contacts' );
		case 'phone':
			return __( 'Phone', 'users-to-contacts' );
		case 'website':
			return __( 'Website', 'users-to-contacts' );
		case 'street_address':
			return __( 'Street address', 'users-to-contacts' );
		case 'city':
			return __( 'City', 'users-to-contacts' );
		case 'postal_code':
			return __( 'Postal code', 'users-to-contacts' );
		case 'country':
			return __( 'Country', 'users-to-contacts' );
		case 'job_title':
			return __( 'Job title', 'users-to-contacts' );
		case 'birth_date':
			return __( 'Birth date', 'users-to-contacts' );
		case 'notes':
			return __( 'Notes', 'users-to-contacts' );
	}
}

/** The field that must name a contact of this type (B: the form asks for a name). */
export function requiredNameField( type: ContactType ): TextField {
	return type === 'individual' ? 'first_name' : 'organization_name';
}

let nextRowKey = 1;

export function emailRow( email = '', primary = false ): EmailRow {
	nextRowKey += 1;
	return { key: nextRowKey, email, primary };
}

/** A new contact: an individual with one empty (primary) email row. */
export function emptyValues(): FormValues {
	const values = Object.fromEntries(
		TEXT_FIELDS.map( ( name ) => [ name, '' ] )
	) as Record< TextField, string >;
	return {
		...values,
		type: 'individual',
		birth_date: '',
		emails: [ emailRow( '', true ) ],
	};
}

export function valuesFromContact( contact: SingleContact ): FormValues {
	const values = Object.fromEntries(
		TEXT_FIELDS.map( ( name ) => [ name, contact[ name ] ] )
	) as Record< TextField, string >;
	return {
		...values,
		type: contact.type,
		birth_date: contact.birth_date ?? '',
		emails: contact.emails.map( ( item ) =>
			emailRow( item.email, item.primary )
		),
	};
}

/**
 * The emails a save sends: the rows with an address, in order, exactly one primary (the row
 * marked so, else the first), with the row each came from.
 */
export function emailsToSend( rows: EmailRow[] ): {
	emails: ContactEmail[];
	rows: number[];
} {
	const filled = rows
		.map( ( row, index ) => ( { row, index } ) )
		.filter( ( { row } ) => row.email.trim() !== '' );
	const primary = filled.some( ( { row } ) => row.primary )
		? filled.findIndex( ( { row } ) => row.primary )
		: 0;
	return {
		emails: filled.map( ( { row }, position ) => ( {
			email: row.email.trim(),
			primary: position === primary,
		} ) ),
		rows: filled.map( ( { index } ) => index ),
	};
}

function sameEmails( a: ContactEmail[], b: ContactEmail[] ): boolean {
	return (
		a.length === b.length &&
		a.every(
			( item, index ) =>
				normalizeEmail( item.email ) === b[ index ]?.email &&
				item.primary === b[ index ]?.primary
		)
	);
}

/**
 * What a save sends: for a new contact, what was filled in; for an edit, only what changed
 * (so an untouched derived display name stays derived, and fields the type hides stay as they
 * are).
 */
export function toInput(
	values: FormValues,
	original: SingleContact | null
): ContactInput {
	const input: ContactInput = {};
	if ( ! original || original.type !== values.type ) {
		input.type = values.type;
	}
	for ( const name of textFieldsFor( values.type ) ) {
		const value = values[ name ];
		if ( original ? value !== original[ name ] : value.trim() !== '' ) {
			input[ name ] = value;
		}
	}
	if ( aboutFields( values.type ).includes( 'birth_date' ) ) {
		const typed = values.birth_date.trim();
		const birthDate = typed === '' ? null : typed;
		if ( original ? birthDate !== original.birth_date : birthDate ) {
			input.birth_date = birthDate;
		}
	}
	const { emails } = emailsToSend( values.emails );
	if ( original ? ! sameEmails( emails, original.emails ) : emails.length ) {
		input.emails = emails;
	}
	return input;
}

/** Whether a value is a real calendar date written YYYY-MM-DD (as the site checks it). */
function isDate( value: string ): boolean {
	const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec( value );
	if ( ! parts ) {
		return false;
	}
	const [ year, month, day ] = parts.slice( 1 ).map( Number ) as [
		number,
		number,
		number,
	];
	const date = new Date( Date.UTC( year, month - 1, day ) );
	return (
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day
	);
}

/** The checks made before sending; the site checks again and has the last word. */
export function validate( values: FormValues ): FormErrors {
	const errors: FormErrors = {};
	const named = ( name: TextField ) => values[ name ].trim() !== '';
	if ( values.type === 'individual' ) {
		if ( ! named( 'first_name' ) && ! named( 'last_name' ) ) {
			errors.first_name = __(
				'Enter a first name or a last name.',
				'users-to-contacts'
			);
		}
	} else if ( ! named( 'organization_name' ) ) {
		errors.organization_name =
			values.type === 'household'
				? __( 'Enter the name of the household.', 'users-to-contacts' )
				: __(
						'Enter the name of the organization.',
						'users-to-contacts'
					);
	}
	const seen = new Set< string >();
	values.emails.forEach( ( row, index ) => {
		if ( row.email.trim() === '' ) {
			return;
		}
		const check = checkEmail( row.email );
		if ( ! check.ok ) {
			errors[ emailRowKey( index ) ] = sprintf(
				/* translators: %s: what was typed as an email address. */
				__(
					'“%s” is not a valid email address. Write it like name@example.com.',
					'users-to-contacts'
				),
				row.email.trim()
			);
		} else if ( seen.has( check.email ) ) {
			errors[ emailRowKey( index ) ] = __(
				'This address is already listed above.',
				'users-to-contacts'
			);
		} else {
			seen.add( check.email );
		}
	} );
	if (
		aboutFields( values.type ).includes( 'birth_date' ) &&
		values.birth_date.trim() !== '' &&
		! isDate( values.birth_date.trim() )
	) {
		errors.birth_date = sprintf(
			/* translators: %s: an example date, 1990-12-31. */
			__(
				'Enter the birth date as year-month-day, such as %s.',
				'users-to-contacts'
			),
			'1990-12-31'
		);
	}
	const website = values.website.trim();
	if ( website !== '' && ! /^https?:\/\/[^\s/?#]+/i.test( website ) ) {
		errors.website = __(
			'Enter a web address starting with http:// or https://.',
			'users-to-contacts'
		);
	}
	return errors;
}

/** A message of the site's that starts with a field's key, starting with its label instead. */
function inWords( message: string, key: string, label: string ): string {
	return message.startsWith( key )
		? label + message.slice( key.length )
		: message;
}

const EMAIL_CODES = [
	'users_to_contacts_invalid_email',
	'users_to_contacts_invalid_emails',
	'users_to_contacts_duplicate_email',
	'users_to_contacts_primary_email',
];

/**
 * The site's refusal of a save (400 naming a field) as errors next to the fields; what no
 * shown field explains stays in `message`.
 *
 * @param error    What the save threw.
 * @param values   The values sent.
 * @param sentRows For each email sent, the row it came from (emailsToSend()).
 */
export function errorsFromApi(
	error: unknown,
	values: FormValues,
	sentRows: number[]
): { errors: FormErrors; message: string | null } {
	if ( ! ( error instanceof ApiError ) ) {
		return {
			errors: {},
			message: error instanceof Error ? error.message : String( error ),
		};
	}
	const shown = new Set< string >( [
		'type',
		'emails',
		...textFieldsFor( values.type ),
		...aboutFields( values.type ),
	] );
	const data = ( error.data ?? {} ) as {
		params?: Record< string, unknown >;
		field?: unknown;
	};
	const refusals: Array< [ string, string ] > = [];
	if ( error.code === 'rest_invalid_param' && data.params ) {
		for ( const [ param, message ] of Object.entries( data.params ) ) {
			refusals.push( [ param, String( message ) ] );
		}
	} else if ( typeof data.field === 'string' ) {
		refusals.push( [ data.field, error.message ] );
	} else if ( error.code === 'users_to_contacts_contact_empty' ) {
		refusals.push( [ requiredNameField( values.type ), error.message ] );
	} else if ( EMAIL_CODES.includes( error.code ) ) {
		refusals.push( [ 'emails', error.message ] );
	}
	const errors: FormErrors = {};
	for ( const [ param, message ] of refusals ) {
		if ( param === 'emails' || param === 'email' ) {
			// "… is not a valid email address (emails[2][email])." names the row it was sent as.
			const sent = /emails\[(\d+)\]/.exec( message );
			const row = sent ? sentRows[ Number( sent[ 1 ] ) ] : undefined;
			const words = message.replace(
				/\s*\(emails\[\d+\]\[email\]\)/,
				''
			);
			errors[ row === undefined ? 'emails' : emailRowKey( row ) ] = words;
		} else if ( shown.has( param ) ) {
			errors[ param ] = inWords(
				message,
				param,
				fieldLabel( param as FieldName, values.type )
			);
		}
	}
	return {
		errors,
		message: Object.keys( errors ).length > 0 ? null : error.message,
	};
}
