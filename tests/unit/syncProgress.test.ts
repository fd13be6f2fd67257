/**
 * The Synchronize screen's words for a running batch (how far, how fast, how long still) and for
 * why a user was skipped.
 */
import {
	NO_COUNTS,
	checkedInWords,
	figures,
	speedInWords,
	timeLeftInWords,
} from '../../src/admin/sync/progressWords';
import { skipReason } from '../../src/admin/common/skipReasons';

describe( 'progress figures', () => {
	it( 'counts the whole run, and measures speed on this page’s share only', () => {
		// Resumed after 4,000 users; this page checked 2,000 more in 2 s.
		const figure = figures(
			{
				total: 20000,
				before: { ...NO_COUNTS, checked: 4000 },
				session: { ...NO_COUNTS, checked: 2000 },
				startedAt: 10000,
			},
			12000
		);
		expect( figure ).toEqual( {
			checked: 6000,
			total: 20000,
			percent: 30,
			rate: 1000,
			secondsLeft: 14,
		} );
		expect( checkedInWords( figure ) ).toBe(
			'Checked 6,000 of 20,000 user records (30%).'
		);
		expect( speedInWords( figure ) ).toBe(
			'1,000 users per second, about 14 seconds left.'
		);
	} );

	it( 'says it is measuring before the first page is in', () => {
		const figure = figures(
			{ total: 10, before: NO_COUNTS, session: NO_COUNTS, startedAt: 0 },
			500
		);
		expect( figure.rate ).toBeNull();
		expect( speedInWords( figure ) ).toBe( 'Measuring the speed…' );
	} );

	it( 'never shows more checked than the total, nor a total below what was checked', () => {
		const figure = figures(
			{
				total: 5,
				before: NO_COUNTS,
				session: { ...NO_COUNTS, checked: 7 },
				startedAt: 0,
			},
			1000
		);
		expect( figure.checked ).toBe( 5 );
		expect( figure.percent ).toBe( 100 );
	} );

	it( 'rounds the time left to words', () => {
		expect( timeLeftInWords( 0.2 ) ).toBe( 'about 1 second left' );
		expect( timeLeftInWords( 45 ) ).toBe( 'about 45 seconds left' );
		expect( timeLeftInWords( 150 ) ).toBe( 'about 3 minutes left' );
		expect( timeLeftInWords( 60 ) ).toBe( 'about 1 minute left' );
		expect( timeLeftInWords( 7200 ) ).toBe( 'about 2 hours left' );
	} );
} );

describe( 'why a user was skipped', () => {
	it( 'says the engine’s and the site’s reasons in words, R6 included', () => {
		expect( skipReason( 'email_unverified' ) ).toBe(
			'waiting for email confirmation'
		);
		expect( skipReason( 'invalid_email' ) ).toBe(
			'the email address is not valid'
		);
		expect( skipReason( 'candidate_linked_to_other_user' ) ).toBe(
			'the contact with this email address is linked to another user'
		);
	} );

	it( 'shows the site’s own sentence as it is, and no unknown code', () => {
		expect( skipReason( 'The phone number is too long.' ) ).toBe(
			'The phone number is too long.'
		);
		expect( skipReason( 'some_new_code' ) ).toBe(
			'the site could not synchronize this user'
		);
	} );
} );
