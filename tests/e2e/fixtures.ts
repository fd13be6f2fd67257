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
	await fillWpLoginForm( page, {
		'Username or Email Address': user ?? site.adminUser,
		Password: password ?? site.adminPassword,
	} );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await expect( page ).toHaveURL( /wp-admin/ );
}

/**
 * Fills a wp-login.php form (Log In, Register) by its labels, as a person would: after the
 * page's own script has moved the focus to its first field and selected its text (200 ms after
 * it loads), or typing races it and lands in the wrong box. Checks each field holds its value.
 */
export async function fillWpLoginForm(
	page: Page,
	values: Record< string, string >
): Promise< void > {
	await page
		.locator( '#user_login:focus, #user_pass:focus' )
		.waitFor( { timeout: 2000 } )
		.catch( () => undefined );
	for ( const [ label, value ] of Object.entries( values ) ) {
		await page.getByLabel( label, { exact: true } ).fill( value );
	}
	for ( const [ label, value ] of Object.entries( values ) ) {
		await expect( page.getByLabel( label, { exact: true } ) ).toHaveValue(
			value
		);
	}
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
