/**
 * Shared steps: logging in through wp-login.php like a person, and collecting console errors.
 */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { testSite } from '../support/site';

export async function logIn(
	page: Page,
	user?: string,
	password?: string
): Promise< void > {
	const site = testSite();
	await page.goto( '/wp-login.php' );
	await page
		.getByLabel( 'Username or Email Address' )
		.fill( user ?? site.adminUser );
	await page
		.getByLabel( 'Password', { exact: true } )
		.fill( password ?? site.adminPassword );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await expect( page ).toHaveURL( /wp-admin/ );
}

/**
 * Records console errors and uncaught exceptions from the moment it is called.
 */
export function collectConsoleErrors( page: Page ): string[] {
	const errors: string[] = [];
	page.on( 'console', ( message ) => {
		if ( message.type() === 'error' ) {
			errors.push( message.text() );
		}
	} );
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );
	return errors;
}
