/**
 * The editable sections of Add / Edit Contact, laid out as core's Edit User: an `h2` and a
 * `form-table` each for Name, Contact Info and About.
 */
import { __, sprintf } from '@wordpress/i18n';
import { CONTACT_TYPES } from '../../engine/types';
import type { ContactType } from '../../api/contacts';
import {
	aboutFields,
	CONTACT_INFO_FIELDS,
	fieldLabel,
	nameFields,
	requiredNameField,
	typeLabel,
} from './contactForm';
import type { FormErrors, FormValues, TextField } from './contactForm';
import { EmailsField } from './EmailsField';
import {
	describedBy,
	Description,
	FieldError,
	fieldId,
	TextRow,
} from './fields';

const INPUT_TYPES: Partial<
	Record< TextField | 'birth_date', 'url' | 'tel' >
> = {
	website: 'url',
	phone: 'tel',
};

function descriptionOf(
	name: TextField | 'birth_date',
	type: ContactType
): string | undefined {
	if ( name === 'display_name' ) {
		return type === 'individual'
			? __(
					'Leave empty to show the first and last name.',
					'users-to-contacts'
				)
			: __( 'Leave empty to show the name above.', 'users-to-contacts' );
	}
	if ( name === 'birth_date' ) {
		// A text field, not the browser's date picker: its calendar button takes the keyboard
		// with no visible focus in Chromium.
		return sprintf(
			/* translators: %s: an example date, 1990-12-31. */
			__( 'Written as year-month-day, such as %s.', 'users-to-contacts' ),
			'1990-12-31'
		);
	}
	if ( name === 'website' ) {
		return __( 'Starts with http:// or https://.', 'users-to-contacts' );
	}
	return undefined;
}

export function ContactFormFields( {
	values,
	errors,
	onChange,
}: {
	values: FormValues;
	errors: FormErrors;
	onChange: ( values: FormValues ) => void;
} ) {
	const set = ( name: TextField | 'birth_date', value: string ) =>
		onChange( { ...values, [ name ]: value } );
	const row = ( name: TextField | 'birth_date' ) => (
		<TextRow
			key={ name }
			name={ name }
			label={ fieldLabel( name, values.type ) }
			value={ values[ name ] }
			error={ errors[ name ] }
			description={ descriptionOf( name, values.type ) }
			// An individual needs a first or a last name, neither alone: no "(required)" there.
			required={
				values.type !== 'individual' &&
				name === requiredNameField( values.type )
			}
			inputType={ INPUT_TYPES[ name ] ?? 'text' }
			multiline={ name === 'notes' }
			onChange={ ( value ) => set( name, value ) }
		/>
	);
	const typeDescription = __(
		'An individual has a first and last name; an organization or a household has one name.',
		'users-to-contacts'
	);

	return (
		<>
			<h2>{ __( 'Name', 'users-to-contacts' ) }</h2>
			<table className="form-table" role="presentation">
				<tbody>
					<tr>
						<th scope="row">
							<label htmlFor={ fieldId( 'type' ) }>
								{ fieldLabel( 'type', values.type ) }
							</label>
						</th>
						<td>
							<select
								id={ fieldId( 'type' ) }
								value={ values.type }
								aria-invalid={ errors.type ? true : undefined }
								aria-describedby={ describedBy(
									'type',
									errors.type,
									typeDescription
								) }
								onChange={ ( event ) =>
									onChange( {
										...values,
										type: event.target.value as ContactType,
									} )
								}
							>
								{ CONTACT_TYPES.map( ( type ) => (
									<option key={ type } value={ type }>
										{ typeLabel( type ) }
									</option>
								) ) }
							</select>
							<FieldError name="type" error={ errors.type } />
							<Description name="type" text={ typeDescription } />
						</td>
					</tr>
					{ nameFields( values.type ).map( row ) }
				</tbody>
			</table>

			<h2>{ __( 'Contact Info', 'users-to-contacts' ) }</h2>
			<table className="form-table" role="presentation">
				<tbody>
					<EmailsField
						rows={ values.emails }
						errors={ errors }
						onChange={ ( emails ) =>
							onChange( { ...values, emails } )
						}
					/>
					{ CONTACT_INFO_FIELDS.map( row ) }
				</tbody>
			</table>

			<h2>{ __( 'About', 'users-to-contacts' ) }</h2>
			<table className="form-table" role="presentation">
				<tbody>{ aboutFields( values.type ).map( row ) }</tbody>
			</table>
		</>
	);
}
