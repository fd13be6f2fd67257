/**
 * The All Contacts list's state in the URL and in the REST query (src/admin/list/listState.ts).
 */
import {
	DEFAULT_STATE,
	isFiltered,
	listStateToQuery,
	listUrl,
	parseListState,
	restQuery,
} from '../../src/admin/list/listState';
import type { ListState } from '../../src/admin/list/listState';

const EVERYTHING: ListState = {
	search: 'ada@example.com',
	view: 'not_linked',
	type: 'household',
	createdFrom: '2026-01-01',
	createdTo: '2026-01-31',
	modifiedFrom: '2026-02-01',
	modifiedTo: '2026-02-28',
	run: 12,
	orderby: 'created',
	order: 'asc',
	paged: 3,
};

describe( 'the list state in the URL', () => {
	it( 'reads the bare screen as the defaults: every contact, by name A to Z, page 1', () => {
		expect( parseListState( '?page=users-to-contacts' ) ).toEqual(
			DEFAULT_STATE
		);
		expect( listUrl( DEFAULT_STATE ) ).toBe(
			'admin.php?page=users-to-contacts'
		);
		expect( isFiltered( DEFAULT_STATE ) ).toBe( false );
	} );

	it( 'writes every filter and reads it back the same', () => {
		const query = listStateToQuery( EVERYTHING );
		expect( query ).toBe(
			'page=users-to-contacts&s=ada%40example.com&linked=0&contact_type=household&created_from=2026-01-01&created_to=2026-01-31&modified_from=2026-02-01&modified_to=2026-02-28&created_by_run=12&orderby=created&order=asc&paged=3'
		);
		expect( parseListState( `?${ query }` ) ).toEqual( EVERYTHING );
		expect( isFiltered( EVERYTHING ) ).toBe( true );
	} );

	it( 'reads the link the Synchronize screen gives (B6)', () => {
		const state = parseListState(
			'?page=users-to-contacts&created_by_run=42'
		);
		expect( state ).toEqual( { ...DEFAULT_STATE, run: 42 } );
		expect( restQuery( state ) ).toEqual( {
			page: 1,
			per_page: 20,
			orderby: 'display_name',
			order: 'asc',
			run: 42,
		} );
	} );

	it( 'leaves out what it cannot read instead of sending it to the site', () => {
		expect(
			parseListState(
				'?page=users-to-contacts&linked=maybe&contact_type=robot&created_from=yesterday&created_to=2026-1-1&created_by_run=-3&orderby=email&order=sideways&paged=0'
			)
		).toEqual( DEFAULT_STATE );
		expect(
			parseListState( '?created_by_run=1.5&paged=abc' ).run
		).toBeNull();
	} );

	it( 'sorts dates newest first when a date column is first chosen', () => {
		expect( parseListState( '?orderby=modified' ) ).toMatchObject( {
			orderby: 'modified',
			order: 'desc',
		} );
		expect( parseListState( '?orderby=name' ).order ).toBe( 'asc' );
	} );

	it( 'trims the search', () => {
		expect( parseListState( '?s=%20%20grace%20' ).search ).toBe( 'grace' );
	} );
} );

describe( 'the REST query of a state', () => {
	it( 'sends the views as linked true or false, and days as days', () => {
		expect( restQuery( EVERYTHING ) ).toEqual( {
			page: 3,
			per_page: 20,
			orderby: 'created',
			order: 'asc',
			search: 'ada@example.com',
			linked: false,
			type: 'household',
			created_after: '2026-01-01',
			created_before: '2026-01-31',
			modified_after: '2026-02-01',
			modified_before: '2026-02-28',
			run: 12,
		} );
		expect( restQuery( { ...DEFAULT_STATE, view: 'linked' } ).linked ).toBe(
			true
		);
		expect( restQuery( DEFAULT_STATE ) ).not.toHaveProperty( 'linked' );
	} );
} );
