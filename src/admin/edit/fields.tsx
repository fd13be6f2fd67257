/**
 * One row of core's `form-table`: the label in the heading cell, the control, its help text and
 * its error, tied together for assistive technology (aria-invalid, aria-describedby).
 */
import { __ } from '@wordpress/i18n';
import type { ChangeEvent } from 'react';

/** The element id of a field (or of an email row, `emails.2`). */
export function fieldId( name: string ): string {
	return `users-to-contacts-${ name.replace( /[._]/g, '-' ) }`;
}

export function errorId( name: string ): string {
	return `${ fieldId( name ) }-error`;
}

function descriptionId( name: string ): string {
	return `${ fieldId( name ) }-description`;
}

/** The ids a control's aria-describedby names: its error first, then its help. */
export function describedBy(
	name: string,
	error: string | undefined,
	description: string | undefined
): string | undefined {
	const ids = [
		error ? errorId( name ) : null,
		description ? descriptionId( name ) : null,
	].filter( ( id ): id is string => id !== null );
	return ids.length > 0 ? ids.join( ' ' ) : undefined;
}

export function FieldError( {
	name,
	error,
}: {
	name: string;
	error: string | undefined;
} ) {
	if ( ! error ) {
		return null;
	}
	return (
		<p id={ errorId( name ) } className="users-to-contacts-field-error">
			{ /* An element, not CSS content: that would be read out as part of the message. */ }
			<span className="dashicons dashicons-warning" aria-hidden="true" />
			{ error }
		</p>
	);
}

export function Description( {
	name,
	text,
}: {
	name: string;
	text: string | undefined;
} ) {
	if ( ! text ) {
		return null;
	}
	return (
		<p id={ descriptionId( name ) } className="description">
			{ text }
		</p>
	);
}

/** The "(required)" core puts after a required field's label. */
export function Required() {
	return (
		<span className="description">
			{ ' ' }
			{ __( '(required)', 'users-to-contacts' ) }
		</span>
	);
}

export function TextRow( {
	name,
	label,
	value,
	error,
	description,
	required = false,
	inputType = 'text',
	multiline = false,
	onChange,
}: {
	name: string;
	label: string;
	value: string;
	error: string | undefined;
	description?: string | undefined;
	required?: boolean;
	inputType?: 'text' | 'url' | 'tel';
	multiline?: boolean;
	onChange: ( value: string ) => void;
} ) {
	const common = {
		id: fieldId( name ),
		name,
		value,
		'aria-invalid': error ? true : undefined,
		'aria-describedby': describedBy( name, error, description ),
		'aria-required': required ? true : undefined,
		onChange: (
			event: ChangeEvent< HTMLInputElement | HTMLTextAreaElement >
		) => onChange( event.target.value ),
	};
	return (
		<tr className={ error ? 'form-invalid' : undefined }>
			<th scope="row">
				<label htmlFor={ fieldId( name ) }>
					{ label }
					{ required && <Required /> }
				</label>
			</th>
			<td>
				{ multiline ? (
					<textarea { ...common } rows={ 5 } cols={ 30 } />
				) : (
					<input
						{ ...common }
						type={ inputType }
						className="regular-text"
					/>
				) }
				<FieldError name={ name } error={ error } />
				<Description name={ name } text={ description } />
			</td>
		</tr>
	);
}
