import { checkEmail, normalizeEmail } from '../../src/engine/email';
import { EMAIL_CORNER_CASES } from '../support/emailCornerCases';

describe( 'R1 email comparison', () => {
	it.each( [
		[ '  Ada@Example.COM ', 'ada@example.com' ],
		[ 'ADA@EXAMPLE.COM', 'ada@example.com' ],
		[ 'ada+news@example.co.uk', 'ada+news@example.co.uk' ],
	] )( 'normalises %j to %j', ( raw, expected ) => {
		expect( normalizeEmail( raw ) ).toBe( expected );
		expect( checkEmail( raw ) ).toEqual( { ok: true, email: expected } );
	} );

	it( 'trims and lower-cases as PHP does: only ASCII white space and letters', () => {
		expect( normalizeEmail( '\t\r\n a@example.com \0\x0B' ) ).toBe(
			'a@example.com'
		);
		expect( normalizeEmail( '\u00a0a@example.com' ) ).toBe(
			'\u00a0a@example.com'
		);
		expect( normalizeEmail( 'ÜSER@EXAMPLE.COM' ) ).toBe(
			'Üser@example.com'
		);
	} );

	it.each( [
		[ '', 'empty_email' ],
		[ '   ', 'empty_email' ],
		[ null, 'empty_email' ],
		[ 'no-at-sign', 'invalid_email' ],
		[ '@example.com', 'invalid_email' ],
		[ 'ada@', 'invalid_email' ],
		[ 'ada@localhost', 'invalid_email' ],
		[ 'ada@exa mple.com', 'invalid_email' ],
		[ 'ada@-example.com', 'invalid_email' ],
		[ `${ 'a'.repeat( 250 ) }@example.com`, 'invalid_email' ],
	] )( 'refuses %j as %s', ( raw, reason ) => {
		expect( checkEmail( raw ) ).toEqual( { ok: false, reason } );
	} );
} );

describe( 'one email rule with WordPress (is_email)', () => {
	it.each( EMAIL_CORNER_CASES )( '%j is valid: %s', ( raw, valid ) => {
		expect( checkEmail( raw ).ok ).toBe( valid );
	} );
} );
