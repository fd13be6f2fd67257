/**
 * The list's filters (type; created and modified date ranges, B6), applied together with
 * "Filter" as in core's lists. Days are the site's days: the site turns them into times.
 */
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import type { ContactType } from '../../api/contacts';
import { TYPE_LABELS } from './format';
import type { ListState } from './listState';

interface Props {
	state: ListState;
	navigate: ( next: ListState ) => void;
}

type Draft = Pick<
	ListState,
	'type' | 'createdFrom' | 'createdTo' | 'modifiedFrom' | 'modifiedTo'
>;

function draftOf( state: ListState ): Draft {
	return {
		type: state.type,
		createdFrom: state.createdFrom,
		createdTo: state.createdTo,
		modifiedFrom: state.modifiedFrom,
		modifiedTo: state.modifiedTo,
	};
}

const RANGE_ERROR = __(
	'The end date is before the start date.',
	'users-to-contacts'
);

interface RangeProps {
	id: string;
	legend: string;
	from: string;
	to: string;
	invalid: boolean;
	onChange: ( from: string, to: string ) => void;
}

function DateRange( { id, legend, from, to, invalid, onChange }: RangeProps ) {
	const errorId = `${ id }-error`;
	return (
		<fieldset className="users-to-contacts-range">
			<legend>{ legend }</legend>
			<label htmlFor={ `${ id }-from` }>
				{ __( 'from', 'users-to-contacts' ) }
			</label>
			<input
				type="date"
				id={ `${ id }-from` }
				value={ from }
				onChange={ ( event ) => onChange( event.target.value, to ) }
			/>
			<label htmlFor={ `${ id }-to` }>
				{ __( 'to', 'users-to-contacts' ) }
			</label>
			<input
				type="date"
				id={ `${ id }-to` }
				value={ to }
				onChange={ ( event ) => onChange( from, event.target.value ) }
				{ ...( invalid
					? {
							'aria-invalid': true,
							'aria-describedby': errorId,
						}
					: {} ) }
			/>
			{ invalid && (
				<span id={ errorId } className="users-to-contacts-field-error">
					{ RANGE_ERROR }
				</span>
			) }
		</fieldset>
	);
}

export function Filters( { state, navigate }: Props ) {
	const [ draft, setDraft ] = useState< Draft >( draftOf( state ) );
	const [ checked, setChecked ] = useState( false );
	useEffect(
		() => {
			setDraft( draftOf( state ) );
			setChecked( false );
		},
		// The applied filters changed (Filter, back/forward): show them.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[
			state.type,
			state.createdFrom,
			state.createdTo,
			state.modifiedFrom,
			state.modifiedTo,
		]
	);

	const createdInvalid =
		draft.createdFrom !== '' &&
		draft.createdTo !== '' &&
		draft.createdTo < draft.createdFrom;
	const modifiedInvalid =
		draft.modifiedFrom !== '' &&
		draft.modifiedTo !== '' &&
		draft.modifiedTo < draft.modifiedFrom;

	function submit( event: FormEvent ) {
		event.preventDefault();
		setChecked( true );
		if ( createdInvalid ) {
			document.getElementById( 'filter-created-to' )?.focus();
			return;
		}
		if ( modifiedInvalid ) {
			document.getElementById( 'filter-modified-to' )?.focus();
			return;
		}
		navigate( { ...state, ...draft, paged: 1 } );
	}

	return (
		<form className="users-to-contacts-filters" onSubmit={ submit }>
			<label htmlFor="filter-by-type" className="screen-reader-text">
				{ __( 'Filter by type', 'users-to-contacts' ) }
			</label>
			<select
				id="filter-by-type"
				value={ draft.type }
				onChange={ ( event ) =>
					setDraft( {
						...draft,
						type: event.target.value as ContactType | '',
					} )
				}
			>
				<option value="">
					{ __( 'All types', 'users-to-contacts' ) }
				</option>
				{ ( Object.keys( TYPE_LABELS ) as ContactType[] ).map(
					( type ) => (
						<option key={ type } value={ type }>
							{ TYPE_LABELS[ type ] }
						</option>
					)
				) }
			</select>
			<DateRange
				id="filter-created"
				legend={ __( 'Created', 'users-to-contacts' ) }
				from={ draft.createdFrom }
				to={ draft.createdTo }
				invalid={ checked && createdInvalid }
				onChange={ ( createdFrom, createdTo ) =>
					setDraft( { ...draft, createdFrom, createdTo } )
				}
			/>
			<DateRange
				id="filter-modified"
				legend={ __( 'Modified', 'users-to-contacts' ) }
				from={ draft.modifiedFrom }
				to={ draft.modifiedTo }
				invalid={ checked && modifiedInvalid }
				onChange={ ( modifiedFrom, modifiedTo ) =>
					setDraft( { ...draft, modifiedFrom, modifiedTo } )
				}
			/>
			<input
				type="submit"
				id="contact-query-submit"
				className="button"
				value={ __( 'Filter', 'users-to-contacts' ) }
			/>
		</form>
	);
}
