/**
 * Contacts › Synchronize: "Synchronize Users to Contacts" (B5) as an administrator uses it, on a
 * site of this spec's own (the tool checks every user of the site, so the numbers need a known
 * set of users): preview, confirm, progress, the exact summary, the contacts it created, past
 * runs. tests/e2e/sync-tool-large.spec.ts runs it over 20,000 users (pause, reload, resume).
 */
import { expect, test } from '@playwright/test';
import type { Browser } from '@playwright/test';
import {
	adminPageOn,
	ownPhp,
	ownRest,
	ownSql,
	screenshots,
	setBackgroundProcessing,
	startOwnSite,
	stopOwnSite,
} from './ownSite';
import type { OwnSite } from './ownSite';

const SYNC_SCREEN = '/wp-admin/admin.php?page=users-to-contacts-sync';

let site: OwnSite;

test.describe.configure( { mode: 'serial' } );

test.beforeAll( () => {
	site = startOwnSite();
	// Nothing processes events: the users below wait unlinked for the batch tool.
	setBackgroundProcessing( site, false );
} );

test.afterAll( () => {
	if ( site ) {
		stopOwnSite( site.dir );
	}
} );

function adminPage( browser: Browser ) {
	return adminPageOn( browser, site );
}

async function createUser( login: string, email: string ) {
	// Created by the administrator: their addresses count as confirmed (R6).
	const created = await ownRest< { id: number } >( site, '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email,
			password: 'secret-password-123',
			name: login,
		},
	} );
	expect( created.status ).toBe( 201 );
	return created.body.id;
}

async function createContact( name: string, email: string ) {
	const created = await ownRest< { id: number } >(
		site,
		'/users-to-contacts/v1/contacts',
		{
			method: 'POST',
			body: {
				type: 'individual',
				first_name: name,
				emails: [ { email, primary: true } ],
			},
		}
	);
	expect( created.status ).toBe( 201 );
	return created.body.id;
}

test( 'preview, confirm, progress, the exact summary and the contacts the run created', async ( {
	browser,
} ) => {
	// 5 users: the admin and 4 new ones. 3 have a contact holding their email: the admin (who
	// confirmed their address), Ann, and Bob (his address in other letter case).
	const adminEmail = ownPhp(
		site,
		"echo get_userdata( 1 )->user_email; UsersToContacts\\Email\\EmailOwnership::mark_verified( 1, get_userdata( 1 )->user_email, 'administrator' );"
	);
	const stamp = Date.now().toString( 36 );
	await createUser( `ann_${ stamp }`, `ann.${ stamp }@example.com` );
	await createUser( `bob_${ stamp }`, `Bob.Case.${ stamp }@Example.COM` );
	await createUser( `carol_${ stamp }`, `carol.${ stamp }@example.com` );
	await createUser( `dave_${ stamp }`, `dave.${ stamp }@example.com` );
	await createContact( 'Site admin', adminEmail );
	await createContact( 'Ann', `ann.${ stamp }@example.com` );
	const bobContact = await createContact(
		'Bob',
		`bob.case.${ stamp }@example.com`
	);
	// Names with markup (as an import could store them) show as text.
	ownSql(
		site,
		`UPDATE wp_users SET display_name = '<script>window.__syncXss = 1</script>Carol' WHERE user_login = 'carol_${ stamp }';
		 UPDATE wp_utc_contacts SET display_name = '<img src=x onerror="window.__syncXss = 2">Bob' WHERE id = ${ bobContact };`
	);

	const { page, errors } = await adminPage( browser );
	await page.goto( SYNC_SCREEN );
	await expect(
		page.getByRole( 'heading', {
			name: 'Synchronize Users to Contacts',
			level: 1,
		} )
	).toBeVisible();
	await expect(
		page.getByTestId( 'users-to-contacts-past-runs' )
	).toContainText( 'has not run yet' );
	await screenshots( page, 'sync-start' );

	// Preview: what would happen, nothing written.
	// With the keyboard: Tab reaches Preview, which shows its focus, and Enter starts it.
	const previewButton = page.getByRole( 'button', {
		name: 'Preview',
		exact: true,
	} );
	await page.locator( 'h1' ).click();
	await expect
		.poll(
			async () => {
				await page.keyboard.press( 'Tab' );
				return previewButton.evaluate(
					( button ) => button === button.ownerDocument.activeElement
				);
			},
			{ intervals: [ 0 ], timeout: 10000 }
		)
		.toBe( true );
	expect(
		await previewButton.evaluate(
			( button ) => getComputedStyle( button ).boxShadow
		)
	).not.toBe( 'none' );
	await page.keyboard.press( 'Enter' );
	await expect(
		page.getByRole( 'heading', { name: 'Preview', exact: true } )
	).toBeVisible( { timeout: 30000 } );
	await expect(
		page.getByTestId( 'users-to-contacts-sync-matched' )
	).toHaveText(
		'3 users would be linked to the contact with their email address'
	);
	await expect(
		page.getByTestId( 'users-to-contacts-sync-created' )
	).toHaveText( '2 users would get a new contact' );
	await expect(
		page.getByTestId( 'users-to-contacts-sync-skipped' )
	).toHaveText( '0 users would be skipped' );
	const matched = page.getByTestId( 'users-to-contacts-sync-sample-matched' );
	await expect( matched.locator( 'tbody tr' ) ).toHaveCount( 3 );
	await expect( matched ).toContainText( `ann_${ stamp }` );
	await expect( matched ).toContainText( `bob_${ stamp }` );
	await expect( matched ).toContainText( 'Site admin' );
	await expect( matched ).toContainText(
		'<img src=x onerror="window.__syncXss = 2">Bob'
	);
	const created = page.getByTestId( 'users-to-contacts-sync-sample-created' );
	await expect( created.locator( 'tbody tr' ) ).toHaveCount( 2 );
	await expect( created ).toContainText(
		'<script>window.__syncXss = 1</script>Carol'
	);
	await expect( page.locator( 'tbody img, tbody script' ) ).toHaveCount( 0 );
	expect(
		await page.evaluate(
			() => ( window as unknown as { __syncXss?: number } ).__syncXss
		)
	).toBeUndefined();
	await expect( created ).toContainText( `dave_${ stamp }` );
	const links = await ownRest< unknown[] >(
		site,
		'/users-to-contacts/v1/links'
	);
	expect( links.body ).toEqual( [] );
	await screenshots( page, 'sync-preview' );

	// Confirm; Cancel changes nothing.
	const synchronize = page.getByRole( 'button', {
		name: 'Synchronize Users to Contacts…',
	} );
	await synchronize.click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Synchronize Users to Contacts?',
	} );
	await expect( dialog ).toContainText(
		'3 users will be linked to the contact with their email address, 2 will get a new contact, and 0 will be skipped'
	);
	await screenshots( page, 'sync-confirm' );
	await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
	await expect( dialog ).toBeHidden();
	await synchronize.click();
	await dialog.getByRole( 'button', { name: 'Start' } ).click();

	const summary = page.getByTestId( 'users-to-contacts-sync-summary' );
	await expect( summary ).toHaveText(
		'Synchronize Users to Contacts completed. Checked 5 user records. Found 3 matching contact records. Created 2 new contact records.',
		{ timeout: 30000 }
	);
	// The progress bar made way for the summary.
	await expect( page.getByRole( 'progressbar' ) ).toHaveCount( 0 );
	await screenshots( page, 'sync-summary' );

	// Past runs: the run and its preview, newest first.
	const pastRuns = page.getByTestId( 'users-to-contacts-past-runs' );
	const rows = pastRuns.locator( 'tbody tr' );
	await expect( rows ).toHaveCount( 2 );
	await expect( rows.nth( 0 ) ).toContainText( 'Completed' );
	await expect( rows.nth( 0 ) ).toContainText( 'admin' );
	await expect( rows.nth( 0 ) ).toContainText(
		'Found 3 matching contact records.'
	);
	await expect( rows.nth( 1 ) ).toContainText( 'Preview: Completed' );
	await pastRuns.scrollIntoViewIfNeeded();
	await screenshots( page, 'sync-past-runs' );
	// On a phone, a row opens its details as core's list tables do.
	await page.setViewportSize( { width: 390, height: 844 } );
	await rows
		.nth( 0 )
		.getByRole( 'button', { name: 'Show more details' } )
		.click();
	await expect( rows.nth( 0 ).locator( 'td.column-summary' ) ).toBeVisible();
	await page.screenshot( {
		path: 'test-results/screenshots/sync-past-runs-390-details.png',
		fullPage: true,
	} );
	await page.setViewportSize( { width: 1280, height: 900 } );

	// The created contacts: exactly Carol's and Dave's.
	const runs = await ownRest< Array< { id: number; dry_run: boolean } > >(
		site,
		'/users-to-contacts/v1/runs'
	);
	const runId = runs.body.find( ( run ) => ! run.dry_run )?.id;
	const view = page.getByRole( 'link', {
		name: 'View the 2 contacts this run created',
	} );
	await expect( view ).toHaveAttribute(
		'href',
		`admin.php?page=users-to-contacts&created_by_run=${ runId }`
	);
	const byRun = await ownRest<
		Array< { emails: Array< { email: string } > } >
	>( site, '/users-to-contacts/v1/contacts', { query: `run=${ runId }` } );
	expect(
		byRun.body.map( ( contact ) => contact.emails[ 0 ]?.email ).sort()
	).toEqual( [
		`carol.${ stamp }@example.com`,
		`dave.${ stamp }@example.com`,
	] );
	await view.click();
	await expect( page ).toHaveURL( new RegExp( `created_by_run=${ runId }` ) );
	// The list shows exactly those two (by their email: a created contact's name may come
	// from the user's name or email).
	await expect
		.poll( async () =>
			(
				await page
					.locator( '.wp-list-table tbody a[href^="mailto:"]' )
					.allTextContents()
			).sort()
		)
		.toEqual( [
			`carol.${ stamp }@example.com`,
			`dave.${ stamp }@example.com`,
		] );
	expect( errors ).toEqual( [] );
} );
