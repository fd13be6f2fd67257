/**
 * The My details form's rules, without the DOM: the labels, the checks made before anything is
 * sent (the site's rules, in the same words: includes/Contacts/VisitorDetails.php), what a save
 * sends, and what the form shows once a link is made.
 */
import { __, sprintf } from '@wordpress/i18n';
import { VISITOR_FIELD_MAX_LENGTH } from '../../api/me';
import type { Me, MeChanges, VisitorField } from '../../api/me';
import { checkEmail, normalizeEmail } from '../../engine/email';

export type Values = Record< VisitorField, string >;
export type Errors = Partial< Record< VisitorField, string > >;

export function fieldLabels(): Record< VisitorField, string > {
	return {
		first_name: __( 'First name', 'users-to-contacts' ),
		last_name: __( 'Last name', 'users-to-contacts' ),
		email: __( 'Email', 'users-to-contacts' ),
		phone: __( 'Phone', 'users-to-contacts' ),
		street_address: __( 'Street address', 'users-to-contacts' ),
		city: __( 'City', 'users-to-contacts' ),
		postal_code: __( 'Postal code', 'users-to-contacts' ),
		country: __( 'Country', 'users-to-contacts' ),
	};
}

/** The browser's autofill name of each field. */
export const AUTOCOMPLETE: Record< VisitorField, string > = {
	first_name: 'given-name',
	last_name: 'family-name',
	email: 'email',
	phone: 'tel',
	street_address: 'street-address',
	city: 'address-level2',
	postal_code: 'postal-code',
	country: 'country-name',
};

export function valuesOf( me: Me ): Values {
	return {
		first_name: me.first_name,
		last_name: me.last_name,
		email: me.email,
		phone: me.phone,
		street_address: me.street_address,
		city: me.city,
		postal_code: me.postal_code,
		country: me.country,
	};
}

/** The fields the visitor may change here: shown, and not following their account. */
export function editableFields( me: Me ): VisitorField[] {
	return me.shown_fields.filter(
		( field ) => ! me.account_fields.includes( field )
	);
}

const MARKUP = /<[a-zA-Z/!?]/;

/** The site's refusals, checked before sending so nothing is sent that it would refuse. */
export function validate( values: Values, fields: VisitorField[] ): Errors {
	const labels = fieldLabels();
	const errors: Errors = {};
	for ( const field of fields ) {
		const value = values[ field ];
		const label = labels[ field ];
		if ( value.trim().length > VISITOR_FIELD_MAX_LENGTH[ field ] ) {
			errors[ field ] = sprintf(
				/* translators: 1: a field's label, such as City, 2: the maximum number of characters. */
				__(
					'%1$s is too long: use at most %2$d characters.',
					'users-to-contacts'
				),
				label,
				VISITOR_FIELD_MAX_LENGTH[ field ]
			);
		} else if ( MARKUP.test( value ) ) {
			errors[ field ] = sprintf(
				/* translators: %s: a field's label, such as First name. */
				__(
					'%s cannot contain HTML tags such as <b>. Please remove the < and > characters.',
					'users-to-contacts'
				),
				label
			);
		} else if ( field === 'email' && ! checkEmail( value ).ok ) {
			errors[ field ] = sprintf(
				/* translators: %s: the field's label, Email. */
				__(
					'%s must be a valid email address, such as name@example.com.',
					'users-to-contacts'
				),
				label
			);
		}
	}
	return errors;
}

function same( field: VisitorField, a: string, b: string ): boolean {
	return field === 'email'
		? normalizeEmail( a ) === normalizeEmail( b )
		: a.trim() === b.trim();
}

/**
 * What a save sends: only the fields the visitor changed. Sending the rest would, before the
 * link is made, overwrite the contact the link finds (its signup details) with empty fields.
 */
export function changesOf(
	saved: Values,
	values: Values,
	fields: VisitorField[]
): MeChanges {
	const changes: MeChanges = {};
	for ( const field of fields ) {
		if ( ! same( field, saved[ field ], values[ field ] ) ) {
			changes[ field ] = values[ field ];
		}
	}
	return changes;
}

/**
 * The form's values once the site answered: the saved details, except where a change the
 * visitor sent is not there (yet): what they typed stays in the field. Returns the fields kept.
 */
export function afterSave(
	me: Me,
	sent: MeChanges
): { values: Values; kept: VisitorField[] } {
	const values = valuesOf( me );
	const kept: VisitorField[] = [];
	for ( const [ field, typed ] of Object.entries( sent ) as Array<
		[ VisitorField, string ]
	> ) {
		if ( ! same( field, values[ field ], typed ) ) {
			values[ field ] = typed;
			kept.push( field );
		}
	}
	return { values, kept };
}
