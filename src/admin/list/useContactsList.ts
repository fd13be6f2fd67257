/**
 * The list's state in the URL and the data that goes with it: the page of contacts, the views'
 * counts and the run of a "created by run" filter. Navigating pushes the new query string onto
 * the browser's history; back and forward bring the state back (popstate).
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { getContactCounts, listContacts } from '../../api/contacts';
import type { Contact, ContactCounts } from '../../api/contacts';
import { getRun } from '../../api/runs';
import type { Run } from '../../api/runs';
import type { Transport } from '../../api/transport';
import { listUrl, parseListState, restQuery } from './listState';
import type { ListState } from './listState';

export interface ListPage {
	items: Contact[];
	total: number;
	totalPages: number;
}

export interface ContactsList {
	state: ListState;
	navigate: ( next: ListState ) => void;
	/** The page shown; null before the first answer. */
	page: ListPage | null;
	loading: boolean;
	error: string | null;
	counts: ContactCounts | null;
	run: Run | null | 'missing';
	/** Loads the page and the counts again (after a deletion). */
	reload: () => void;
}

function messageOf( error: unknown ): string {
	return error instanceof Error ? error.message : String( error );
}

export function useContactsList( transport: Transport ): ContactsList {
	const [ state, setState ] = useState< ListState >( () =>
		parseListState( window.location.search )
	);
	const [ page, setPage ] = useState< ListPage | null >( null );
	// What the page shown answers: while it is not the state asked for, the list is loading
	// (known in the same render as the navigation, so the table is never idle in between).
	const [ answered, setAnswered ] = useState< {
		state: ListState;
		reloads: number;
	} | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ counts, setCounts ] = useState< ContactCounts | null >( null );
	const [ run, setRun ] = useState< Run | null | 'missing' >( null );
	const [ reloads, setReloads ] = useState( 0 );
	// Only the answer to the latest request is shown.
	const latest = useRef( 0 );

	const navigate = useCallback( ( next: ListState ) => {
		const url = listUrl( next );
		// The same list again (a view clicked twice) loads it afresh without a history entry.
		if ( window.location.href.endsWith( `/${ url }` ) ) {
			window.history.replaceState( null, '', url );
		} else {
			window.history.pushState( null, '', url );
		}
		setState( next );
	}, [] );

	useEffect( () => {
		const onPopState = () =>
			setState( parseListState( window.location.search ) );
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [] );

	useEffect( () => {
		const request = ++latest.current;
		listContacts( transport, restQuery( state ) ).then(
			( answer ) => {
				if ( request !== latest.current ) {
					return;
				}
				// Past the last page (a deletion emptied it, an old link): show the last one.
				if (
					answer.items.length === 0 &&
					answer.totalPages > 0 &&
					state.paged > answer.totalPages
				) {
					const last = { ...state, paged: answer.totalPages };
					window.history.replaceState( null, '', listUrl( last ) );
					setState( last );
					return;
				}
				setPage( answer );
				setError( null );
				setAnswered( { state, reloads } );
			},
			( failure: unknown ) => {
				if ( request === latest.current ) {
					setError( messageOf( failure ) );
					setAnswered( { state, reloads } );
				}
			}
		);
	}, [ transport, state, reloads ] );

	useEffect( () => {
		getContactCounts( transport ).then( setCounts, () =>
			setCounts( null )
		);
	}, [ transport, reloads ] );

	useEffect( () => {
		setRun( null );
		if ( state.run === null ) {
			return;
		}
		let current = true;
		getRun( transport, state.run ).then(
			( answer ) => current && setRun( answer ),
			// Without its date the notice still says what is shown.
			() => current && setRun( 'missing' )
		);
		return () => {
			current = false;
		};
	}, [ transport, state.run ] );

	const reload = useCallback(
		() => setReloads( ( count ) => count + 1 ),
		[]
	);

	const loading =
		answered === null ||
		answered.state !== state ||
		answered.reloads !== reloads;
	return { state, navigate, page, loading, error, counts, run, reload };
}
