import { checkEmail, normalizeEmail } from '../../src/engine/email';

describe( 'R1 email comparison', () => {
	it.each( [
		[ '  Ada@Example.COM ', 'ada@example.com' ],
		[ 'ADA@EXAMPLE.COM', 'ada@example.com' ],
		[ 'ada+news@example.co.uk', 'ada+news@example.co.uk' ],
	] )( 'normalises %j to %j', ( raw, expected ) => {
		expect( normalizeEmail( raw ) ).toBe( expected );
		expect( checkEmail( raw ) ).toEqual( { ok: true, email: expected } );
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
		[ 'ada..b@example.com', 'invalid_email' ],
		[ 'ada@-example.com', 'invalid_email' ],
		[ `${ 'a'.repeat( 250 ) }@example.com`, 'invalid_email' ],
	] )( 'refuses %j as %s', ( raw, reason ) => {
		expect( checkEmail( raw ) ).toEqual( { ok: false, reason } );
	} );
} );
