/**
 * Contacts › Settings as an administrator uses it: sync mode (B11), when to link (B1–B3), delete
 * rules (B12), the field mapping table (B10), one Save, and the warning before leaving with
 * unsaved changes.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { rest, runPhp } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';
import { SETTINGS_SCREEN, freshSettings, screenshot } from './settingsSteps';

interface Settings {
	sync_mode: string;
	field_map: Array< { user_field: string; contact_field: string } >;
	link_when: string[];
	delete_user_with_contact: boolean;
	trust_all_emails: boolean;
}

function mapRows( page: Page ): Locator {
	return page.locator( '.users-to-contacts-field-map__table tbody tr' );
}

/** The option texts of a drop-down. */
async function optionsOf( select: Locator ): Promise< string[] > {
	return ( await select.locator( 'option' ).allTextContents() ).map(
		( text ) => text.trim()
	);
}

test.beforeAll( () => {
	// A user meta key present on the site, so the map can use one.
	runPhp( `update_user_meta( 1, 'academic_title', 'Dr.' );` );
} );

test.afterAll( () => freshSettings() );

test( 'a fresh install shows Email only with registration and login; the field mapping table maps each field once; Save keeps it', async ( {
	page,
} ) => {
	await freshSettings();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	// Contacts › Settings, from the admin menu.
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'Contacts', exact: true } )
		.click();
	await page
		.locator( '#toplevel_page_users-to-contacts' )
		.getByRole( 'link', { name: 'Settings', exact: true } )
		.click();
	await expect( page ).toHaveURL( /page=users-to-contacts-settings/ );
	await expect(
		page.getByRole( 'heading', { name: 'Synchronized Users Settings' } )
	).toBeVisible();

	// A fresh install: Email only; linking on registration and login.
	await expect( page.getByLabel( 'Email only' ) ).toBeChecked();
	await expect( page.getByLabel( 'When a user registers' ) ).toBeChecked();
	await expect( page.getByLabel( 'When a user logs in' ) ).toBeChecked();
	await expect(
		page.getByLabel( 'On their first action with their contact details' )
	).not.toBeChecked();
	await expect(
		page.getByLabel( 'Trust all email addresses' )
	).not.toBeChecked();
	await expect(
		page.getByLabel( 'Delete contact when user is deleted' )
	).not.toBeChecked();
	await expect(
		page.getByLabel( 'Delete user when contact is deleted' )
	).not.toBeChecked();
	await expect(
		page.getByLabel( 'Remove all contact data when the plugin is deleted' )
	).not.toBeChecked();
	await screenshot( page, 'fresh' );

	// B11: the first switch to Field mapping fills the same-meaning pairs.
	const fields = await rest< {
		default_map: Array< { user_field: string; contact_field: string } >;
	} >( '/users-to-contacts/v1/fields' );
	await page.getByLabel( 'Field mapping' ).check();
	await expect( mapRows( page ) ).toHaveCount(
		fields.body.default_map.length
	);
	await expect( page.getByLabel( 'User field, row 1' ) ).toHaveValue(
		'first_name'
	);
	await expect( page.getByLabel( 'Contact field, row 1' ) ).toHaveValue(
		'first_name'
	);

	// A field already mapped is not offered again on its side.
	await page.getByRole( 'button', { name: 'Add row' } ).click();
	const newRow = fields.body.default_map.length + 1;
	const newUser = page.getByLabel( `User field, row ${ newRow }` );
	const newContact = page.getByLabel( `Contact field, row ${ newRow }` );
	await expect( newUser ).toBeFocused();
	expect( await optionsOf( newUser ) ).not.toContain( 'First name' );
	expect( await optionsOf( newUser ) ).toContain( 'academic_title' );
	expect( await optionsOf( newContact ) ).not.toContain( 'First name' );
	expect( await optionsOf( newContact ) ).toContain( 'Prefix' );
	// An unfinished row is not saved: the screen says which and why.
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.getByRole( 'alert' ) ).toContainText(
		'choose a field on both sides'
	);
	await expect( newUser ).toHaveAttribute( 'aria-invalid', 'true' );
	await screenshot( page, 'unfinished-row' );
	await newUser.selectOption( 'academic_title' );
	await newContact.selectOption( 'prefix' );
	// The other rows no longer offer them.
	expect(
		await optionsOf( page.getByLabel( 'User field, row 1' ) )
	).not.toContain( 'academic_title' );
	expect(
		await optionsOf( page.getByLabel( 'Contact field, row 1' ) )
	).not.toContain( 'Prefix' );

	// Delete a row (a labelled icon button).
	await page
		.getByRole( 'button', { name: 'Delete the row Nickname → Nickname' } )
		.click();
	await expect( mapRows( page ) ).toHaveCount(
		fields.body.default_map.length
	);
	await expect(
		page.getByRole( 'button', {
			name: 'Delete the row Nickname → Nickname',
		} )
	).toHaveCount( 0 );

	// Delete all asks first; Cancel keeps the rows.
	await page.getByRole( 'button', { name: 'Delete all' } ).click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Delete all field mappings?',
	} );
	await expect( dialog ).toBeVisible();
	await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
	await expect( mapRows( page ) ).toHaveCount(
		fields.body.default_map.length
	);
	await page.getByRole( 'button', { name: 'Delete all' } ).click();
	await dialog.getByRole( 'button', { name: 'Delete all' } ).click();
	await expect( mapRows( page ) ).toHaveCount( 0 );
	await expect(
		page.getByText( 'No fields are mapped', { exact: false } )
	).toBeVisible();

	// Map matching fields restores the default; then the meta key is added again.
	await page.getByRole( 'button', { name: 'Map matching fields' } ).click();
	await expect( mapRows( page ) ).toHaveCount(
		fields.body.default_map.length
	);
	await page.getByRole( 'button', { name: 'Add row' } ).click();
	await page
		.getByLabel( `User field, row ${ newRow }` )
		.selectOption( 'academic_title' );
	await page
		.getByLabel( `Contact field, row ${ newRow }` )
		.selectOption( 'prefix' );
	// Unmapped contact fields stay empty, as the screen says.
	await expect(
		page.getByText( 'Contact fields without a user field are not filled', {
			exact: false,
		} )
	).toContainText( 'Phone' );

	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.locator( '.users-to-contacts-notice' ) ).toContainText(
		'Settings saved.'
	);
	const saved = await rest< Settings >( '/users-to-contacts/v1/settings' );
	expect( saved.body.sync_mode ).toBe( 'mapped' );
	expect( saved.body.field_map ).toEqual( [
		...fields.body.default_map,
		{ user_field: 'academic_title', contact_field: 'prefix' },
	] );
	await screenshot( page, 'mapped' );

	// Reload shows what was saved.
	await page.reload();
	await expect( page.getByLabel( 'Field mapping' ) ).toBeChecked();
	await expect( mapRows( page ) ).toHaveCount( newRow );
	await expect(
		page.getByLabel( `User field, row ${ newRow }` )
	).toHaveValue( 'academic_title' );
	await expect(
		page.getByLabel( `Contact field, row ${ newRow }` )
	).toHaveValue( 'prefix' );
	expect( errors ).toEqual( [] );
} );

test( 'when to link, trust all emails and the delete rules are saved; leaving with unsaved changes asks first', async ( {
	page,
} ) => {
	await freshSettings();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( SETTINGS_SCREEN );
	await page.getByLabel( 'When a user registers' ).uncheck();
	await page.getByLabel( 'When a user logs in' ).uncheck();
	await expect(
		page.getByText( 'users are linked only when you run', { exact: false } )
	).toBeVisible();
	await page
		.getByLabel( 'On their first action with their contact details' )
		.check();
	await page.getByLabel( 'Trust all email addresses' ).check();
	await page.getByLabel( 'Delete user when contact is deleted' ).check();
	// The update uses saved settings, so it waits for Save.
	await expect(
		page.getByRole( 'button', { name: 'Update all synchronized users…' } )
	).toBeDisabled();

	// Leaving asks first (the browser's own question); staying keeps the changes.
	let asked = '';
	page.once( 'dialog', async ( dialog ) => {
		asked = dialog.type();
		await dialog.dismiss();
	} );
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'Dashboard' } )
		.first()
		.click();
	await expect.poll( () => asked ).toBe( 'beforeunload' );
	await expect( page ).toHaveURL( /page=users-to-contacts-settings/ );
	await expect(
		page.getByLabel( 'Trust all email addresses' )
	).toBeChecked();

	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.locator( '.users-to-contacts-notice' ) ).toContainText(
		'Settings saved.'
	);
	const saved = await rest< Settings >( '/users-to-contacts/v1/settings' );
	expect( saved.body.link_when ).toEqual( [ 'crm_action' ] );
	expect( saved.body.trust_all_emails ).toBe( true );
	expect( saved.body.delete_user_with_contact ).toBe( true );
	await screenshot( page, 'link-rules' );

	// Saved: leaving asks nothing. (A click right after the screenshots' resizing can land
	// while core still moves its menu, so it is tried again; a question would fail it each time.)
	await expect( async () => {
		await page
			.locator( '#adminmenu' )
			.getByRole( 'link', { name: 'Dashboard' } )
			.first()
			.click();
		await expect( page ).toHaveURL( /wp-admin\/(index\.php)?$/, {
			timeout: 2000,
		} );
	} ).toPass( { timeout: 15000 } );
	expect( errors ).toEqual( [] );
} );

test( 'a map the site refuses (a user field that is gone) is not saved, and the screen says why', async ( {
	page,
} ) => {
	runPhp( `update_user_meta( 1, 'membership_level', 'gold' );` );
	await freshSettings();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( SETTINGS_SCREEN );
	await page.getByLabel( 'Field mapping' ).check();
	await page.getByRole( 'button', { name: 'Delete all' } ).click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Delete all' } )
		.click();
	await page.getByRole( 'button', { name: 'Add row' } ).click();
	await page
		.getByLabel( 'User field, row 1' )
		.selectOption( 'membership_level' );
	await page.getByLabel( 'Contact field, row 1' ).selectOption( 'notes' );
	// Meanwhile the field goes from the site.
	runPhp( `delete_metadata( 'user', 0, 'membership_level', '', true );` );
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.getByRole( 'alert' ) ).toHaveText(
		'Settings not saved: The user field "membership_level" does not exist on this site.'
	);
	// The row is marked, with what to do.
	await expect( page.getByLabel( 'User field, row 1' ) ).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect(
		page.getByText( 'This user field is not on this site any more.', {
			exact: false,
		} )
	).toBeVisible();
	// Focus moves to the message, so it is read out.
	await expect( page.locator( '.users-to-contacts-notice' ) ).toBeFocused();
	const stored = await rest< Settings >( '/users-to-contacts/v1/settings' );
	expect( stored.body.sync_mode ).toBe( 'email_only' );
	await screenshot( page, 'refused', false );
	// The browser reports the refused request (400) itself; nothing else went wrong.
	expect(
		errors.filter( ( error ) => ! /status of 400/.test( error ) )
	).toEqual( [] );
} );
