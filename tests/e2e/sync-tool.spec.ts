/**
 * "Synchronize Users to Contacts" in wp-admin: the engine runs in the admin's browser.
 */
import { expect, test } from '@playwright/test';
import { createUser, rest } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';

test( 'an administrator confirms, watches the progress and reads the exact summary', async ( {
	page,
} ) => {
	// Nothing processes events during the e2e run, so this user is not linked yet.
	const newcomer = await createUser( 'subscriber' );
	expect(
		( await rest( `/users-to-contacts/v1/links/${ newcomer.id }` ) ).status
	).toBe( 404 );

	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( '/wp-admin/admin.php?page=users-to-contacts' );
	await page
		.getByRole( 'button', { name: 'Synchronize Users to Contacts…' } )
		.click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Synchronize Users to Contacts?',
	} );
	await expect( dialog ).toBeVisible();
	// Cancel changes nothing.
	await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
	await expect( dialog ).toBeHidden();
	expect(
		( await rest( `/users-to-contacts/v1/links/${ newcomer.id }` ) ).status
	).toBe( 404 );

	await page
		.getByRole( 'button', { name: 'Synchronize Users to Contacts…' } )
		.click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Start' } )
		.click();
	const bar = page.getByRole( 'progressbar', {
		name: 'Synchronization progress',
	} );
	await expect( bar ).toBeVisible();
	await expect(
		page.getByTestId( 'users-to-contacts-sync-summary' )
	).toHaveText(
		/^Synchronize Users to Contacts completed\. Checked \d+ user records\. Found \d+ matching contact records\. Created \d+ new contact records\.$/,
		{ timeout: 30000 }
	);
	// The summary replaces the progress bar.
	await expect( bar ).toHaveCount( 0 );

	const link = await rest< { contact_id: number } >(
		`/users-to-contacts/v1/links/${ newcomer.id }`
	);
	expect( link.status ).toBe( 200 );
	expect( errors ).toEqual( [] );
} );

test( 'with no sidecar running, waiting events are shown and can be processed in the browser', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	// Runners other suites left behind (or test heartbeats) say goodbye: no sidecar is running.
	const runners = await rest<
		Array< { runner: string; kind: string; alive: boolean } >
	>( '/users-to-contacts/v1/events/heartbeat' );
	for ( const runner of runners.body.filter( ( entry ) => entry.alive ) ) {
		await rest( '/users-to-contacts/v1/events/heartbeat', {
			method: 'POST',
			body: { runner: runner.runner, kind: runner.kind, stopping: true },
		} );
	}
	// A registration while nothing processes events: it waits, visibly.
	const newcomer = await createUser( 'subscriber' );
	await logIn( page );
	await page.goto( '/wp-admin/admin.php?page=users-to-contacts' );
	const status = page.locator( '.users-to-contacts-runner-status' );
	await expect(
		status.getByText( 'No sidecar is running', { exact: false } ).first()
	).toBeVisible();
	const pending = status.getByTestId( 'users-to-contacts-pending' );
	await expect( pending ).toHaveText(
		/^[1-9]\d* events? (is|are) waiting\.$/
	);
	const before = await pending.textContent();
	await status.getByRole( 'button', { name: 'Process them now' } ).click();
	// The browser linked the newcomer, and the count went down (events other suites left waiting
	// for a retry may remain).
	await expect
		.poll(
			async () =>
				( await rest( `/users-to-contacts/v1/links/${ newcomer.id }` ) )
					.status,
			{ timeout: 30000 }
		)
		.toBe( 200 );
	await expect( pending ).not.toHaveText( before ?? '', { timeout: 10000 } );
	expect( errors ).toEqual( [] );
} );
