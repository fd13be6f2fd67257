/**
 * The contact's emails: one row per address, exactly one marked primary, rows added and
 * removed. Each control is named by its row ("Email 2", "Primary: email 2", "Remove email 2").
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { emailRow, emailRowKey } from './contactForm';
import type { EmailRow, FormErrors } from './contactForm';
import { describedBy, errorId, fieldId, FieldError } from './fields';

export function EmailsField( {
	rows,
	errors,
	onChange,
}: {
	rows: EmailRow[];
	errors: FormErrors;
	onChange: ( rows: EmailRow[] ) => void;
} ) {
	const addButton = useRef< HTMLButtonElement >( null );
	// After adding or removing a row, where the keyboard goes: a row's input, or the add button.
	const [ focusNext, setFocusNext ] = useState< number | 'add' | null >(
		null
	);
	useEffect( () => {
		if ( focusNext === null ) {
			return;
		}
		const target =
			focusNext === 'add'
				? addButton.current
				: document.getElementById(
						fieldId( emailRowKey( focusNext ) )
					);
		target?.focus();
		setFocusNext( null );
	}, [ focusNext ] );

	const groupError = errors.emails;
	const groupDescription = __(
		'The primary email is the one kept in step with a linked user account.',
		'users-to-contacts'
	);
	const setRow = ( index: number, change: Partial< EmailRow > ) =>
		onChange(
			rows.map( ( row, at ) =>
				at === index ? { ...row, ...change } : row
			)
		);
	const makePrimary = ( index: number ) =>
		onChange(
			rows.map( ( row, at ) => ( { ...row, primary: at === index } ) )
		);
	const remove = ( index: number ) => {
		const left = rows.filter( ( _row, at ) => at !== index );
		// The primary went: the first address left takes its place.
		if ( left.length > 0 && ! left.some( ( row ) => row.primary ) ) {
			left[ 0 ] = { ...left[ 0 ]!, primary: true };
		}
		onChange( left );
		setFocusNext(
			left.length === 0 ? 'add' : Math.min( index, left.length - 1 )
		);
	};
	const add = () => {
		onChange( [ ...rows, emailRow( '', rows.length === 0 ) ] );
		setFocusNext( rows.length );
	};

	return (
		<tr className={ groupError ? 'form-invalid' : undefined }>
			<th scope="row" id={ fieldId( 'emails-label' ) }>
				{ __( 'Email', 'users-to-contacts' ) }
			</th>
			<td>
				<fieldset
					aria-labelledby={ fieldId( 'emails-label' ) }
					aria-describedby={ describedBy(
						'emails',
						groupError,
						groupDescription
					) }
				>
					{ rows.length === 0 && (
						<p>
							{ __( 'No email address.', 'users-to-contacts' ) }
						</p>
					) }
					{ rows.map( ( row, index ) => {
						const key = emailRowKey( index );
						const error = errors[ key ];
						const number = index + 1;
						return (
							<div
								key={ row.key }
								className="users-to-contacts-email-row"
							>
								<label
									className="screen-reader-text"
									htmlFor={ fieldId( key ) }
								>
									{ sprintf(
										/* translators: %d: the email's position in the list, from 1. */
										__( 'Email %d', 'users-to-contacts' ),
										number
									) }
								</label>
								<input
									id={ fieldId( key ) }
									type="email"
									className="regular-text ltr"
									value={ row.email }
									autoComplete="off"
									aria-invalid={
										error || ( groupError && index === 0 )
											? true
											: undefined
									}
									aria-describedby={
										error
											? errorId( key )
											: describedBy(
													'emails',
													index === 0
														? groupError
														: undefined,
													undefined
												)
									}
									onChange={ ( event ) =>
										setRow( index, {
											email: event.target.value,
										} )
									}
								/>
								<span className="users-to-contacts-email-primary">
									<input
										id={ fieldId( `${ key }.primary` ) }
										type="radio"
										name="users-to-contacts-primary-email"
										checked={ row.primary }
										aria-label={ sprintf(
											/* translators: %d: the email's position in the list, from 1. */
											__(
												'Primary: email %d',
												'users-to-contacts'
											),
											number
										) }
										onChange={ () => makePrimary( index ) }
									/>
									<label
										htmlFor={ fieldId(
											`${ key }.primary`
										) }
									>
										{ __( 'Primary', 'users-to-contacts' ) }
									</label>
								</span>
								<button
									type="button"
									className="button-link button-link-delete"
									aria-label={ sprintf(
										/* translators: %d: the email's position in the list, from 1. */
										__(
											'Remove email %d',
											'users-to-contacts'
										),
										number
									) }
									onClick={ () => remove( index ) }
								>
									{ __( 'Remove', 'users-to-contacts' ) }
								</button>
								<FieldError name={ key } error={ error } />
							</div>
						);
					} ) }
					<FieldError name="emails" error={ groupError } />
					<p className="users-to-contacts-email-add">
						<button
							ref={ addButton }
							type="button"
							className="button"
							onClick={ add }
						>
							{ rows.length === 0
								? __( 'Add an email', 'users-to-contacts' )
								: __(
										'Add another email',
										'users-to-contacts'
									) }
						</button>
					</p>
					<p
						id={ `${ fieldId( 'emails' ) }-description` }
						className="description"
					>
						{ groupDescription }
					</p>
				</fieldset>
			</td>
		</tr>
	);
}
