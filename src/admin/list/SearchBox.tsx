/**
 * "Search Contacts" (names and every email, any letter case), as core's `search-box`.
 */
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import type { ListState } from './listState';

interface Props {
	state: ListState;
	navigate: ( next: ListState ) => void;
}

export function SearchBox( { state, navigate }: Props ) {
	const [ typed, setTyped ] = useState( state.search );
	// Back/forward brings another search: show it.
	useEffect( () => setTyped( state.search ), [ state.search ] );

	function submit( event: FormEvent ) {
		event.preventDefault();
		navigate( { ...state, search: typed.trim(), paged: 1 } );
	}
	return (
		<form
			className="users-to-contacts-search"
			role="search"
			onSubmit={ submit }
		>
			<p className="search-box">
				<label
					className="screen-reader-text"
					htmlFor="contact-search-input"
				>
					{ __( 'Search Contacts:', 'users-to-contacts' ) }
				</label>
				<input
					type="search"
					id="contact-search-input"
					name="s"
					value={ typed }
					onChange={ ( event ) => setTyped( event.target.value ) }
				/>{ ' ' }
				<input
					type="submit"
					id="search-submit"
					className="button"
					value={ __( 'Search Contacts', 'users-to-contacts' ) }
				/>
			</p>
		</form>
	);
}
