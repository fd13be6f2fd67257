/**
 * "Bulk actions" and Apply, as core's `bulkactions`; the list confirms before deleting.
 */
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';

interface Props {
	which: 'top' | 'bottom';
	onApply: ( action: 'delete' ) => void;
	/** Counts the bulk actions carried out: each starts the menu again from "Bulk actions". */
	done: number;
}

export function BulkActions( { which, onApply, done }: Props ) {
	const [ action, setAction ] = useState( '-1' );
	// As after core's action and reload; a cancelled one leaves the choice for another Apply.
	useEffect( () => setAction( '-1' ), [ done ] );
	const id = `bulk-action-selector-${ which }`;

	function submit( event: FormEvent ) {
		event.preventDefault();
		if ( action === 'delete' ) {
			onApply( action );
		}
	}
	return (
		<form className="alignleft actions bulkactions" onSubmit={ submit }>
			<label htmlFor={ id } className="screen-reader-text">
				{ __( 'Select bulk action', 'users-to-contacts' ) }
			</label>
			<select
				id={ id }
				value={ action }
				onChange={ ( event ) => setAction( event.target.value ) }
			>
				<option value="-1">
					{ __( 'Bulk actions', 'users-to-contacts' ) }
				</option>
				<option value="delete">
					{ __( 'Delete', 'users-to-contacts' ) }
				</option>
			</select>{ ' ' }
			<input
				type="submit"
				id={ which === 'top' ? 'doaction' : 'doaction2' }
				className="button action"
				value={ __( 'Apply', 'users-to-contacts' ) }
			/>
		</form>
	);
}
