/**
 * Contacts › Add New and Edit Contact, clicked as an admin would: each contact type, the
 * emails, errors next to their fields, a locked contact (B8), turning the direction (B9, R7),
 * deleting (B12), markup shown as text, the keyboard.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { SingleContact } from '../../src/api/contacts';
import { startWatch } from '../support/sidecar';
import { createUser, rest, runPhp } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';

const CONTACTS = '/users-to-contacts/v1/contacts';
const ADD_URL = '/wp-admin/admin.php?page=users-to-contacts-edit';
const RUN = Date.now().toString( 36 );
let counter = 0;

function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
}

function editUrl( id: number ): string {
	return `${ ADD_URL }&contact=${ id }`;
}

/**
 * One screenshot at 1280 px wide, and one at 390 px (a phone) unless `phone` is false: of the
 * whole page from its top, or of the window when a dialog is open (it covers the window).
 */
async function screenshot(
	page: Page,
	name: string,
	{ phone = true, dialog = false } = {}
) {
	const take = async ( suffix: string ) => {
		if ( ! dialog ) {
			await page.evaluate( () => window.scrollTo( 0, 0 ) );
		}
		await page.screenshot( {
			path: `test-results/screenshots/contact-${ name }${ suffix }.png`,
			fullPage: ! dialog,
		} );
	};
	await take( '' );
	if ( ! phone ) {
		return;
	}
	const size = page.viewportSize();
	await page.setViewportSize( { width: 390, height: 844 } );
	await take( '-390' );
	if ( size ) {
		await page.setViewportSize( size );
	}
}

async function createContact(
	body: Record< string, unknown >
): Promise< SingleContact > {
	const created = await rest< SingleContact >( CONTACTS, {
		method: 'POST',
		body,
	} );
	expect( created.status ).toBe( 201 );
	return created.body;
}

async function readContact( id: number ): Promise< SingleContact > {
	const read = await rest< SingleContact >( `${ CONTACTS }/${ id }` );
	expect( read.status ).toBe( 200 );
	return read.body;
}

/** A user linked by hand to a new contact of theirs; the user is the source, sync on: locked. */
async function linkedContact( role = 'subscriber' ) {
	const user = await createUser( role );
	const contact = await createContact( {
		first_name: 'Linked',
		last_name: unique( 'Person' ),
		email: `${ user.login }@example.com`,
	} );
	const link = await rest( '/users-to-contacts/v1/links', {
		method: 'POST',
		body: { user_id: user.id, contact_id: contact.id },
	} );
	expect( link.status ).toBe( 201 );
	return { user, contact: await readContact( contact.id ) };
}

/**
 * Presses Tab until the control named `name` has the keyboard, checking on the way that each
 * focused control shows WordPress's focus ring (a box shadow, or a visible outline).
 */
async function tabTo( page: Page, name: string ): Promise< void > {
	for ( let step = 0; step < 40; step++ ) {
		await page.keyboard.press( 'Tab' );
		// The active element itself: a `:focus` locator would wait forever on a control whose
		// focus sits in the browser's own shadow tree.
		const focused = await page.evaluate( () => {
			// eslint-disable-next-line @wordpress/no-global-active-element -- the page's focus is what is checked.
			const element = document.activeElement ?? document.body;
			const style = window.getComputedStyle( element );
			const label =
				element.getAttribute( 'aria-label' ) ??
				( element as HTMLInputElement ).labels?.[ 0 ]?.textContent ??
				element.textContent ??
				'';
			return {
				name: label.replace( /\s*\(required\)$/, '' ).trim(),
				ring:
					style.boxShadow !== 'none' ||
					( style.outlineStyle !== 'none' &&
						style.outlineColor !== 'rgba(0, 0, 0, 0)' ),
			};
		} );
		expect( focused.ring, `focus ring on "${ focused.name }"` ).toBe(
			true
		);
		if ( focused.name === name ) {
			return;
		}
	}
	throw new Error( `Tab never reached "${ name }".` );
}

test( 'adds an individual with the keyboard only, with visible focus all the way', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( ADD_URL );
	await expect(
		page.getByRole( 'heading', { name: 'Add New Contact' } )
	).toBeVisible();
	for ( const section of [ 'Name', 'Contact Info', 'About' ] ) {
		await expect(
			page.getByRole( 'heading', { name: section, exact: true } )
		).toBeVisible();
	}
	// The menu says where the admin is: Add New while adding.
	await expect(
		page.locator( '#adminmenu .wp-submenu li.current a' )
	).toHaveText( 'Add New' );
	await screenshot( page, 'add' );

	const last = unique( 'Lovelace' );
	const email = `${ last.toLowerCase() }@example.com`;
	// From the type selector on, only keys: Tab to each field, type, Enter on the button.
	await page.getByLabel( 'Type' ).focus();
	await tabTo( page, 'First Name' );
	await page.keyboard.type( 'Ada' );
	await tabTo( page, 'Last Name' );
	await page.keyboard.type( last );
	await tabTo( page, 'Email 1' );
	await page.keyboard.type( email );
	await tabTo( page, 'Add Contact' );
	await page.keyboard.press( 'Enter' );

	// The new contact's edit screen, with core's notice.
	await expect( page ).toHaveURL( /page=users-to-contacts-edit&contact=\d+/ );
	await expect(
		page.getByRole( 'heading', { name: 'Edit Contact' } )
	).toBeVisible();
	await expect( page.getByText( 'Contact added.' ) ).toBeVisible();
	const id = Number( new URL( page.url() ).searchParams.get( 'contact' ) );
	const stored = await readContact( id );
	expect( stored ).toMatchObject( {
		type: 'individual',
		first_name: 'Ada',
		last_name: last,
		display_name: `Ada ${ last }`,
		emails: [ { email, primary: true } ],
	} );
	await expect( page.getByLabel( 'First Name' ) ).toHaveValue( 'Ada' );
	await screenshot( page, 'edit' );
	expect( errors ).toEqual( [] );
} );

test( 'adds an organization and a household, each with its name field', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	await logIn( page );
	for ( const [ type, label, nameLabel ] of [
		[ 'organization', 'Organization', 'Organization name' ],
		[ 'household', 'Household', 'Household name' ],
	] as const ) {
		await page.goto( ADD_URL );
		await page.getByLabel( 'Type' ).selectOption( { label } );
		// The person's fields go; the one name of an organization or household comes.
		await expect( page.getByLabel( 'First Name' ) ).toHaveCount( 0 );
		await expect( page.getByLabel( 'Birth date' ) ).toHaveCount( 0 );
		const name = unique( `The ${ label } ` );
		await page.getByLabel( nameLabel ).fill( name );
		await page
			.getByLabel( 'Email 1', { exact: true } )
			.fill( `${ unique( type ) }@example.com` );
		await page.getByLabel( 'Phone' ).fill( '+44 20 7946 0000' );
		await page.getByLabel( 'City' ).fill( 'London' );
		await page.getByRole( 'button', { name: 'Add Contact' } ).click();
		await expect( page.getByText( 'Contact added.' ) ).toBeVisible();
		const id = Number(
			new URL( page.url() ).searchParams.get( 'contact' )
		);
		expect( await readContact( id ) ).toMatchObject( {
			type,
			organization_name: name,
			display_name: name,
			phone: '+44 20 7946 0000',
			city: 'London',
		} );
		await expect( page.getByLabel( 'Type' ) ).toHaveValue( type );
	}
	expect( errors ).toEqual( [] );
} );

test( 'emails: add, remove and make primary; the site stores exactly that', async ( {
	page,
} ) => {
	const first = `${ unique( 'first' ) }@example.com`;
	const second = `${ unique( 'second' ) }@example.com`;
	const third = `${ unique( 'third' ) }@example.com`;
	const contact = await createContact( {
		first_name: 'Many',
		last_name: unique( 'Mails' ),
		email: first,
	} );
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( editUrl( contact.id ) );
	await expect( page.getByLabel( 'Email 1', { exact: true } ) ).toHaveValue(
		first
	);
	// Editing a contact highlights All Contacts in the menu, as editing a post does All Posts.
	await expect(
		page.locator( '#adminmenu .wp-submenu li.current a' )
	).toHaveText( 'All Contacts' );

	await page.getByRole( 'button', { name: 'Add another email' } ).click();
	// The new row takes the keyboard.
	await expect( page.getByLabel( 'Email 2', { exact: true } ) ).toBeFocused();
	await page.keyboard.type( second );
	await page.getByRole( 'button', { name: 'Add another email' } ).click();
	await page.getByLabel( 'Email 3', { exact: true } ).fill( third );
	await page.getByRole( 'radio', { name: 'Primary: email 2' } ).check();
	await page.getByRole( 'button', { name: 'Remove email 1' } ).click();
	// What was email 2 is email 1 now, still primary.
	await expect( page.getByLabel( 'Email 1', { exact: true } ) ).toHaveValue(
		second
	);
	await expect(
		page.getByRole( 'radio', { name: 'Primary: email 1' } )
	).toBeChecked();
	await page.getByRole( 'button', { name: 'Update Contact' } ).click();
	await expect( page.getByText( 'Contact updated.' ) ).toBeVisible();

	expect( ( await readContact( contact.id ) ).emails ).toEqual( [
		{ email: second, primary: true },
		{ email: third, primary: false },
	] );

	// Removing the primary makes the next address primary.
	await page.getByRole( 'button', { name: 'Remove email 1' } ).click();
	await page.getByRole( 'button', { name: 'Update Contact' } ).click();
	await expect( page.getByText( 'Contact updated.' ) ).toBeVisible();
	const stored = await readContact( contact.id );
	expect( stored.emails ).toEqual( [ { email: third, primary: true } ] );
	expect( errors ).toEqual( [] );
} );

test( 'an invalid email and an over-long field show their errors next to the fields and save nothing', async ( {
	page,
} ) => {
	const email = `${ unique( 'steady' ) }@example.com`;
	const contact = await createContact( {
		first_name: 'Steady',
		last_name: unique( 'State' ),
		email,
		phone: '0123',
	} );
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( editUrl( contact.id ) );

	// Checked in the browser before anything is sent.
	const emailField = page.getByLabel( 'Email 1', { exact: true } );
	await emailField.fill( 'not-an-address' );
	await page.getByLabel( 'First Name' ).fill( '' );
	await page.getByLabel( 'Last Name' ).fill( '' );
	await page.getByRole( 'button', { name: 'Update Contact' } ).click();
	await expect(
		page.getByText(
			'The contact was not saved. Correct the 2 fields marked below.'
		)
	).toBeVisible();
	// The keyboard goes to the first field in error; each field names its error.
	await expect( page.getByLabel( 'First Name' ) ).toBeFocused();
	await expect( page.getByLabel( 'First Name' ) ).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect( page.getByLabel( 'First Name' ) ).toHaveAccessibleDescription(
		/Enter a first name or a last name\./
	);
	await expect( emailField ).toHaveAttribute( 'aria-invalid', 'true' );
	await expect( emailField ).toHaveAccessibleDescription(
		/“not-an-address” is not a valid email address/
	);
	await screenshot( page, 'errors' );

	// Checked by the site: a phone number longer than the site keeps (64 characters).
	await page.getByLabel( 'First Name' ).fill( 'Steady' );
	await page.getByLabel( 'Last Name' ).fill( contact.last_name );
	await emailField.fill( email );
	const phone = page.getByLabel( 'Phone' );
	await phone.fill( '1'.repeat( 70 ) );
	await page.getByRole( 'button', { name: 'Update Contact' } ).click();
	await expect( phone ).toHaveAttribute( 'aria-invalid', 'true' );
	await expect( phone ).toBeFocused();
	await expect( phone ).toHaveAccessibleDescription(
		/^Phone must be at most 64 characters/
	);
	await expect( emailField ).not.toHaveAttribute( 'aria-invalid', 'true' );

	expect( await readContact( contact.id ) ).toMatchObject( {
		first_name: 'Steady',
		phone: '0123',
		emails: [ { email, primary: true } ],
		modified: contact.modified,
	} );
	// The browser logs the refused request itself; nothing else may fail.
	expect( errors ).toEqual( [
		'Failed to load resource: the server responded with a status of 400 (Bad Request)',
	] );
} );

test( 'names with <script> and <img onerror> show as text', async ( {
	page,
} ) => {
	const script = '<script>window.__contactXss = 1</script>';
	const image = '<img src=x onerror="window.__contactXss = 2">';
	const user = await createUser( 'subscriber' );
	// Straight into the tables, as an import or an older version might have left them: the
	// REST routes would have cleaned the markup away.
	const contactId = Number(
		runPhp(
			`echo ( new \\UsersToContacts\\Database\\ContactsRepository() )->create( array( 'first_name' => ${ JSON.stringify(
				script
			) }, 'last_name' => ${ JSON.stringify(
				image
			) }, 'display_name' => ${ JSON.stringify(
				`${ image } ${ script }`
			) }, 'notes' => ${ JSON.stringify( script ) } ), array() );
			global $wpdb;
			$wpdb->update( $wpdb->users, array( 'display_name' => ${ JSON.stringify(
				image
			) } ), array( 'ID' => ${ user.id } ) );
			clean_user_cache( ${ user.id } );`
		).trim()
	);
	expect( contactId ).toBeGreaterThan( 0 );
	expect(
		(
			await rest( '/users-to-contacts/v1/links', {
				method: 'POST',
				body: { user_id: user.id, contact_id: contactId },
			} )
		).status
	).toBe( 201 );

	const errors = collectConsoleErrors( page );
	await logIn( page );
	// Locked: shown read-only, as text.
	await page.goto( editUrl( contactId ) );
	const screen = page.locator( '#users-to-contacts-admin' );
	await expect( screen.getByText( script ).first() ).toBeVisible();
	await expect( screen.getByText( image ).first() ).toBeVisible();
	await expect( screen.getByText( `(${ image })` ) ).toBeVisible();
	await expect( screen.locator( 'img, script' ) ).toHaveCount( 0 );

	// Unlocked: in the fields, as text.
	expect(
		(
			await rest( `/users-to-contacts/v1/links/${ user.id }`, {
				method: 'PATCH',
				body: { source: 'contact' },
			} )
		).status
	).toBe( 200 );
	await page.reload();
	await expect( page.getByLabel( 'First Name' ) ).toHaveValue( script );
	await expect( page.getByLabel( 'Last Name' ) ).toHaveValue( image );
	await expect( page.getByLabel( 'Notes' ) ).toHaveValue( script );
	await expect( screen.locator( 'img, script' ) ).toHaveCount( 0 );
	expect(
		await page.evaluate(
			() => ( window as { __contactXss?: number } ).__contactXss
		)
	).toBeUndefined();
	expect( errors ).toEqual( [] );
} );

test( 'a locked contact cannot be edited or deleted; made the source, it can, and the edit reaches the user', async ( {
	page,
} ) => {
	const { user, contact } = await linkedContact();
	expect( contact.locked ).toBe( true );
	// The site refuses, saying why.
	for ( const method of [ 'PATCH', 'DELETE' ] ) {
		const refused = await rest< { code: string; message: string } >(
			`${ CONTACTS }/${ contact.id }`,
			{
				method,
				...( method === 'PATCH' ? { body: { city: 'Paris' } } : {} ),
			}
		);
		expect( refused.status ).toBe( 409 );
		expect( refused.body.code ).toBe( 'users_to_contacts_contact_locked' );
		expect( refused.body.message ).toContain( user.login );
	}

	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( editUrl( contact.id ) );
	const lock = page.getByTestId( 'users-to-contacts-locked' );
	await expect( lock ).toHaveText(
		`This contact is kept in step with the user ${ user.login }. Edit the user’s profile to change it.`
	);
	await expect( lock.locator( '.dashicons-lock' ) ).toBeVisible();
	await expect(
		lock.getByRole( 'link', { name: user.login } )
	).toHaveAttribute( 'href', `user-edit.php?user_id=${ user.id }` );
	// Nothing to edit, nothing to delete.
	const screen = page.locator( '#users-to-contacts-admin' );
	await expect( screen.getByRole( 'textbox' ) ).toHaveCount( 0 );
	await expect(
		screen.getByRole( 'button', { name: /Update|Delete/ } )
	).toHaveCount( 0 );
	await expect( screen.getByText( contact.last_name ).first() ).toBeVisible();
	await screenshot( page, 'locked' );

	// B9: the contact becomes the source, once confirmed (Cancel changes nothing).
	const makeSource = page.getByRole( 'button', {
		name: 'Make the contact the source…',
	} );
	await makeSource.click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Make the contact the source?',
	} );
	await expect( dialog ).toContainText(
		'In most cases this is not advisable: it can lead to the user account being deleted.'
	);
	await expect( dialog ).toContainText(
		`If “Delete user when contact is deleted” is turned on in Settings, deleting this contact would then delete the user account “${ user.login }” too.`
	);
	await screenshot( page, 'linked-confirm', { dialog: true } );
	await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
	await expect( dialog ).toBeHidden();
	expect( ( await readContact( contact.id ) ).locked ).toBe( true );

	await makeSource.click();
	await dialog
		.getByRole( 'button', { name: 'Make the contact the source' } )
		.click();
	await expect(
		page.getByText(
			`This contact is now the source: changes made here are copied to the user account “${ user.login }”.`
		)
	).toBeVisible();
	await expect(
		page.getByTestId( 'users-to-contacts-direction' )
	).toHaveText(
		'This contact is the source: changes made here are copied to the user account.'
	);
	const link = screen.getByRole( 'link', { name: user.login } );
	await expect( link ).toHaveAttribute(
		'href',
		`user-edit.php?user_id=${ user.id }`
	);
	await expect( screen.locator( '.dashicons-admin-users' ) ).toBeVisible();
	await screenshot( page, 'linked' );

	// Now it can be edited: a new primary email goes to the user's profile through the engine.
	const newEmail = `${ unique( 'moved' ) }@example.com`;
	await page.getByLabel( 'Email 1', { exact: true } ).fill( newEmail );
	await page.getByLabel( 'City' ).fill( 'Paris' );
	await page.getByRole( 'button', { name: 'Update Contact' } ).click();
	await expect( page.getByText( 'Contact updated.' ) ).toBeVisible();
	const watch = await startWatch();
	try {
		await expect
			.poll(
				async () =>
					(
						await rest< { email: string } >(
							`/wp/v2/users/${ user.id }`,
							{ query: { context: 'edit' } }
						)
					).body.email,
				{ timeout: 20000 }
			)
			.toBe( newEmail );
	} finally {
		await watch.stop();
	}
	await page.getByRole( 'link', { name: user.login } ).click();
	await expect( page.getByLabel( 'Email (required)' ) ).toHaveValue(
		newEmail
	);

	// And back: the user becomes the source again, and the contact is locked again.
	await page.goto( editUrl( contact.id ) );
	await page
		.getByRole( 'button', { name: 'Make the user the source…' } )
		.click();
	await page
		.getByRole( 'dialog', { name: 'Make the user the source?' } )
		.getByRole( 'button', { name: 'Make the user the source' } )
		.click();
	await expect(
		page.getByTestId( 'users-to-contacts-locked' )
	).toBeVisible();
	expect( ( await readContact( contact.id ) ).locked ).toBe( true );
	expect( errors ).toEqual( [] );
} );

test( 'CRM staff who may not edit the user are told so when making the contact the source (R7)', async ( {
	page,
} ) => {
	const { user, contact } = await linkedContact( 'administrator' );
	const staff = await createUser( 'editor' );
	runPhp( `( new WP_User( ${ staff.id } ) )->add_cap( 'manage_contacts' );` );
	const errors = collectConsoleErrors( page );
	await logIn( page, staff.login, 'secret-password-123' );
	await page.goto( editUrl( contact.id ) );
	await page
		.getByRole( 'button', { name: 'Make the contact the source…' } )
		.click();
	await page
		.getByRole( 'dialog', { name: 'Make the contact the source?' } )
		.getByRole( 'button', { name: 'Make the contact the source' } )
		.click();
	await expect(
		page.getByText(
			`You may not edit the user account “${ user.login }”, so you cannot make this contact the source of its details. Ask an administrator to do it.`
		)
	).toBeVisible();
	await expect(
		page.getByTestId( 'users-to-contacts-locked' )
	).toBeVisible();
	expect( ( await readContact( contact.id ) ).locked ).toBe( true );
	await screenshot( page, 'refused', { phone: false } );
	// The browser logs the refused request itself; nothing else may fail.
	expect( errors ).toEqual( [
		'Failed to load resource: the server responded with a status of 403 (Forbidden)',
	] );
} );

test( 'delete asks first, says what happens to the linked user, and returns to the list', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );

	// A contact whose user goes with it: "Delete user when contact is deleted" on, the contact
	// the source. The dialog says so; this test cancels. Made before any wp-admin page is open,
	// since an open admin page links new users in the background before the test can.
	const { user, contact: linked } = await linkedContact();
	await rest( `/users-to-contacts/v1/links/${ user.id }`, {
		method: 'PATCH',
		body: { source: 'contact' },
	} );
	const settings = await rest( '/users-to-contacts/v1/settings', {
		method: 'PUT',
		body: { delete_user_with_contact: true },
	} );
	expect( settings.status ).toBe( 200 );
	await logIn( page );
	try {
		await page.goto( editUrl( linked.id ) );
		await page
			.getByRole( 'button', { name: 'Delete', exact: true } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Delete this contact?',
		} );
		await expect( dialog ).toContainText(
			`The user account “${ user.login }” will be deleted too: “Delete user when contact is deleted” is on, and this contact is the source of the user’s details.`
		);
		await screenshot( page, 'delete-confirm', { dialog: true } );
		await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
		await expect( dialog ).toBeHidden();
		expect( ( await readContact( linked.id ) ).id ).toBe( linked.id );
	} finally {
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PUT',
			body: { delete_user_with_contact: false },
		} );
	}

	// With the setting off, the user stays; this one is deleted.
	await page.reload();
	await page.getByRole( 'button', { name: 'Delete', exact: true } ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Delete this contact?' } );
	await expect( dialog ).toContainText(
		`The user account “${ user.login }” stays; it will no longer be linked to a contact.`
	);
	await dialog.getByRole( 'button', { name: 'Delete Contact' } ).click();
	await expect( page ).toHaveURL( /admin\.php\?page=users-to-contacts(?!-)/ );
	await expect(
		page.getByText(
			`Contact deleted. The user account “${ user.login }” stays, no longer linked to a contact.`
		)
	).toBeVisible();
	expect( ( await rest( `${ CONTACTS }/${ linked.id }` ) ).status ).toBe(
		404
	);
	expect( ( await rest( `/wp/v2/users/${ user.id }` ) ).status ).toBe( 200 );
	expect( errors ).toEqual( [] );
} );
