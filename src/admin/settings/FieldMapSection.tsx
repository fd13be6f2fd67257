/**
 * Field mapping (B10): user fields on the left, contact fields on the right; each drop-down
 * offers only the fields no other row uses, so nothing is mapped twice. Add a row, delete a row,
 * delete all (asked first), or restore the same-meaning pairs ("Map matching fields").
 */
import { useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { FieldCatalogue } from '../../api/settings';
import { ConfirmDialog } from '../common/ConfirmDialog';
import {
	EMPTY_ROW,
	canAddRow,
	contactFieldOptions,
	labelOf,
	unmappedContactFields,
	userFieldOptions,
} from './fieldMap';
import type { MapRow, RowErrors } from './fieldMap';

/** One side of a mapping row: a drop-down with its label for screen readers. */
function FieldSelect( {
	side,
	index,
	label,
	placeholder,
	value,
	invalid,
	describedBy,
	onChange,
	children,
}: {
	side: 'user' | 'contact';
	index: number;
	label: string;
	placeholder: string;
	value: string;
	invalid: boolean;
	describedBy: string | undefined;
	onChange: ( value: string ) => void;
	children: ReactNode;
} ) {
	const id = `users-to-contacts-map-${ side }-${ index }`;
	return (
		<>
			<label className="screen-reader-text" htmlFor={ id }>
				{ label }
			</label>
			<select
				id={ id }
				data-side={ side }
				value={ value }
				aria-invalid={ invalid }
				aria-describedby={ describedBy }
				onChange={ ( event ) => onChange( event.target.value ) }
			>
				<option value="">{ placeholder }</option>
				{ children }
			</select>
		</>
	);
}

export function FieldMapSection( {
	rows,
	catalogue,
	rowErrors,
	onChange,
}: {
	rows: MapRow[];
	catalogue: FieldCatalogue;
	/** Rows to mark as errors: a side not chosen, or what the site refused. */
	rowErrors: RowErrors;
	onChange: ( rows: MapRow[] ) => void;
} ) {
	const [ confirmingDeleteAll, setConfirmingDeleteAll ] = useState( false );
	const table = useRef< HTMLTableElement >( null );
	const addButton = useRef< HTMLButtonElement >( null );

	/** Focus after a change: a row's first drop-down, or the Add row button. */
	function focusRow( index: number | null ) {
		window.setTimeout( () => {
			const target =
				index === null
					? addButton.current
					: table.current?.querySelectorAll< HTMLSelectElement >(
							'select[data-side="user"]'
						)[ index ];
			( target ?? addButton.current )?.focus();
		} );
	}

	function setRow( index: number, change: Partial< MapRow > ) {
		onChange(
			rows.map( ( row, other ) =>
				other === index ? { ...row, ...change } : row
			)
		);
	}

	function deleteRow( index: number ) {
		const next = rows.filter( ( _row, other ) => other !== index );
		onChange( next );
		focusRow(
			next.length === 0 ? null : Math.min( index, next.length - 1 )
		);
	}

	function addRow() {
		onChange( [ ...rows, EMPTY_ROW ] );
		focusRow( rows.length );
	}

	const unmapped = unmappedContactFields( rows, catalogue );
	const errorId = ( index: number ) =>
		`users-to-contacts-map-error-${ index }`;
	return (
		<div className="users-to-contacts-field-map">
			<p>
				{ __(
					'Each user field on the left fills the contact field on its right (or, where a link’s direction is reversed, the other way round). A field can be mapped only once on each side.',
					'users-to-contacts'
				) }
			</p>
			<p>
				{ __(
					'The email address is always synchronized: a user’s email is their contact’s primary email.',
					'users-to-contacts'
				) }
			</p>
			{ rows.length > 0 ? (
				<table
					ref={ table }
					className="widefat fixed striped users-to-contacts-field-map__table"
				>
					<thead>
						<tr>
							<th scope="col">
								{ __( 'User field', 'users-to-contacts' ) }
							</th>
							<th scope="col">
								{ __( 'Contact field', 'users-to-contacts' ) }
							</th>
							<th
								scope="col"
								className="users-to-contacts-field-map__actions"
							>
								<span className="screen-reader-text">
									{ __( 'Actions', 'users-to-contacts' ) }
								</span>
							</th>
						</tr>
					</thead>
					<tbody>
						{ rows.map( ( row, index ) => {
							const error = rowErrors.get( index );
							const userFields = userFieldOptions(
								rows,
								index,
								catalogue
							);
							const userLabel = labelOf(
								userFields,
								row.user_field
							);
							const contactLabel = labelOf(
								catalogue.contact_fields,
								row.contact_field
							);
							return (
								<tr key={ index }>
									<td
										data-colname={ __(
											'User field',
											'users-to-contacts'
										) }
									>
										<FieldSelect
											side="user"
											index={ index }
											label={ sprintf(
												/* translators: %d: row number. */
												__(
													'User field, row %d',
													'users-to-contacts'
												),
												index + 1
											) }
											placeholder={ __(
												'— Choose a user field —',
												'users-to-contacts'
											) }
											value={ row.user_field }
											invalid={ error?.user ?? false }
											describedBy={
												error
													? errorId( index )
													: undefined
											}
											onChange={ ( value ) =>
												setRow( index, {
													user_field: value,
												} )
											}
										>
											<optgroup
												label={ __(
													'Profile fields',
													'users-to-contacts'
												) }
											>
												{ userFields
													.filter(
														( field ) =>
															field.kind ===
															'core'
													)
													.map( ( field ) => (
														<option
															key={ field.key }
															value={ field.key }
														>
															{ field.label }
														</option>
													) ) }
											</optgroup>
											{ userFields.some(
												( field ) =>
													field.kind === 'meta'
											) && (
												<optgroup
													label={ __(
														'Other user fields on this site',
														'users-to-contacts'
													) }
												>
													{ userFields
														.filter(
															( field ) =>
																field.kind ===
																'meta'
														)
														.map( ( field ) => (
															<option
																key={
																	field.key
																}
																value={
																	field.key
																}
															>
																{ field.label }
															</option>
														) ) }
												</optgroup>
											) }
										</FieldSelect>
									</td>
									<td
										data-colname={ __(
											'Contact field',
											'users-to-contacts'
										) }
									>
										<FieldSelect
											side="contact"
											index={ index }
											label={ sprintf(
												/* translators: %d: row number. */
												__(
													'Contact field, row %d',
													'users-to-contacts'
												),
												index + 1
											) }
											placeholder={ __(
												'— Choose a contact field —',
												'users-to-contacts'
											) }
											value={ row.contact_field }
											invalid={ error?.contact ?? false }
											describedBy={
												error
													? errorId( index )
													: undefined
											}
											onChange={ ( value ) =>
												setRow( index, {
													contact_field: value,
												} )
											}
										>
											{ contactFieldOptions(
												rows,
												index,
												catalogue
											).map( ( field ) => (
												<option
													key={ field.key }
													value={ field.key }
												>
													{ field.label }
												</option>
											) ) }
										</FieldSelect>
										{ error && (
											<p
												id={ errorId( index ) }
												className="users-to-contacts-field-map__error"
											>
												{ error.message }
											</p>
										) }
									</td>
									<td className="users-to-contacts-field-map__actions">
										<button
											type="button"
											className="button-link button-link-delete users-to-contacts-icon-button"
											aria-label={
												row.user_field ||
												row.contact_field
													? sprintf(
															/* translators: 1: user field, 2: contact field. */
															__(
																'Delete the row %1$s → %2$s',
																'users-to-contacts'
															),
															userLabel ||
																__(
																	'(none)',
																	'users-to-contacts'
																),
															contactLabel ||
																__(
																	'(none)',
																	'users-to-contacts'
																)
														)
													: sprintf(
															/* translators: %d: row number. */
															__(
																'Delete row %d',
																'users-to-contacts'
															),
															index + 1
														)
											}
											onClick={ () => deleteRow( index ) }
										>
											<span
												className="dashicons dashicons-trash"
												aria-hidden="true"
											></span>
										</button>
									</td>
								</tr>
							);
						} ) }
					</tbody>
				</table>
			) : (
				<p className="users-to-contacts-field-map__empty">
					<em>
						{ __(
							'No fields are mapped: only the email address is synchronized.',
							'users-to-contacts'
						) }
					</em>
				</p>
			) }
			<p className="users-to-contacts-field-map__buttons">
				<button
					ref={ addButton }
					type="button"
					className="button"
					onClick={ addRow }
					disabled={ ! canAddRow( rows, catalogue ) }
				>
					{ __( 'Add row', 'users-to-contacts' ) }
				</button>{ ' ' }
				<button
					type="button"
					className="button"
					onClick={ () => {
						onChange( catalogue.default_map );
						focusRow( null );
					} }
				>
					{ __( 'Map matching fields', 'users-to-contacts' ) }
				</button>{ ' ' }
				<button
					type="button"
					className="button button-link-delete users-to-contacts-delete-all"
					onClick={ () => setConfirmingDeleteAll( true ) }
					disabled={ rows.length === 0 }
				>
					{ __( 'Delete all', 'users-to-contacts' ) }
				</button>
			</p>
			<p className="description">
				{ unmapped.length === 0
					? __(
							'Every contact field is filled from a user field.',
							'users-to-contacts'
						)
					: sprintf(
							/* translators: %s: list of contact fields. */
							__(
								'Contact fields without a user field are not filled by the synchronization; they stay empty unless someone fills them in Contacts: %s.',
								'users-to-contacts'
							),
							unmapped
								.map( ( field ) => field.label )
								.join( ', ' )
						) }
			</p>
			{ confirmingDeleteAll && (
				<ConfirmDialog
					title={ __(
						'Delete all field mappings?',
						'users-to-contacts'
					) }
					confirmLabel={ __( 'Delete all', 'users-to-contacts' ) }
					onCancel={ () => setConfirmingDeleteAll( false ) }
					onConfirm={ () => {
						setConfirmingDeleteAll( false );
						onChange( [] );
						focusRow( null );
					} }
				>
					<p>
						{ __(
							'Only the email address will be synchronized until you map fields again. Nothing changes until you save.',
							'users-to-contacts'
						) }
					</p>
				</ConfirmDialog>
			) }
		</div>
	);
}
