/**
 * The Contacts menu opens All Contacts, the TypeScript app, rendered on the WordPress this
 * machine runs (6.1).
 */
import { expect, test } from '@playwright/test';
import { createUser } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';

test( 'an administrator opens Contacts from the admin menu and sees the list', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'Contacts' } )
		.first()
		.click();
	await expect( page ).toHaveURL( /admin\.php\?page=users-to-contacts$/ );
	await expect(
		page.getByRole( 'heading', { name: 'Contacts', level: 1 } )
	).toBeVisible();
	// The numbers come from the REST routes through api-fetch, so the whole chain worked.
	await expect( page.locator( '.tablenav.top .displaying-num' ) ).toHaveText(
		/^\d[\d,]* items?$/
	);
	await expect( page.locator( 'ul.subsubsub' ) ).toContainText(
		/All \(\d[\d,]*\) \| Linked \(\d[\d,]*\) \| Not linked \(\d[\d,]*\)/
	);
	expect( errors ).toEqual( [] );
} );

test( 'a subscriber has no Contacts menu and cannot open the page', async ( {
	page,
} ) => {
	// Created through the REST API as the admin, then logged in through the form.
	const subscriber = await createUser( 'subscriber' );
	await logIn( page, subscriber.login, 'secret-password-123' );
	await expect(
		page.locator( '#adminmenu' ).getByRole( 'link', { name: 'Contacts' } )
	).toHaveCount( 0 );
	const response = await page.goto(
		'/wp-admin/admin.php?page=users-to-contacts'
	);
	expect( response?.status() ).toBe( 403 );
	await expect(
		page.getByText( 'Sorry, you are not allowed to access this page.' )
	).toBeVisible();
} );
