/**
 * The admin's progress bar: the components package's ProgressBar when the page has one, the
 * native element otherwise, labelled either way.
 */
import { renderToString } from '@wordpress/element';

function loadWith( components: Record< string, unknown > ) {
	type Module = typeof import( '../../src/admin/ProgressBar' );
	let loaded: Module | undefined;
	jest.isolateModules( () => {
		jest.doMock( '@wordpress/components', () => components );
		loaded = jest.requireActual< Module >( '../../src/admin/ProgressBar' );
	} );
	if ( ! loaded ) {
		throw new Error( 'ProgressBar did not load' );
	}
	return loaded.ProgressBar;
}

afterEach( () => jest.dontMock( '@wordpress/components' ) );

it( 'uses the components ProgressBar where WordPress has it, on its 0–100 scale', () => {
	const received: unknown[] = [];
	const ProgressBar = loadWith( {
		ProgressBar: ( props: Record< string, unknown > ) => {
			received.push( props );
			return null;
		},
	} );
	renderToString( <ProgressBar done={ 30 } total={ 120 } label="Sync" /> );
	expect( received ).toEqual( [ { value: 25, 'aria-label': 'Sync' } ] );
} );

it( 'falls back to the native element, with its label and value, on older WordPress', () => {
	const ProgressBar = loadWith( {} );
	expect(
		renderToString( <ProgressBar done={ 30 } total={ 120 } label="Sync" /> )
	).toBe( '<progress max="120" value="30" aria-label="Sync"></progress>' );
} );

it( 'shows an empty bar before the total is known', () => {
	const ProgressBar = loadWith( {} );
	expect(
		renderToString( <ProgressBar done={ 0 } total={ 0 } label="Sync" /> )
	).toBe( '<progress max="1" value="0" aria-label="Sync"></progress>' );
} );
