/**
 * The All Contacts list's state (view, search, filters, sort, page) and its two spellings: the
 * screen's URL query, so back/forward, reload and shared links keep it, and the REST query of
 * GET /contacts. Pure functions: tests/unit/contacts-list-state.test.ts.
 */
import type {
	ContactListQuery,
	ContactOrderBy,
	ContactType,
} from '../../api/contacts';

export type LinkedView = 'all' | 'linked' | 'not_linked';

/** The sortable columns, as the URL names them. */
export type SortColumn = 'name' | 'created' | 'modified';

export interface ListState {
	search: string;
	view: LinkedView;
	type: ContactType | '';
	/** Days (YYYY-MM-DD) of the site's time zone, or ''. */
	createdFrom: string;
	createdTo: string;
	modifiedFrom: string;
	modifiedTo: string;
	/** Only the contacts this run created (B6), or null. */
	run: number | null;
	orderby: SortColumn;
	order: 'asc' | 'desc';
	/** From 1. */
	paged: number;
}

/** The admin page of the list. */
export const LIST_PAGE = 'users-to-contacts';

/** Contacts per page, as core's lists show by default. */
export const PER_PAGE = 20;

export const DEFAULT_STATE: ListState = {
	search: '',
	view: 'all',
	type: '',
	createdFrom: '',
	createdTo: '',
	modifiedFrom: '',
	modifiedTo: '',
	run: null,
	orderby: 'name',
	order: 'asc',
	paged: 1,
};

const TYPES: readonly ContactType[] = [
	'individual',
	'organization',
	'household',
];

const SORT_COLUMNS: Record< SortColumn, ContactOrderBy > = {
	name: 'display_name',
	created: 'created',
	modified: 'modified',
};

/** The order a column sorts in when first clicked: newest first for dates, A to Z for names. */
export function firstOrder( column: SortColumn ): 'asc' | 'desc' {
	return column === 'name' ? 'asc' : 'desc';
}

function day( value: string | null ): string {
	return value !== null && /^\d{4}-\d{2}-\d{2}$/.test( value ) ? value : '';
}

function positiveInteger( value: string | null ): number | null {
	if ( value === null || ! /^\d+$/.test( value ) ) {
		return null;
	}
	const number = Number( value );
	return number >= 1 && Number.isSafeInteger( number ) ? number : null;
}

function isType( value: string | null ): value is ContactType {
	return TYPES.includes( value as ContactType );
}

function isSortColumn( value: string | null ): value is SortColumn {
	return value === 'name' || value === 'created' || value === 'modified';
}

/** Reads the state from a query string such as `location.search`; what it cannot read is left at its default. */
export function parseListState( query: string ): ListState {
	const params = new URLSearchParams( query );
	const linked = params.get( 'linked' );
	let view: LinkedView = 'all';
	if ( linked === '1' ) {
		view = 'linked';
	} else if ( linked === '0' ) {
		view = 'not_linked';
	}
	const type = params.get( 'contact_type' );
	const orderby = params.get( 'orderby' );
	const column = isSortColumn( orderby ) ? orderby : DEFAULT_STATE.orderby;
	const order = params.get( 'order' );
	return {
		search: ( params.get( 's' ) ?? '' ).trim(),
		view,
		type: isType( type ) ? type : '',
		createdFrom: day( params.get( 'created_from' ) ),
		createdTo: day( params.get( 'created_to' ) ),
		modifiedFrom: day( params.get( 'modified_from' ) ),
		modifiedTo: day( params.get( 'modified_to' ) ),
		run: positiveInteger( params.get( 'created_by_run' ) ),
		orderby: column,
		order:
			order === 'asc' || order === 'desc' ? order : firstOrder( column ),
		paged: positiveInteger( params.get( 'paged' ) ) ?? 1,
	};
}

/** The screen's query string for a state (`page=users-to-contacts` first; defaults left out). */
export function listStateToQuery( state: ListState ): string {
	const params = new URLSearchParams( { page: LIST_PAGE } );
	const set = ( name: string, value: string ) => {
		if ( value !== '' ) {
			params.set( name, value );
		}
	};
	set( 's', state.search );
	set( 'linked', { all: '', linked: '1', not_linked: '0' }[ state.view ] );
	set( 'contact_type', state.type );
	set( 'created_from', state.createdFrom );
	set( 'created_to', state.createdTo );
	set( 'modified_from', state.modifiedFrom );
	set( 'modified_to', state.modifiedTo );
	set( 'created_by_run', state.run === null ? '' : String( state.run ) );
	if (
		state.orderby !== DEFAULT_STATE.orderby ||
		state.order !== DEFAULT_STATE.order
	) {
		params.set( 'orderby', state.orderby );
		params.set( 'order', state.order );
	}
	set( 'paged', state.paged > 1 ? String( state.paged ) : '' );
	return params.toString();
}

/** The screen's URL (relative to wp-admin/) for a state. */
export function listUrl( state: ListState ): string {
	return `admin.php?${ listStateToQuery( state ) }`;
}

/** GET /contacts's query for a state. */
export function restQuery( state: ListState ): ContactListQuery {
	const query: ContactListQuery = {
		page: state.paged,
		per_page: PER_PAGE,
		orderby: SORT_COLUMNS[ state.orderby ],
		order: state.order,
	};
	if ( state.search !== '' ) {
		query.search = state.search;
	}
	if ( state.view !== 'all' ) {
		query.linked = state.view === 'linked';
	}
	if ( state.type !== '' ) {
		query.type = state.type;
	}
	if ( state.createdFrom !== '' ) {
		query.created_after = state.createdFrom;
	}
	if ( state.createdTo !== '' ) {
		query.created_before = state.createdTo;
	}
	if ( state.modifiedFrom !== '' ) {
		query.modified_after = state.modifiedFrom;
	}
	if ( state.modifiedTo !== '' ) {
		query.modified_before = state.modifiedTo;
	}
	if ( state.run !== null ) {
		query.run = state.run;
	}
	return query;
}

/** Whether anything narrows the list (then an empty list means "none found", not "none yet"). */
export function isFiltered( state: ListState ): boolean {
	return (
		state.search !== '' ||
		state.view !== 'all' ||
		state.type !== '' ||
		state.createdFrom !== '' ||
		state.createdTo !== '' ||
		state.modifiedFrom !== '' ||
		state.modifiedTo !== '' ||
		state.run !== null
	);
}
