/**
 * My details as a visitor sees it (issue 11): the reference 001 story end to end (an anonymous
 * signup, a registration with the same email in other letter case, the password set through the
 * mailed link, log in, My details), the same with "when to link" = CRM action only (B3), one
 * visitor against another's contact, refusals next to their field, and both kinds of theme.
 */
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import {
	linkIn,
	passwordMailTo,
	setPasswordThroughMailedLink,
} from '../support/mail';
import { eventually, registerThroughForm } from '../support/people';
import { startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';
import { createUser, rest, runPhp, testSite } from '../support/site';
import { collectConsoleErrors, fillWpLoginForm, logIn } from './fixtures';
import { SETTINGS_SCREEN, freshSettings, screenshot } from './settingsSteps';
import {
	CLASSIC_THEME,
	THEMES,
	activeTheme,
	createFormPage,
	// Named like a React hook, which it is not: the alias keeps the hooks lint rule quiet.
	useTheme as switchTheme,
} from './visitorSite';
import type { Theme, VisitorPage } from './visitorSite';

const NS = '/users-to-contacts/v1';
const PASSWORD = 'a-Visitor-password-2026';
/** A guard against a stuck sidecar, not a speed target. */
const SYNC_WAIT_MS = 20000;

let watcher: Watcher | null = null;
let themeBefore = '';
/** My details as a block (block themes) and as a shortcode (the classic theme), and Sign up. */
let blockPage: VisitorPage;
let shortcodePage: VisitorPage;
let signupPage: VisitorPage;

/** The page showing My details in `theme`, which it makes the active one. */
function myDetailsIn( theme: Theme ): string {
	switchTheme( theme );
	return ( theme === CLASSIC_THEME ? shortcodePage : blockPage ).path;
}

test.beforeAll( async () => {
	themeBefore = activeTheme();
	blockPage = await createFormPage( 'my-details', 'block', 'My details' );
	shortcodePage = await createFormPage(
		'my-details',
		'shortcode',
		'My details'
	);
	signupPage = await createFormPage( 'signup', 'block', 'Sign up' );
	watcher = await startWatch();
} );

test.afterAll( async () => {
	await watcher?.stop();
	await freshSettings();
	switchTheme( themeBefore );
} );

function unique( what: string ): string {
	return `${ what }${ Date.now().toString( 36 ) }${ Math.floor(
		Math.random() * 1000
	) }`;
}

async function shoot( page: Page, name: string ): Promise< void > {
	// A full-page shot of a scrolled page draws the fixed admin bar half-way down.
	await page.evaluate( () => window.scrollTo( 0, 0 ) );
	await page.setViewportSize( { width: 1280, height: 900 } );
	await page.screenshot( {
		path: `test-results/screenshots/visitor-my-details-${ name }.png`,
		fullPage: true,
	} );
	await page.setViewportSize( { width: 390, height: 844 } );
	await page.screenshot( {
		path: `test-results/screenshots/visitor-my-details-${ name }-390.png`,
		fullPage: true,
	} );
	await page.setViewportSize( { width: 1280, height: 900 } );
}

/** The anonymous signup of the 001 story, through the Sign up form in a browser of its own. */
async function signUpAnonymously(
	browser: Browser,
	first: string,
	last: string,
	email: string
): Promise< void > {
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = collectConsoleErrors( page );
	await page.goto( signupPage.path );
	await page.getByLabel( 'First name' ).fill( first );
	await page.getByLabel( 'Last name' ).fill( last );
	await page.getByLabel( 'Email address' ).fill( email );
	await page.getByRole( 'button', { name: 'Sign up' } ).click();
	await expect(
		page.locator( '.users-to-contacts-notice.is-success' )
	).toBeVisible();
	expect( errors ).toEqual( [] );
	await context.close();
}

/** Registers through wp-login.php, sets the password through the mailed link (proof of the address, R6). */
async function registerWithPassword(
	login: string,
	email: string
): Promise< number > {
	const userId = await registerThroughForm( login, email );
	const mail = await eventually(
		async () => passwordMailTo( email ),
		5000,
		'the registration e-mail'
	);
	await setPasswordThroughMailedLink(
		linkIn( mail.value, 'action=rp' ),
		PASSWORD
	);
	return userId;
}

async function linkOf( userId: number ) {
	const response = await rest< { contact_id: number } >(
		`${ NS }/links/${ userId }`
	);
	return response.status === 200 ? response.body : undefined;
}

/**
 * A subscriber linked to a contact made for them (their email on it). The contact comes first:
 * the running sidecar may handle the new user's registration before the link is posted, and
 * then it links this contact (an administrator set the address) instead of creating another.
 */
async function subscriberWithContact(
	contact: Record< string, string >,
	source: 'user' | 'contact'
) {
	const email = `${ unique( 'visitor' ) }@example.com`;
	const made = await rest< { id: number } >( `${ NS }/contacts`, {
		method: 'POST',
		body: { type: 'individual', ...contact, email },
	} );
	const created = await createUser( 'subscriber', {
		password: PASSWORD,
		email,
	} );
	await rest( `${ NS }/links`, {
		method: 'POST',
		body: { user_id: created.id, contact_id: made.body.id, source },
	} );
	// Made by this call or by the sidecar: the user is linked to this contact either way.
	await rest( `${ NS }/links/${ created.id }`, {
		method: 'PUT',
		body: { source },
	} );
	expect( ( await linkOf( created.id ) )?.contact_id ).toBe( made.body.id );
	return { ...created, email, contactId: made.body.id };
}

async function contactsHolding( email: string ) {
	const response = await rest<
		Array< {
			id: number;
			first_name: string;
			last_name: string;
			phone: string;
			user: { id: number } | null;
		} >
	>( `${ NS }/contacts`, { query: { search: email, per_page: '100' } } );
	return response.body;
}

/** The sidecar has processed everything waiting: "nothing happened" is then a fact. */
async function drained() {
	await eventually(
		async () => {
			const counts = await rest< { pending: number } >(
				`${ NS }/events/counts`
			);
			return counts.body.pending === 0 ? true : undefined;
		},
		SYNC_WAIT_MS,
		'processing the waiting events'
	);
}

/** A browser of its own, logged in as `login`, with its console errors collected. */
async function visitor( browser: Browser, login: string ) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = collectConsoleErrors( page );
	await logIn( page, login, PASSWORD );
	return { page, errors, close: () => context.close() };
}

function form( page: Page ) {
	return page.getByRole( 'form', { name: 'My details' } );
}

test( 'the 001 story: signed up anonymously, registered in other letter case, logged in: My details shows the signup and one contact is linked', async ( {
	browser,
} ) => {
	await freshSettings();
	const url = myDetailsIn( THEMES.twentyTwentyThree );
	const login = unique( 'story' );
	const email = `${ login }@example.com`;
	await signUpAnonymously( browser, 'Ada', 'Byron', email );
	expect( await contactsHolding( email ) ).toHaveLength( 1 );

	const userId = await registerWithPassword(
		login,
		`${ login.toUpperCase() }@Example.COM`
	);
	const person = await visitor( browser, login );
	await eventually(
		() => linkOf( userId ),
		SYNC_WAIT_MS,
		'linking after the password proved the address'
	);
	await person.page.goto( url );
	await expect( person.page.getByLabel( 'First name' ) ).toHaveValue( 'Ada' );
	await expect( person.page.getByLabel( 'Last name' ) ).toHaveValue(
		'Byron'
	);
	await expect( person.page.getByLabel( 'Email' ) ).toHaveValue( email );
	await expect( form( person.page ) ).toContainText(
		'This follows your account.'
	);
	await shoot( person.page, 'story-linked' );

	const holding = await contactsHolding( email );
	expect( holding ).toHaveLength( 1 );
	expect( holding[ 0 ]?.user?.id ).toBe( userId );
	expect( ( await linkOf( userId ) )?.contact_id ).toBe( holding[ 0 ]?.id );
	expect( person.errors ).toEqual( [] );
	await person.close();
} );

test( 'with "when to link" = CRM action only, nothing is linked until the visitor saves My details; then the signup contact is linked, no second one', async ( {
	browser,
} ) => {
	await freshSettings( { link_when: [ 'crm_action' ] } );
	const url = myDetailsIn( CLASSIC_THEME );
	const login = unique( 'crm' );
	const email = `${ login }@example.com`;
	await signUpAnonymously( browser, 'Grace', 'Hopper', email );
	const userId = await registerWithPassword( login, email.toUpperCase() );
	const person = await visitor( browser, login );
	await drained();
	expect( await linkOf( userId ) ).toBeUndefined();

	await person.page.goto( url );
	await expect( form( person.page ) ).toContainText(
		'Your account is not linked to contact details yet. Saving this form links it'
	);
	await shoot( person.page, 'crm-unlinked' );
	await person.page.getByLabel( 'Phone' ).fill( '555-0142' );
	await person.page
		.getByRole( 'button', { name: 'Save my details' } )
		.click();
	// While the link is made the typed phone stays in its field.
	await expect( person.page.getByLabel( 'Phone' ) ).toHaveValue( '555-0142' );
	await expect( form( person.page ) ).toContainText(
		'Your account is now linked to your contact details, and your details are saved.',
		{ timeout: SYNC_WAIT_MS }
	);
	await expect( person.page.getByLabel( 'First name' ) ).toHaveValue(
		'Grace'
	);
	await expect( person.page.getByLabel( 'Last name' ) ).toHaveValue(
		'Hopper'
	);
	await expect( person.page.getByLabel( 'Phone' ) ).toHaveValue( '555-0142' );
	await shoot( person.page, 'crm-linked' );

	const holding = await contactsHolding( email );
	expect( holding ).toHaveLength( 1 );
	expect( holding[ 0 ] ).toMatchObject( {
		first_name: 'Grace',
		phone: '555-0142',
		user: { id: userId },
	} );
	// A reload shows the saved details.
	await person.page.reload();
	await expect( person.page.getByLabel( 'Phone' ) ).toHaveValue( '555-0142' );
	expect( person.errors ).toEqual( [] );
	await person.close();
} );

test( "a visitor cannot read or change another visitor's contact through the form or the REST API", async ( {
	browser,
} ) => {
	await freshSettings();
	const url = myDetailsIn( THEMES.twentyTwentyThree );
	const accounts = [];
	for ( const name of [ 'mine', 'theirs' ] ) {
		accounts.push(
			await subscriberWithContact(
				{ first_name: name, phone: name === 'mine' ? '111' : '222' },
				'user'
			)
		);
	}
	const [ mine, theirs ] = accounts as [
		( typeof accounts )[ number ],
		( typeof accounts )[ number ],
	];
	const person = await visitor( browser, mine.login );
	await person.page.goto( url );
	await expect( person.page.getByLabel( 'First name' ) ).toHaveValue(
		'mine'
	);

	// Crafted requests with the visitor's own session: its cookies and the page's REST nonce
	// (sent beside the page, so the page's console shows only what the form does).
	const nonce = await person.page.evaluate(
		() =>
			(
				window as unknown as {
					wp: { apiFetch: { nonceMiddleware: { nonce: string } } };
				}
			 ).wp.apiFetch.nonceMiddleware.nonce
	);
	const session = person.page.context().request;
	const call = async (
		route: string,
		method = 'GET',
		data?: Record< string, unknown >,
		query = ''
	) => {
		const response = await session.fetch(
			`${ testSite().url }/?rest_route=${ encodeURIComponent(
				route
			) }${ query }`,
			{
				method,
				headers: { 'X-WP-Nonce': nonce },
				...( data ? { data } : {} ),
			}
		);
		return {
			ok: response.ok(),
			status: response.status(),
			body: ( await response.json() ) as unknown,
		};
	};
	const other = { id: theirs.id, contactId: theirs.contactId };
	const otherEmail = theirs.email;
	const answers = {
		readOther: await call(
			`${ NS }/me`,
			'GET',
			undefined,
			`&user_id=${ other.id }&contact_id=${ other.contactId }`
		),
		forgedUser: await call( `${ NS }/me`, 'PUT', {
			user_id: other.id,
			phone: '999',
		} ),
		forgedContact: await call( `${ NS }/me`, 'PUT', {
			contact_id: other.contactId,
			phone: '999',
		} ),
		otherEmail: await call( `${ NS }/me`, 'PUT', {
			email: otherEmail,
			phone: '999',
		} ),
		contact: await call( `${ NS }/contacts/${ other.contactId }` ),
		editContact: await call(
			`${ NS }/contacts/${ other.contactId }`,
			'PUT',
			{
				phone: '999',
			}
		),
		search: await call( `${ NS }/contacts` ),
		link: await call( `${ NS }/links/${ other.id }` ),
		relink: await call( `${ NS }/links`, 'POST', {
			user_id: other.id,
			contact_id: other.contactId,
		} ),
		otherUser: await call( `/wp/v2/users/${ other.id }`, 'POST', {
			email: 'stolen@example.com',
		} ),
	};
	// The only readable answer is the visitor's own contact.
	expect( answers.readOther ).toMatchObject( {
		ok: true,
		body: { user_id: mine.id, contact_id: mine.contactId, phone: '111' },
	} );
	for ( const refused of [
		answers.forgedUser,
		answers.forgedContact,
		answers.otherEmail,
		answers.contact,
		answers.editContact,
		answers.search,
		answers.link,
		answers.relink,
		answers.otherUser,
	] ) {
		expect( refused.ok ).toBe( false );
		expect( JSON.stringify( refused.body ) ).not.toContain( '"222"' );
	}
	const theirContact = await rest< { phone: string; email: string } >(
		`${ NS }/contacts/${ theirs.contactId }`
	);
	expect( theirContact.body ).toMatchObject( {
		phone: '222',
		email: theirs.email,
	} );
	const myContact = await rest< { phone: string } >(
		`${ NS }/contacts/${ mine.contactId }`
	);
	expect( myContact.body.phone ).toBe( '111' );
	await expect( person.page.locator( 'body' ) ).not.toContainText( 'theirs' );
	expect( person.errors ).toEqual( [] );
	await person.close();
} );

test( 'invalid email, overlong fields and HTML in names are refused next to the field and save nothing; a stored name with HTML shows as text', async ( {
	browser,
} ) => {
	await freshSettings();
	const url = myDetailsIn( CLASSIC_THEME );
	// The contact is the source (B9): the visitor may change the email here.
	const created = await subscriberWithContact(
		{ first_name: 'Mary', last_name: 'Somerville' },
		'contact'
	);
	const person = await visitor( browser, created.login );
	const saves: string[] = [];
	person.page.on( 'request', ( request ) => {
		const address = decodeURIComponent( request.url() );
		if ( request.method() !== 'GET' && address.includes( '/v1/me' ) ) {
			saves.push( request.url() );
		}
	} );
	await person.page.goto( url );
	const page = person.page;
	await expect( page.getByLabel( 'Email' ) ).toHaveValue( created.email );
	await expect( form( page ) ).toContainText(
		'Saving also changes this in your account profile.'
	);
	await page.getByLabel( 'First name' ).fill( '<b>Mary</b>' );
	await page.getByLabel( 'Email' ).fill( 'mary at example' );
	await page.getByLabel( 'City' ).fill( 'C'.repeat( 101 ) );
	await page.getByRole( 'button', { name: 'Save my details' } ).click();

	const expectations: Array< [ string, string ] > = [
		[
			'First name',
			'First name cannot contain HTML tags such as <b>. Please remove the < and > characters.',
		],
		[
			'Email',
			'Email must be a valid email address, such as name@example.com.',
		],
		[ 'City', 'City is too long: use at most 100 characters.' ],
	];
	for ( const [ label, message ] of expectations ) {
		const field = page.getByLabel( label );
		await expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		const describedBy =
			( await field.getAttribute( 'aria-describedby' ) ) ?? '';
		const errorId = describedBy.split( ' ' )[ 0 ] ?? '';
		await expect( page.locator( `[id="${ errorId }"]` ) ).toHaveText(
			message
		);
	}
	await expect( page.getByLabel( 'First name' ) ).toBeFocused();
	await expect( form( page ) ).toContainText(
		'Your details were not saved. Please correct the fields marked below.'
	);
	await shoot( page, 'errors' );
	expect( saves ).toEqual( [] );
	const unchanged = await rest< { first_name: string; city: string } >(
		`${ NS }/contacts/${ created.contactId }`
	);
	expect( unchanged.body ).toMatchObject( { first_name: 'Mary', city: '' } );

	// Corrected, it saves; the errors go; the new email reaches the WordPress profile (B9).
	const newEmail = `moved-${ created.login }@example.com`;
	await page.getByLabel( 'First name' ).fill( 'Mary' );
	await page.getByLabel( 'Email' ).fill( newEmail );
	await page.getByLabel( 'City' ).fill( 'Jedburgh' );
	await page.getByRole( 'button', { name: 'Save my details' } ).click();
	await expect( form( page ) ).toContainText( 'Your details are saved.' );
	await expect( page.getByLabel( 'City' ) ).not.toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect( page.getByLabel( 'Email' ) ).toHaveValue( newEmail );
	await eventually(
		async () => {
			const user = await rest< { email: string } >(
				`/wp/v2/users/${ created.id }`,
				{ query: { context: 'edit' } }
			);
			return user.body.email === newEmail ? true : undefined;
		},
		SYNC_WAIT_MS,
		'the email reaching the WordPress profile'
	);

	// A name stored with markup (as an import could) shows as text.
	runPhp(
		`global $wpdb; $wpdb->update( $wpdb->prefix . 'utc_contacts', array( 'first_name' => '<img src=x onerror="window.__meXss = 1">', 'last_name' => '<script>window.__meXss = 2</script>' ), array( 'id' => ${ created.contactId } ) );`
	);
	await page.reload();
	await expect( page.getByLabel( 'First name' ) ).toHaveValue(
		'<img src=x onerror="window.__meXss = 1">'
	);
	await expect( page.getByLabel( 'Last name' ) ).toHaveValue(
		'<script>window.__meXss = 2</script>'
	);
	await expect( form( page ).locator( 'img, script' ) ).toHaveCount( 0 );
	expect(
		await page.evaluate(
			() => ( window as unknown as { __meXss?: number } ).__meXss
		)
	).toBeUndefined();
	expect( person.errors ).toEqual( [] );
	await person.close();
} );

for ( const theme of [ THEMES.twentyTwentyThree, CLASSIC_THEME ] ) {
	test( `works in ${ theme }: a logged-out visitor's log-in link comes back to the form, which saves`, async ( {
		page,
	} ) => {
		await freshSettings();
		const url = myDetailsIn( theme );
		const created = await createUser( 'subscriber', {
			password: PASSWORD,
			first_name: 'Emmy',
		} );
		const errors = collectConsoleErrors( page );
		await page.goto( url );
		const prompt = page.locator( '.users-to-contacts-login' );
		await expect( prompt ).toContainText(
			'Log in to see and change your contact details.'
		);
		await shoot( page, `${ theme }-logged-out` );
		await prompt.getByRole( 'link', { name: 'Log in' } ).click();
		await fillWpLoginForm( page, {
			'Username or Email Address': created.login,
			Password: PASSWORD,
		} );
		await page.getByRole( 'button', { name: 'Log In' } ).click();
		await expect( page ).toHaveURL( `${ testSite().url }${ url }` );
		// Linked at login (B2) by the sidecar; the form shows the contact it made.
		await expect( page.getByLabel( 'Email' ) ).toHaveValue(
			`${ created.login }@example.com`
		);
		await page.getByLabel( 'Street address' ).fill( '1 Main Street' );
		await page.getByLabel( 'Postal code' ).fill( '12345' );
		await page.keyboard.press( 'Enter' );
		await expect( form( page ) ).toContainText(
			/Your details are saved|Your account is now linked/,
			{
				timeout: SYNC_WAIT_MS,
			}
		);
		await shoot( page, `${ theme }-saved` );
		const me = await eventually(
			async () => {
				const link = await linkOf( created.id );
				if ( ! link ) {
					return undefined;
				}
				const stored = await rest< { street_address: string } >(
					`${ NS }/contacts/${ link.contact_id }`
				);
				return stored.body.street_address === '1 Main Street'
					? stored.body
					: undefined;
			},
			SYNC_WAIT_MS,
			'the saved address'
		);
		expect( me.value.street_address ).toBe( '1 Main Street' );
		expect( errors ).toEqual( [] );
	} );
}

test( 'the fields an admin chooses on Contacts › Settings are the ones My details shows', async ( {
	page,
	browser,
} ) => {
	await freshSettings();
	const url = myDetailsIn( THEMES.twentyTwentyThree );
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( SETTINGS_SCREEN );
	const chooser = page.getByRole( 'group', {
		name: 'Fields shown to visitors',
	} );
	await expect( chooser.getByRole( 'checkbox' ) ).toHaveCount( 8 );
	for ( const label of [
		'Street address',
		'City',
		'Postal code',
		'Country',
	] ) {
		await chooser.getByLabel( label ).uncheck();
	}
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.locator( '.users-to-contacts-notice' ) ).toContainText(
		'Settings saved.'
	);
	await screenshot( page, 'visitor-fields', false );

	const created = await createUser( 'subscriber', { password: PASSWORD } );
	const person = await visitor( browser, created.login );
	await person.page.goto( url );
	await expect( person.page.getByLabel( 'Email' ) ).toBeVisible();
	await expect( form( person.page ).locator( 'label' ) ).toHaveText( [
		'First name',
		'Last name',
		'Email',
		'Phone',
	] );
	expect( errors ).toEqual( [] );
	expect( person.errors ).toEqual( [] );
	await person.close();
} );

test( 'R6: a visitor whose email a contact holds, unconfirmed, is told to confirm it and sees none of that contact', async ( {
	browser,
} ) => {
	await freshSettings();
	const url = myDetailsIn( CLASSIC_THEME );
	const login = unique( 'unconfirmed' );
	const email = `${ login }@example.com`;
	const hidden = unique( 'Hidden' );
	await signUpAnonymously( browser, 'Private', hidden, email );
	const userId = await registerThroughForm( login, email );
	// A password set without the mailed link proves nothing about the address.
	runPhp(
		`wp_set_password( ${ JSON.stringify( PASSWORD ) }, ${ userId } );`
	);
	const person = await visitor( browser, login );
	await drained();
	expect( await linkOf( userId ) ).toBeUndefined();
	await person.page.goto( url );
	await expect( form( person.page ) ).toContainText(
		`Your details appear here once you confirm your email address: open the link in the message we sent to ${ email }.`
	);
	// No field and no Save until the link is made, and nothing of the contact on the page.
	await expect( form( person.page ).getByRole( 'textbox' ) ).toHaveCount( 0 );
	await expect( person.page.locator( 'body' ) ).not.toContainText(
		'Private'
	);
	await shoot( person.page, 'waiting-for-confirmation' );
	expect( person.errors ).toEqual( [] );
	await person.close();
} );
