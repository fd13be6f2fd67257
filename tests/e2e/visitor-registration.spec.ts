/**
 * Registration through WordPress's own form (wp-login.php?action=register) with the plugin as
 * it is: with the sidecar running the new user is linked in real time; without it the
 * registration waits, visibly, in the admin, and is linked once an administrator's page
 * processes the waiting work. Screenshots at 1280 and 390 px.
 */
import { expect, test } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { eventually, userIdOf } from '../support/people';
import { startWatch } from '../support/sidecar';
import { rest, testSite } from '../support/site';
import { collectConsoleErrors, fillWpLoginForm, logIn } from './fixtures';
import { screenshots, setBackgroundProcessing } from './ownSite';
import type { OwnSite } from './ownSite';

/** The shared e2e site, for setBackgroundProcessing (it needs only the WordPress folder). */
function sharedSite(): OwnSite {
	return testSite() as unknown as OwnSite;
}

let counter = 0;

/** A visitor registers in the browser, as anyone can on a site that allows it. */
async function registerInBrowser( browser: Browser ) {
	counter += 1;
	const login = `visitor_${ Date.now().toString( 36 ) }_${ counter }`;
	const email = `${ login }@example.com`;
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = collectConsoleErrors( page );
	await page.goto( '/wp-login.php?action=register' );
	await fillWpLoginForm( page, { Username: login, Email: email } );
	await page.getByRole( 'button', { name: 'Register' } ).click();
	await expect( page.locator( '#login .message' ) ).toContainText(
		'Registration complete.'
	);
	expect( errors ).toEqual( [] );
	await context.close();
	return { login, email, id: await userIdOf( login ) };
}

async function linkStatus( userId: number ): Promise< number > {
	return ( await rest( `/users-to-contacts/v1/links/${ userId }` ) ).status;
}

test.describe( 'Registration through wp-login.php', () => {
	// Only what this spec starts processes events: no administrator page does meanwhile. The
	// test without a sidecar comes first: a sidecar stays "heard from" for a minute after it stops.
	test.beforeAll( () => setBackgroundProcessing( sharedSite(), false ) );

	test.afterAll( () => setBackgroundProcessing( sharedSite(), true ) );

	test( 'without a sidecar, the registration waits visibly in the admin, then an administrator page links it', async ( {
		browser,
	} ) => {
		test.setTimeout( 90000 );
		const person = await registerInBrowser( browser );
		// Nothing runs: a moment later it is still not linked.
		await new Promise( ( resolve ) => setTimeout( resolve, 1500 ) );
		expect( await linkStatus( person.id ) ).toBe( 404 );

		const context = await browser.newContext( {
			viewport: { width: 1280, height: 900 },
		} );
		const page = await context.newPage();
		const errors = collectConsoleErrors( page );
		await logIn( page );
		await page.goto(
			`/wp-admin/users.php?s=${ encodeURIComponent( person.login ) }`
		);
		await expect(
			page
				.locator( 'tr', { hasText: person.login } )
				.locator( 'td.column-users_to_contacts_contact' )
		).toContainText( 'Not linked' );

		// Administrator pages process waiting work again (the site's default). Held back for a
		// moment here, a Contacts screen says the registration waits; then it goes through.
		setBackgroundProcessing( sharedSite(), true );
		let release: () => void = () => undefined;
		const held = new Promise< void >(
			( resolve ) => ( release = resolve )
		);
		await context.route(
			( url ) => /events\/claim/.test( decodeURIComponent( url.href ) ),
			async ( route ) => {
				await held;
				await route.continue();
			}
		);
		await page.goto( '/wp-admin/admin.php?page=users-to-contacts' );
		await expect(
			page.getByTestId( 'users-to-contacts-runner-status' )
		).toHaveText(
			/^Automatic linking is not running: [1-9]\d* user changes? (is|are) waiting\./,
			{ timeout: 15000 }
		);
		await screenshots( page, 'registration-waiting' );
		expect( await linkStatus( person.id ) ).toBe( 404 );
		release();
		await eventually(
			async () =>
				( await linkStatus( person.id ) ) === 200 ? true : undefined,
			30000,
			'The link made from the Contacts screen'
		);
		await page.goto(
			`/wp-admin/users.php?s=${ encodeURIComponent( person.login ) }`
		);
		const contactCell = page
			.locator( 'tr', { hasText: person.login } )
			.locator( 'td.column-users_to_contacts_contact' );
		await expect( contactCell ).not.toContainText( 'Not linked' );
		await expect(
			contactCell.locator( 'a[href*="page=users-to-contacts-edit"]' )
		).toBeVisible();
		await screenshots( page, 'registration-linked-users-list' );
		expect( errors ).toEqual( [] );
		await context.close();
		setBackgroundProcessing( sharedSite(), false );
	} );

	test( 'with the sidecar running, the new user is linked to a new contact in real time', async ( {
		browser,
	} ) => {
		const watcher = await startWatch();
		try {
			const person = await registerInBrowser( browser );
			const { ms } = await eventually(
				async () =>
					( await linkStatus( person.id ) ) === 200
						? true
						: undefined,
				5000,
				'The link'
			);
			expect( ms ).toBeLessThan( 3000 );
			const link = await rest< { contact_id: number } >(
				`/users-to-contacts/v1/links/${ person.id }`
			);
			const contact = await rest< {
				emails: Array< { email: string } >;
			} >( `/users-to-contacts/v1/contacts/${ link.body.contact_id }` );
			expect( contact.body.emails ).toEqual( [
				expect.objectContaining( { email: person.email } ),
			] );
		} finally {
			await watcher.stop();
		}
	} );
} );
