/**
 * The Sign up form as a visitor without an account uses it: in a block theme (the block) and in
 * the classic theme (the shortcode); the contact it makes, seen as the admin; refusals next to
 * their fields; the 21st signup from one address; a bot caught by the hidden field.
 * Screenshots at 1280 and 390 px in test-results/screenshots/.
 */
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { rest, runPhp } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';
import { screenshots } from './ownSite';
import { createFormPage, THEMES, useTheme } from './visitorSite';
import type { VisitorPage } from './visitorSite';

const THANKS = 'Thank you for signing up. We have received your details.';
// Chromium logs every refused request itself; these are the refusals the tests provoke.
const REFUSED_400 =
	'Failed to load resource: the server responded with a status of 400 (Bad Request)';
const REFUSED_429 =
	'Failed to load resource: the server responded with a status of 429 (Too Many Requests)';

interface Contact {
	id: number;
	first_name: string;
	last_name: string;
	emails: Array< { email: string } >;
}

let previousTheme = '';
let blockPage: VisitorPage;
let shortcodePage: VisitorPage;
let counter = 0;

function uniqueEmail( name: string ): string {
	counter += 1;
	return `${ name }.${ Date.now().toString( 36 ) }.${ counter }@example.net`;
}

function newRateWindow() {
	runPhp(
		"\\UsersToContacts\\Frontend\\SignupRateLimit::forget( '127.0.0.1' );"
	);
}

async function contactsWith( email: string ): Promise< Contact[] > {
	const found = await rest< Contact[] >( '/users-to-contacts/v1/contacts', {
		query: { search: email, per_page: '100' },
	} );
	return found.body.filter( ( contact ) =>
		contact.emails.some(
			( held ) => held.email === email.trim().toLowerCase()
		)
	);
}

/** A visitor's page (no login), collecting console errors. */
async function visitorOn( browser: Browser, where: VisitorPage, width = 1280 ) {
	const context = await browser.newContext( {
		viewport: { width, height: 900 },
	} );
	const page = await context.newPage();
	const errors = collectConsoleErrors( page );
	await page.goto( where.path );
	await expect(
		page.getByRole( 'button', { name: 'Sign up' } )
	).toBeVisible();
	return { context, page, errors };
}

async function fillForm(
	page: Page,
	values: { first?: string; last?: string; email?: string }
) {
	await page.getByLabel( 'First name' ).fill( values.first ?? '' );
	await page.getByLabel( 'Last name' ).fill( values.last ?? '' );
	await page.getByLabel( 'Email address' ).fill( values.email ?? '' );
}

/** The form's message above the fields (its live region). */
function notice( page: Page ) {
	return page.locator( '.users-to-contacts-form' ).getByRole( 'status' );
}

/**
 * Expects a field marked invalid with this message, read through its aria-describedby as a
 * screen reader reads it.
 */
async function expectFieldError( page: Page, label: string, message: string ) {
	const input = page.getByLabel( label );
	await expect( input ).toHaveAttribute( 'aria-invalid', 'true' );
	const id = ( await input.getAttribute( 'aria-describedby' ) ) ?? '';
	await expect(
		page.locator( `[id="${ id.split( ' ' )[ 0 ] }"]` )
	).toHaveText( message );
}

test.describe( 'Sign up form', () => {
	test.beforeAll( async () => {
		previousTheme = useTheme( THEMES.twentyTwentyThree );
		blockPage = await createFormPage( 'signup', 'block', 'Join our list' );
		shortcodePage = await createFormPage(
			'signup',
			'shortcode',
			'Join our list (shortcode)'
		);
	} );

	test.beforeEach( newRateWindow );

	test.afterAll( () => {
		newRateWindow();
		useTheme( previousTheme );
	} );

	test( 'in a block theme: a signup makes a contact; the same email again in other case updates its names', async ( {
		browser,
	} ) => {
		const { context, page, errors } = await visitorOn( browser, blockPage );
		const email = uniqueEmail( 'Rosalind.Franklin' );
		await screenshots( page, 'signup-empty-twentytwentythree' );
		await fillForm( page, {
			first: 'Rosalind',
			last: 'Franklin',
			email,
		} );
		await page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( page ) ).toHaveText( THANKS );
		// The form is empty again for the next person.
		await expect( page.getByLabel( 'Email address' ) ).toHaveValue( '' );
		await screenshots( page, 'signup-thanks-twentytwentythree' );
		const [ made, ...more ] = await contactsWith( email );
		expect( more ).toHaveLength( 0 );
		expect( made ).toMatchObject( {
			first_name: 'Rosalind',
			last_name: 'Franklin',
			emails: [ { email: email.toLowerCase() } ],
		} );

		// Again, the address in capitals with spaces around it: the same words, one contact.
		await page.reload();
		await fillForm( page, {
			first: 'Rosalind Elsie',
			last: 'Franklin',
			email: `  ${ email.toUpperCase() } `,
		} );
		await page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( page ) ).toHaveText( THANKS );
		const after = await contactsWith( email );
		expect( after ).toHaveLength( 1 );
		expect( after[ 0 ] ).toMatchObject( {
			id: made?.id,
			first_name: 'Rosalind Elsie',
		} );
		expect( errors ).toEqual( [] );
		await context.close();
	} );

	test( 'refuses an invalid email, an overlong name and markup in a name next to each field, keyboard on the first; nothing saved', async ( {
		browser,
	} ) => {
		const { context, page, errors } = await visitorOn( browser, blockPage );
		const email = uniqueEmail( 'refused' );
		// An empty form is stopped in the browser, naming what is missing.
		await page.getByLabel( 'First name' ).focus();
		await page.keyboard.press( 'Enter' );
		await expectFieldError(
			page,
			'First name',
			'Please enter your first name.'
		);
		await expectFieldError(
			page,
			'Email address',
			'Please enter your email address.'
		);
		await expect( page.getByLabel( 'First name' ) ).toBeFocused();

		await fillForm( page, {
			first: '<b>Bold</b>',
			last: 'L'.repeat( 101 ),
			email: 'not an address',
		} );
		// Keyboard only: Tab from the last field reaches the button, Enter sends.
		await page.getByLabel( 'Email address' ).focus();
		await page.keyboard.press( 'Tab' );
		await expect(
			page.getByRole( 'button', { name: 'Sign up' } )
		).toBeFocused();
		await page.keyboard.press( 'Enter' );
		await expect( notice( page ) ).toHaveText(
			'Please correct the fields marked below.'
		);
		await expectFieldError(
			page,
			'First name',
			'First name cannot contain the characters < or >.'
		);
		await expectFieldError(
			page,
			'Last name',
			'Last name must be at most 100 characters long.'
		);
		await expectFieldError(
			page,
			'Email address',
			'Please enter a valid email address, such as name@example.com.'
		);
		await expect( page.getByLabel( 'First name' ) ).toBeFocused();
		// What the visitor typed stays, to be corrected.
		await expect( page.getByLabel( 'First name' ) ).toHaveValue(
			'<b>Bold</b>'
		);
		await screenshots( page, 'signup-errors-twentytwentythree' );

		// A valid address with markup left in the last name: still nothing is stored.
		await fillForm( page, {
			first: 'Ann',
			last: '<img src=x onerror=alert(1)>',
			email,
		} );
		await page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expectFieldError(
			page,
			'Last name',
			'Last name cannot contain the characters < or >.'
		);
		await expect( page.getByLabel( 'First name' ) ).not.toHaveAttribute(
			'aria-invalid',
			'true'
		);
		expect( await contactsWith( email ) ).toHaveLength( 0 );
		expect( errors ).toEqual( [ REFUSED_400, REFUSED_400 ] );
		await context.close();
	} );

	test( 'the 21st signup from one address within the hour is refused with a clear message', async ( {
		browser,
	} ) => {
		const { context, page, errors } = await visitorOn( browser, blockPage );
		// Twenty signups from this address, sent by the page itself (its nonce, its address).
		const statuses = await page.evaluate( async () => {
			const wp = (
				window as unknown as {
					wp: {
						apiFetch: ( options: object ) => Promise< Response >;
					};
				}
			 ).wp;
			const answers: number[] = [];
			for ( let index = 0; index < 20; index += 1 ) {
				const response = await wp.apiFetch( {
					path: '/users-to-contacts/v1/signup',
					method: 'POST',
					data: {
						first_name: 'Crowd',
						last_name: String( index ),
						email: `crowd.${ Date.now() }.${ index }@example.net`,
					},
					parse: false,
				} );
				answers.push( response.status );
			}
			return answers;
		} );
		expect( statuses ).toEqual( Array( 20 ).fill( 200 ) );
		const email = uniqueEmail( 'late' );
		await fillForm( page, { first: 'Late', last: 'Comer', email } );
		await page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( page ) ).toHaveText(
			/^Too many sign-ups have come from your network in the last hour\. Please try again in (60|59) minutes\.$/
		);
		// What the visitor typed is still there for later.
		await expect( page.getByLabel( 'Email address' ) ).toHaveValue( email );
		await screenshots( page, 'signup-too-many' );
		expect( await contactsWith( email ) ).toHaveLength( 0 );
		expect( errors ).toEqual( [ REFUSED_429 ] );
		await context.close();
	} );

	test( 'a bot that fills the hidden field gets the same thanks and nothing is stored', async ( {
		browser,
	} ) => {
		const { context, page, errors } = await visitorOn( browser, blockPage );
		const trap = page.locator( 'input[name="homepage"]' );
		// People never reach it: not by Tab, not by a screen reader.
		await expect( trap ).toHaveAttribute( 'tabindex', '-1' );
		await expect(
			page.locator( '.users-to-contacts-trap' )
		).toHaveAttribute( 'aria-hidden', 'true' );
		const email = uniqueEmail( 'bot' );
		await fillForm( page, { first: 'Spam', last: 'Bot', email } );
		await trap.fill( 'http://cheap-pills.example.com' );
		await page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( page ) ).toHaveText( THANKS );
		expect( await contactsWith( email ) ).toHaveLength( 0 );
		expect( errors ).toEqual( [] );
		await context.close();
	} );

	test( 'works in the classic theme (Twenty Twenty-One, shortcode) and in Twenty Twenty-Two (block), also on a phone', async ( {
		browser,
	} ) => {
		useTheme( THEMES.twentyTwentyOne );
		const classic = await visitorOn( browser, shortcodePage );
		// A classic theme: no block template around the content.
		await expect( classic.page.locator( '.wp-site-blocks' ) ).toHaveCount(
			0
		);
		await screenshots( classic.page, 'signup-empty-twentytwentyone' );
		const email = uniqueEmail( 'classic' );
		await fillForm( classic.page, {
			first: 'Classic',
			last: 'Visitor',
			email,
		} );
		await classic.page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( classic.page ) ).toHaveText( THANKS );
		await fillForm( classic.page, { first: 'Classic', email: 'x@' } );
		await classic.page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expectFieldError(
			classic.page,
			'Email address',
			'Please enter a valid email address, such as name@example.com.'
		);
		await screenshots( classic.page, 'signup-errors-twentytwentyone' );
		expect( await contactsWith( email ) ).toHaveLength( 1 );
		expect( classic.errors ).toEqual( [ REFUSED_400 ] );
		await classic.context.close();

		useTheme( THEMES.twentyTwentyTwo );
		const phone = await visitorOn( browser, blockPage, 390 );
		const phoneEmail = uniqueEmail( 'phone' );
		await fillForm( phone.page, {
			first: 'Pocket',
			last: 'Visitor',
			email: phoneEmail,
		} );
		await phone.page.getByRole( 'button', { name: 'Sign up' } ).click();
		await expect( notice( phone.page ) ).toHaveText( THANKS );
		// Nothing sticks out sideways on a phone.
		const overflow = await phone.page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect( overflow ).toBeLessThanOrEqual( 0 );
		await phone.page.setViewportSize( { width: 1280, height: 900 } );
		await screenshots( phone.page, 'signup-thanks-twentytwentytwo' );
		expect( await contactsWith( phoneEmail ) ).toHaveLength( 1 );
		expect( phone.errors ).toEqual( [] );
		await phone.context.close();
	} );

	test( 'in the block editor, the page shows the Sign up block for what it is, and the inserter offers both forms', async ( {
		browser,
	} ) => {
		const context = await browser.newContext( {
			viewport: { width: 1280, height: 900 },
		} );
		// The editor's welcome guide shows pictures from wordpress.org, out of this machine's
		// reach: they are answered empty here, so only the site's own failures would show.
		await context.route(
			( url ) => ! url.hostname.startsWith( '127.0.0.1' ),
			( route ) => route.fulfill( { status: 204, body: '' } )
		);
		const page = await context.newPage();
		const errors = collectConsoleErrors( page );
		await logIn( page );
		await page.goto(
			`/wp-admin/post.php?post=${ blockPage.id }&action=edit`
		);
		await expect(
			page.getByText(
				'Visitors see a form here to leave their first name, last name and email address without creating an account. Preview or publish the page to see it.'
			)
		).toBeVisible();
		const offered = await page.evaluate( () => {
			const blocks = (
				window as unknown as {
					wp: {
						blocks: {
							getBlockType: (
								name: string
							) => { title: string } | undefined;
						};
					};
				}
			 ).wp.blocks;
			return [
				'users-to-contacts/signup',
				'users-to-contacts/my-details',
			].map( ( name ) => blocks.getBlockType( name )?.title );
		} );
		expect( offered ).toEqual( [ 'Sign up', 'My details' ] );
		// Closes the welcome guide if it is open (the editor shows it once per person).
		await page.keyboard.press( 'Escape' );
		await page.screenshot( {
			path: 'test-results/screenshots/signup-block-editor.png',
		} );
		expect( errors ).toEqual( [] );
		await context.close();
	} );
} );
