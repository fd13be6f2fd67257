import { backoffDelay } from '../../src/engine/backoff';
import {
	formatDuration,
	progressFigures,
	renderProgressLine,
} from '../../src/engine/progress';

describe( 'progress figures', () => {
	it( 'computes rate and ETA from what is done so far', () => {
		const figures = progressFigures( 4500, 10000, 2000 );
		expect( figures.fraction ).toBeCloseTo( 0.45 );
		expect( figures.rate ).toBe( 2250 );
		expect( figures.etaSeconds ).toBeCloseTo( 5500 / 2250 );
	} );

	it( 'has no ETA before anything is done, and is complete when there is nothing to do', () => {
		expect( progressFigures( 0, 100, 0 ).etaSeconds ).toBeNull();
		expect( progressFigures( 0, 0, 10 ).fraction ).toBe( 1 );
	} );

	it( 'renders a line a person can read', () => {
		expect(
			renderProgressLine( progressFigures( 4500, 10000, 2000 ), 20 )
		).toBe(
			'[#########-----------]  45% 4,500/10,000 users  2,250/s  ETA 2s'
		);
		expect( formatDuration( 65 ) ).toBe( '1m 05s' );
		expect( formatDuration( null ) ).toBe( '—' );
	} );
} );

describe( 'backoff', () => {
	it( 'grows exponentially, is capped at 30 s, and jitters within half to all of the delay', () => {
		expect( backoffDelay( 0, () => 0 ) ).toBe( 250 );
		expect( backoffDelay( 0, () => 1 ) ).toBe( 500 );
		expect( backoffDelay( 3, () => 1 ) ).toBe( 4000 );
		expect( backoffDelay( 20, () => 1 ) ).toBe( 30000 );
		expect( backoffDelay( 20, () => 0 ) ).toBe( 15000 );
	} );
} );
