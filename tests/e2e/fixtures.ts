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
	// wp-login.php focuses (and may empty) a field 200 ms after it loads: fill after that, as a
	// person would, or the typing races it.
	await page
		.locator( '#user_login:focus, #user_pass:focus' )
		.waitFor( { timeout: 2000 } )
		.catch( () => undefined );
	const login = page.getByLabel( 'Username or Email Address' );
	const secret = page.getByLabel( 'Password', { exact: true } );
	await login.fill( user ?? site.adminUser );
	await secret.fill( password ?? site.adminPassword );
	await expect( login ).toHaveValue( user ?? site.adminUser );
	await expect( secret ).toHaveValue( password ?? site.adminPassword );
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
