/**
 * A labelled text input with its help and its error tied to it for assistive technology
 * (aria-invalid, aria-describedby), as the visitor forms draw every field.
 */
import { __ } from '@wordpress/i18n';
import type { HTMLInputTypeAttribute, ReactNode } from 'react';

export interface FieldProps {
	/** Element id of the input; the error and help ids derive from it. */
	id: string;
	label: string;
	value: string;
	onChange: ( value: string ) => void;
	error?: string | undefined;
	/** Help shown under the field (such as "The user record owns this field."). */
	help?: ReactNode;
	type?: HTMLInputTypeAttribute;
	autoComplete?: string;
	required?: boolean;
	disabled?: boolean;
	/** Shown and focusable, not editable (a field the visitor changes elsewhere). */
	readOnly?: boolean;
	name?: string;
}

export function errorIdOf( id: string ): string {
	return `${ id }-error`;
}

export function Field( {
	id,
	label,
	value,
	onChange,
	error,
	help,
	type = 'text',
	autoComplete,
	required = false,
	disabled = false,
	readOnly = false,
	name,
}: FieldProps ) {
	const helpId = `${ id }-help`;
	const describedBy =
		[ error ? errorIdOf( id ) : null, help ? helpId : null ]
			.filter( Boolean )
			.join( ' ' ) || undefined;
	return (
		<p
			className={ `users-to-contacts-field${
				error ? ' has-error' : ''
			}` }
		>
			<label htmlFor={ id }>
				{ label }
				{ required && (
					<span className="users-to-contacts-field__required">
						{ ' ' }
						{ __( '(required)', 'users-to-contacts' ) }
					</span>
				) }
			</label>
			<input
				id={ id }
				name={ name ?? id }
				type={ type }
				value={ value }
				onChange={ ( event ) => onChange( event.target.value ) }
				autoComplete={ autoComplete }
				required={ required }
				disabled={ disabled }
				readOnly={ readOnly }
				aria-invalid={ error ? true : undefined }
				aria-describedby={ describedBy }
			/>
			{ error && (
				<span
					id={ errorIdOf( id ) }
					className="users-to-contacts-field__error"
				>
					{ error }
				</span>
			) }
			{ help && (
				<span id={ helpId } className="users-to-contacts-field__help">
					{ help }
				</span>
			) }
		</p>
	);
}
