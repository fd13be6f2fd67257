/**
 * The Synchronize screen's pages sized by time: about 0.45 s each, within bounds.
 */
import { createPageSizer } from '../../src/admin/sync/pageSizer';

it( 'sizes the next page for about 0.45 s at the speed the last one went', () => {
	const sizer = createPageSizer( { startedAt: 0 } );
	expect( sizer.next() ).toBe( 1000 );
	// 1,000 users in 0.5 s: 2,000 users a second, so 900 fit in 0.45 s.
	sizer.pageDone( 1000, 500 );
	expect( sizer.next() ).toBe( 900 );
	// A slow page (900 users in 0.9 s) makes the next one smaller.
	sizer.pageDone( 900, 1400 );
	expect( sizer.next() ).toBe( 500 );
} );

it( 'stays between 250 and 5,000 users', () => {
	const sizer = createPageSizer( { startedAt: 0 } );
	sizer.pageDone( 1000, 10 );
	expect( sizer.next() ).toBe( 5000 );
	sizer.pageDone( 5000, 100010 );
	expect( sizer.next() ).toBe( 250 );
	// An empty page (the end) changes nothing.
	sizer.pageDone( 0, 100020 );
	expect( sizer.next() ).toBe( 250 );
} );
