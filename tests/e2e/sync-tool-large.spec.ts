/**
 * "Synchronize Users to Contacts" over 20,000 users in the browser, on a site of this spec's
 * own: the progress moves every second, Pause stops it within a second, a reload mid-run
 * offers Resume, and the resumed run ends with counts that add up (B5).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
	adminPageOn,
	ownRest,
	ownSql,
	screenshots,
	setBackgroundProcessing,
	startOwnSite,
	stopOwnSite,
} from './ownSite';
import type { OwnSite } from './ownSite';

const USERS = 20000;
const CONTACTS = 8000;
const INVALID = 20;
const SYNC_SCREEN = '/wp-admin/admin.php?page=users-to-contacts-sync';

let site: OwnSite;

test.beforeAll( async () => {
	site = startOwnSite();
	setBackgroundProcessing( site, false );
	// Users large1..large20000 (the last 20 with an address that is no email), contacts holding
	// the addresses of the first 8,000 (the way bench/sync.mjs seeds, in a second).
	ownSql(
		site,
		`INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
		 SELECT CONCAT('large', seq), '', CONCAT('large', seq),
		   IF( seq > ${ USERS - INVALID }, CONCAT('large', seq, '.example.com'), CONCAT('large', seq, '@example.com') ),
		   UTC_TIMESTAMP(), CONCAT('Large ', seq) FROM seq_1_to_${ USERS };
		 INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
		 SELECT ID, 'wp_capabilities', 'a:1:{s:10:"subscriber";b:1;}' FROM wp_users WHERE user_login LIKE 'large%';
		 INSERT INTO wp_utc_contacts (type, first_name, display_name, notes, created, modified)
		 SELECT 'individual', CONCAT('Large ', seq), CONCAT('Large ', seq), '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_${ CONTACTS };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT c.id, u.user_email, 1, c.id FROM wp_utc_contacts c JOIN wp_users u ON u.user_login = CONCAT('large', c.id);`
	);
	// These users came from an import, not from an administrator's hand: trust their addresses
	// (R6's setting), so the matches link instead of waiting for confirmation.
	const settings = await ownRest( site, '/users-to-contacts/v1/settings', {
		method: 'PUT',
		body: { trust_all_emails: true },
	} );
	expect( settings.status ).toBe( 200 );
} );

test.afterAll( () => {
	if ( site ) {
		stopOwnSite( site.dir );
	}
} );

/** The users checked so far, read from the progress line ("Checked 4,000 of 20,001 …"). */
async function checkedSoFar( page: Page ): Promise< number > {
	const text =
		( await page
			.getByTestId( 'users-to-contacts-sync-progress' )
			.textContent() ) ?? '';
	const match = /Checked ([\d,]+) of/.exec( text );
	return match ? Number( match[ 1 ]?.replace( /,/g, '' ) ) : -1;
}

test( '20,000 users: progress every second, Pause within a second, reload and Resume, counts that add up', async ( {
	browser,
} ) => {
	test.setTimeout( 240000 );
	const { page, errors } = await adminPageOn( browser, site );
	// A slow site: every batch answers 400 ms late (this machine syncs 20,000 users in about two
	// seconds, too fast to pause by hand; a busy site or CI is slower). The screen sizes its
	// pages by time, so the count still moves and Pause still lands within a second.
	await page.route(
		( url ) => /bulk\/apply/.test( decodeURIComponent( url.href ) ),
		async ( route ) => {
			await new Promise( ( resolve ) => setTimeout( resolve, 400 ) );
			// The page may have gone meanwhile (the reload below).
			await route.continue().catch( () => undefined );
		}
	);
	await page.goto( SYNC_SCREEN );
	await page
		.getByRole( 'button', { name: 'Synchronize Users to Contacts…' } )
		.click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Start' } )
		.click();
	await expect(
		page.getByTestId( 'users-to-contacts-sync-progress' )
	).toContainText( 'Checked', { timeout: 30000 } );

	// What the admin reads, sampled in the page every 50 ms for 3 s: it changes at least once a
	// second (the speed and time left every second, the count with every page applied).
	const samples = await page.evaluate( async () => {
		const read = ( testId: string ) =>
			document.querySelector( `[data-testid="${ testId }"]` )
				?.textContent ?? '';
		const seen: Array< { at: number; checked: string; text: string } > = [];
		const began = performance.now();
		while ( performance.now() - began < 3000 ) {
			const checked = read( 'users-to-contacts-sync-progress' );
			const text = `${ checked } ${ read( 'users-to-contacts-sync-speed' ) }`;
			if ( seen[ seen.length - 1 ]?.text !== text ) {
				seen.push( { at: performance.now(), checked, text } );
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
		}
		seen.push( { at: performance.now(), checked: '', text: '' } );
		return seen;
	} );
	const gaps = samples
		.slice( 1 )
		.map( ( sample, index ) => sample.at - ( samples[ index ]?.at ?? 0 ) );
	const counts = new Set(
		samples.map( ( sample ) => sample.checked ).filter( Boolean )
	);
	// eslint-disable-next-line no-console -- the figures the report quotes.
	console.log(
		`Progress: the text changed ${ gaps.length - 1 } times in 3 s, at most ${ Math.round(
			Math.max( ...gaps )
		) } ms apart; the count showed ${ counts.size } values; ${ await page
			.getByTestId( 'users-to-contacts-sync-speed' )
			.textContent() }`
	);
	expect( Math.max( ...gaps ) ).toBeLessThanOrEqual( 1200 );
	expect( counts.size ).toBeGreaterThanOrEqual( 3 );
	await screenshots( page, 'sync-running' );

	// Pause: the button says so at once, and the run stops within a second.
	const pausedAt = Date.now();
	await page.getByRole( 'button', { name: 'Pause', exact: true } ).click();
	await expect(
		page
			.getByRole( 'button', { name: 'Pausing…' } )
			.or( page.getByRole( 'heading', { name: 'Paused' } ) )
	).toBeVisible();
	await expect(
		page.getByRole( 'heading', { name: 'Paused' } )
	).toBeVisible();
	const pauseMs = Date.now() - pausedAt;
	const paused = await ownRest<
		{
			status: string;
			counts: { checked: number };
		}[]
	>( site, '/users-to-contacts/v1/runs', { query: 'per_page=1' } );
	expect( paused.body[ 0 ]?.status ).toBe( 'paused' );
	const checkedWhenPaused = paused.body[ 0 ]?.counts.checked ?? 0;
	expect( checkedWhenPaused ).toBeLessThan( USERS );
	// eslint-disable-next-line no-console -- the figures the report quotes.
	console.log(
		`Pause took ${ pauseMs } ms (click to "Paused"), after ${ checkedWhenPaused } users.`
	);
	expect( pauseMs ).toBeLessThan( 1000 );
	// Nothing moves while paused (a page still in flight would show within a second).
	await new Promise( ( resolve ) => setTimeout( resolve, 1000 ) );
	const stillPaused = await ownRest< { counts: { checked: number } }[] >(
		site,
		'/users-to-contacts/v1/runs',
		{ query: 'per_page=1' }
	);
	expect( stillPaused.body[ 0 ]?.counts.checked ).toBe( checkedWhenPaused );
	await screenshots( page, 'sync-paused' );

	// Resume, then leave mid-run (a reload): the screen offers the interrupted run.
	await page.getByRole( 'button', { name: 'Resume' } ).click();
	await expect
		.poll( () => checkedSoFar( page ), { timeout: 30000 } )
		.toBeGreaterThan( checkedWhenPaused + 1000 );
	await page.reload();
	const waiting = page.getByTestId( 'users-to-contacts-sync-waiting' );
	await expect(
		page.getByRole( 'heading', {
			name: 'A synchronization did not finish',
		} )
	).toBeVisible();
	await expect( waiting ).toContainText(
		/The synchronization started by admin on .+ stopped after checking [\d,]+ of 20,001 user records\./
	);
	await screenshots( page, 'sync-interrupted' );

	// Resume carries on to the end; the counts add up.
	const resumedAt = Date.now();
	await page.getByRole( 'button', { name: 'Resume' } ).click();
	const summary = page.getByTestId( 'users-to-contacts-sync-summary' );
	await expect( summary ).toHaveText(
		`Synchronize Users to Contacts completed. Checked ${
			USERS + 1
		} user records. Found ${ CONTACTS } matching contact records. Created ${
			USERS + 1 - CONTACTS - INVALID
		} new contact records.`,
		{ timeout: 180000 }
	);
	const runs = await ownRest<
		{
			id: number;
			total: number;
			counts: {
				checked: number;
				matched: number;
				created: number;
				skipped: number;
			};
		}[]
	>( site, '/users-to-contacts/v1/runs', { query: 'per_page=1' } );
	const run = runs.body[ 0 ];
	expect( run?.counts.checked ).toBe( USERS + 1 );
	expect( run?.counts.skipped ).toBe( INVALID );
	expect(
		( run?.counts.matched ?? 0 ) +
			( run?.counts.created ?? 0 ) +
			( run?.counts.skipped ?? 0 )
	).toBe( run?.counts.checked );
	// eslint-disable-next-line no-console -- the figures the report quotes.
	console.log(
		`The resumed part took ${ Date.now() - resumedAt } ms (to the summary).`
	);
	// The skipped users, with the reason in words.
	const skipped = page.getByTestId( 'users-to-contacts-sync-skipped' );
	await expect( skipped.locator( 'tbody tr' ) ).toHaveCount( INVALID );
	await expect( skipped.locator( 'tbody tr' ).first() ).toContainText(
		'the email address is not valid'
	);
	await screenshots( page, 'sync-summary-large' );
	expect( errors ).toEqual( [] );
} );
