/**
 * The WordPress user screens, clicked as an admin would: the switch "Synchronize user to
 * contact" on Add New User and Edit User (B7), the Contact column and the "Synchronize to
 * contacts" bulk action on Users › All Users (B13), what the Delete Users screen says about the
 * contact (B12), markup shown as text, and a subscriber's read-only view of their own.
 *
 * The events the screens record are processed by the real sidecar (`watch`), started around
 * each test that needs it, as on a site that runs one.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Contact } from '../../src/api/contacts';
import { logInThroughForm } from '../support/people';
import { runCli, startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';
import { createUser, rest, runPhp } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';

const RUN = Date.now().toString( 36 );
let counter = 0;

function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
}

interface Link {
	user_id: number;
	contact_id: number;
	sync_enabled: boolean;
	source: string;
}

/**
 * One screenshot at 1280 px wide and one at 390 px (a phone), of the whole page; `onPhone`
 * runs at the phone's width first (such as opening a list row, which core folds there).
 */
async function screenshot(
	page: Page,
	name: string,
	onPhone?: () => Promise< void >
): Promise< void > {
	await page.setViewportSize( { width: 1280, height: 900 } );
	await page.screenshot( {
		path: `test-results/screenshots/users-${ name }.png`,
		fullPage: true,
	} );
	await page.setViewportSize( { width: 390, height: 844 } );
	await onPhone?.();
	await page.screenshot( {
		path: `test-results/screenshots/users-${ name }-390.png`,
		fullPage: true,
	} );
	await page.setViewportSize( { width: 1280, height: 900 } );
}

/** The user's link once a runner has made it. */
async function linkOf( userId: number ): Promise< Link > {
	let link: Link | null = null;
	await expect
		.poll(
			async () => {
				const found = await rest< Link >(
					`/users-to-contacts/v1/links/${ userId }`
				);
				link = found.status === 200 ? found.body : null;
				return found.status;
			},
			{ timeout: 20000 }
		)
		.toBe( 200 );
	return link as unknown as Link;
}

async function contact( id: number ): Promise< Contact > {
	const read = await rest< Contact >(
		`/users-to-contacts/v1/contacts/${ id }`
	);
	expect( read.status ).toBe( 200 );
	return read.body;
}

/** Gives the user a password (as an administrator would) and returns it. */
async function setPassword( userId: number ): Promise< string > {
	const password = `pw-${ unique( 'secret' ) }`;
	const saved = await rest( `/wp/v2/users/${ userId }`, {
		method: 'POST',
		body: { password },
	} );
	expect( saved.status ).toBe( 200 );
	return password;
}

/** Waits until no event about the user waits for a runner. */
async function settled( userId: number ): Promise< void > {
	await expect
		.poll(
			async () =>
				(
					await rest( '/users-to-contacts/v1/events', {
						query: { user_id: String( userId ), status: 'pending' },
					} )
				).headers.get( 'X-WP-Total' ),
			{ timeout: 20000 }
		)
		.toBe( '0' );
}

async function userIdOf( login: string ): Promise< number > {
	const found = await rest< Array< { id: number; slug: string } > >(
		'/wp/v2/users',
		{ query: { search: login, context: 'edit' } }
	);
	const user = found.body.find( ( candidate ) => candidate.slug === login );
	expect( user ).toBeDefined();
	return ( user as { id: number } ).id;
}

/** Changes some settings for one test and gives back a function that restores them. */
async function withSettings(
	changes: Record< string, unknown >
): Promise< () => Promise< void > > {
	const before = await rest< Record< string, unknown > >(
		'/users-to-contacts/v1/settings'
	);
	const saved = await rest( '/users-to-contacts/v1/settings', {
		method: 'PATCH',
		body: changes,
	} );
	expect( saved.status ).toBe( 200 );
	const restore = Object.fromEntries(
		Object.keys( changes ).map( ( key ) => [ key, before.body[ key ] ] )
	);
	return async () => {
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: restore,
		} );
	};
}

/** The Contact cell of a user's row on Users › All Users. */
function contactCell( page: Page, login: string ) {
	return page
		.locator( 'tr', {
			has: page.getByRole( 'link', { name: login, exact: true } ),
		} )
		.locator( 'td.column-users_to_contacts_contact' );
}

let watch: Watcher | null = null;

test.afterEach( async () => {
	if ( watch ) {
		await watch.stop();
		watch = null;
	}
} );

test( 'B7: the switch on Add New User creates the contact; off keeps it as it was; on again brings it up to date', async ( {
	page,
} ) => {
	watch = await startWatch();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	const login = unique( 'grace' ).toLowerCase();
	const email = `${ login }@example.com`;

	await page.goto( '/wp-admin/user-new.php' );
	await expect(
		page.getByRole( 'heading', { name: 'Contact', exact: true } )
	).toBeVisible();
	const addSwitch = page.getByLabel( 'Synchronize user to contact' );
	await expect( addSwitch ).toBeChecked();
	await page.getByLabel( 'Username (required)' ).fill( login );
	await page.getByLabel( 'Email (required)' ).fill( email );
	await page.getByLabel( 'First Name' ).fill( 'Grace' );
	await page.getByLabel( 'Last Name' ).fill( 'Hopper' );
	await screenshot( page, 'add-new' );
	await page.getByRole( 'button', { name: 'Add New User' } ).click();
	await expect( page.getByText( 'New user created.' ) ).toBeVisible();

	const userId = await userIdOf( login );
	const link = await linkOf( userId );
	expect( link.sync_enabled ).toBe( true );
	expect( link.source ).toBe( 'user' );
	const created = await contact( link.contact_id );
	expect( created.email ).toBe( email );

	// Edit User shows the contact, the switch on and the direction.
	await page.goto( `/wp-admin/user-edit.php?user_id=${ userId }` );
	const contactLink = page
		.getByTestId( 'users-to-contacts-linked-contact' )
		.getByRole( 'link' );
	await expect( contactLink ).toHaveText( created.display_name );
	await expect( contactLink ).toHaveAttribute(
		'href',
		new RegExp(
			`admin\\.php\\?page=users-to-contacts-edit&contact=${ created.id }$`
		)
	);
	const editSwitch = page.getByLabel( 'Synchronize user to contact' );
	await expect( editSwitch ).toBeChecked();
	await expect(
		page.getByText(
			'The user is the source: changes to the user reach the contact.'
		)
	).toBeVisible();
	await screenshot( page, 'edit' );

	// Off, and a new email: the link stays, the contact keeps the old address.
	const newEmail = `${ unique( 'moved' ).toLowerCase() }@example.com`;
	await editSwitch.uncheck();
	await page.getByLabel( 'Email (required)' ).fill( newEmail );
	await page.getByRole( 'button', { name: 'Update User' } ).click();
	await expect( page.getByText( 'User updated.' ) ).toBeVisible();
	await expect( editSwitch ).not.toBeChecked();
	await settled( userId );
	const off = await rest< Link >( `/users-to-contacts/v1/links/${ userId }` );
	expect( off.body ).toMatchObject( {
		contact_id: created.id,
		sync_enabled: false,
	} );
	expect( ( await contact( created.id ) ).email ).toBe( email );

	// On again: synchronized at once, the new address becomes the contact's.
	await editSwitch.check();
	await page.getByRole( 'button', { name: 'Update User' } ).click();
	await expect( page.getByText( 'User updated.' ) ).toBeVisible();
	await expect( editSwitch ).toBeChecked();
	await expect
		.poll( async () => ( await contact( created.id ) ).email, {
			timeout: 20000,
		} )
		.toBe( newEmail );
	expect( errors ).toEqual( [] );
} );

test( 'B7: a new user added with the switch off gets no contact, not on login nor from Synchronize; turning it on links them', async ( {
	page,
} ) => {
	watch = await startWatch();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	const login = unique( 'alan' ).toLowerCase();
	await page.goto( '/wp-admin/user-new.php' );
	await page.getByLabel( 'Username (required)' ).fill( login );
	await page
		.getByLabel( 'Email (required)' )
		.fill( `${ login }@example.com` );
	await page.getByLabel( 'Synchronize user to contact' ).uncheck();
	await page.getByRole( 'button', { name: 'Add New User' } ).click();
	await expect( page.getByText( 'New user created.' ) ).toBeVisible();
	const userId = await userIdOf( login );
	await settled( userId );
	expect(
		( await rest( `/users-to-contacts/v1/links/${ userId }` ) ).status
	).toBe( 404 );

	// Neither a login (a moment the settings name) nor the batch tool links them.
	await logInThroughForm( login, await setPassword( userId ) );
	expect( runCli( [ 'sync' ] ).code ).toBe( 0 );
	await settled( userId );
	expect(
		( await rest( `/users-to-contacts/v1/links/${ userId }` ) ).status
	).toBe( 404 );
	await page.goto( `/wp-admin/users.php?s=${ login }` );
	await expect( contactCell( page, login ) ).toContainText(
		'Synchronization off'
	);

	await page.goto( `/wp-admin/user-edit.php?user_id=${ userId }` );
	await expect(
		page.getByTestId( 'users-to-contacts-linked-contact' )
	).toHaveText( 'Not linked: synchronization is off for this user.' );
	const editSwitch = page.getByLabel( 'Synchronize user to contact' );
	await expect( editSwitch ).not.toBeChecked();
	await editSwitch.check();
	await page.getByRole( 'button', { name: 'Update User' } ).click();
	await expect( page.getByText( 'User updated.' ) ).toBeVisible();
	const link = await linkOf( userId );
	expect( link.sync_enabled ).toBe( true );
	await page.reload();
	await expect(
		page
			.getByTestId( 'users-to-contacts-linked-contact' )
			.getByRole( 'link' )
	).toHaveText( ( await contact( link.contact_id ) ).display_name );
	expect( errors ).toEqual( [] );
} );

test( 'R6: an unlinked user waiting to confirm their email shows the wait on Edit User and in the Users list', async ( {
	page,
} ) => {
	// Registration is no moment to link here, so the new user stays unlinked.
	const restore = await withSettings( { link_when: [ 'login' ] } );
	try {
		watch = await startWatch();
		const errors = collectConsoleErrors( page );
		const user = await createUser( 'subscriber' );
		await settled( user.id );
		await logIn( page );
		await page.goto( `/wp-admin/user-edit.php?user_id=${ user.id }` );
		await expect(
			page.getByTestId( 'users-to-contacts-linked-contact' )
		).toHaveText( 'Not linked yet.' );
		// The switch of an unlinked user is on unless someone turned it off.
		await expect(
			page.getByLabel( 'Synchronize user to contact' )
		).toBeChecked();
		runPhp(
			`update_user_meta( ${ user.id }, \\UsersToContacts\\Email\\EmailOwnership::PENDING_META, ${ JSON.stringify(
				`${ user.login }@example.com`
			) } );`
		);
		await page.reload();
		await expect(
			page.getByTestId( 'users-to-contacts-linked-contact' )
		).toContainText( 'Not linked yet: waiting for email confirmation.' );
		await page.goto( `/wp-admin/users.php?s=${ user.login }` );
		await expect( contactCell( page, user.login ) ).toContainText(
			'Waiting for email confirmation'
		);
		expect( errors ).toEqual( [] );
	} finally {
		await restore();
	}
} );

test( 'B13: the Users list shows each user’s contact, and the bulk action links the selected users', async ( {
	page,
} ) => {
	// Registration links nothing here, so these users wait unlinked for the bulk action.
	const restore = await withSettings( { link_when: [ 'crm_action' ] } );
	try {
		const prefix = unique( 'bulk' ).toLowerCase();
		const linked = await createUser( 'subscriber', {
			email: `${ prefix }_linked@example.com`,
		} );
		const first = await createUser( 'subscriber', {
			email: `${ prefix }_first@example.com`,
		} );
		const second = await createUser( 'subscriber', {
			email: `${ prefix }_second@example.com`,
		} );
		const byHand = await rest< Contact >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					first_name: 'Katherine',
					last_name: `Johnson ${ prefix }`,
					email: `${ prefix }_linked@example.com`,
				},
			}
		);
		expect(
			(
				await rest( '/users-to-contacts/v1/links', {
					method: 'POST',
					body: { user_id: linked.id, contact_id: byHand.body.id },
				} )
			).status
		).toBe( 201 );
		watch = await startWatch();
		for ( const user of [ linked, first, second ] ) {
			await settled( user.id );
		}

		const errors = collectConsoleErrors( page );
		await logIn( page );
		await page.goto( `/wp-admin/users.php?s=${ prefix }` );
		await expect(
			page
				.locator( 'thead' )
				.getByRole( 'columnheader', { name: 'Contact' } )
		).toBeVisible();
		await expect(
			contactCell( page, linked.login ).getByRole( 'link' )
		).toHaveText( byHand.body.display_name );
		for ( const user of [ first, second ] ) {
			await expect( contactCell( page, user.login ) ).toHaveText(
				/—\s*Not linked/
			);
		}

		// A link made elsewhere (no nonce from this list), followed with the admin's cookies,
		// queues nothing.
		const refused = await page.request.get(
			`/wp-admin/users.php?action=users_to_contacts_sync&users[]=${ first.id }`
		);
		expect( refused.status() ).toBe( 403 );
		expect( await refused.text() ).toContain(
			'The link you followed has expired.'
		);
		const forged = await rest( '/users-to-contacts/v1/events', {
			query: { user_id: String( first.id ), type: 'sync_requested' },
		} );
		expect( forged.headers.get( 'X-WP-Total' ) ).toBe( '0' );

		for ( const user of [ first, second ] ) {
			await page
				.locator( 'tr', {
					has: page.getByRole( 'link', {
						name: user.login,
						exact: true,
					} ),
				} )
				.getByRole( 'checkbox' )
				.check();
		}
		await page
			.locator( '#bulk-action-selector-top' )
			.selectOption( { label: 'Synchronize to contacts' } );
		await page.locator( '#doaction' ).click();
		await expect(
			page.getByText(
				'2 users were queued to be synchronized to contacts.',
				{ exact: false }
			)
		).toBeVisible();
		await screenshot( page, 'list-queued' );

		const names = new Map< string, string >();
		for ( const user of [ first, second ] ) {
			const link = await linkOf( user.id );
			names.set(
				user.login,
				( await contact( link.contact_id ) ).display_name
			);
		}
		await page.reload();
		for ( const [ login, name ] of names ) {
			await expect(
				contactCell( page, login ).getByRole( 'link' )
			).toHaveText( name );
		}
		await expect(
			page.getByText( 'users were queued', { exact: false } )
		).toHaveCount( 0 );
		await screenshot( page, 'list', async () => {
			// Core folds each row on a phone: one opened shows its Contact.
			await page
				.locator( 'tr', {
					has: page.getByRole( 'link', {
						name: first.login,
						exact: true,
					} ),
				} )
				.getByRole( 'button', { name: 'Show more details' } )
				.click();
			await expect(
				contactCell( page, first.login ).getByRole( 'link' )
			).toBeVisible();
		} );
		expect( errors ).toEqual( [] );
	} finally {
		await restore();
	}
} );

test( 'B12: the Delete Users screen says what happens to the linked contact under the delete rule', async ( {
	page,
} ) => {
	watch = await startWatch();
	const user = await createUser( 'subscriber' );
	const link = await linkOf( user.id );
	const name = ( await contact( link.contact_id ) ).display_name;
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( `/wp-admin/users.php?s=${ user.login }` );
	const row = page.locator( 'tr', {
		has: page.getByRole( 'link', { name: user.login, exact: true } ),
	} );
	await row.hover();
	await row.getByRole( 'link', { name: 'Delete' } ).click();
	await expect(
		page.getByRole( 'heading', { name: 'Delete Users' } )
	).toBeVisible();
	const said = page.getByTestId( 'users-to-contacts-deletion' );
	await expect( said ).toContainText(
		`The contact ${ name } will be kept and marked as a former user’s.`
	);
	await expect( said.getByRole( 'link', { name } ) ).toHaveAttribute(
		'href',
		new RegExp( `contact=${ link.contact_id }$` )
	);
	await screenshot( page, 'delete' );

	const restore = await withSettings( { delete_contact_with_user: true } );
	try {
		await page.reload();
		await expect( said ).toContainText(
			`The contact ${ name } will be deleted too.`
		);
	} finally {
		await restore();
	}

	// The default rule, carried out: the user goes, the contact stays as a former user's.
	await page.reload();
	await page.getByRole( 'button', { name: 'Confirm Deletion' } ).click();
	await expect( page.getByText( 'User deleted.' ) ).toBeVisible();
	await expect
		.poll(
			async () => ( await contact( link.contact_id ) ).former_user_id,
			{ timeout: 20000 }
		)
		.toBe( user.id );
	expect( errors ).toEqual( [] );
} );

test( 'names with <script> and <img onerror> show as text on the user screens', async ( {
	page,
} ) => {
	const script = '<script>window.__userScreensXss = 1</script>';
	const image = '<img src=x onerror="window.__userScreensXss = 2">';
	const name = `${ image } ${ script }`;
	watch = await startWatch();
	const user = await createUser( 'subscriber' );
	await linkOf( user.id );
	// Straight into the table, as an import or an older version might have left it: the REST
	// routes would have cleaned the markup away.
	const contactId = Number(
		runPhp(
			`echo ( new \\UsersToContacts\\Database\\ContactsRepository() )->create( array( 'display_name' => ${ JSON.stringify(
				name
			) } ), array() );`
		).trim()
	);
	expect( contactId ).toBeGreaterThan( 0 );
	await rest( `/users-to-contacts/v1/links/${ user.id }`, {
		method: 'DELETE',
	} );
	expect(
		(
			await rest( '/users-to-contacts/v1/links', {
				method: 'POST',
				body: { user_id: user.id, contact_id: contactId },
			} )
		).status
	).toBe( 201 );
	await settled( user.id );

	const errors = collectConsoleErrors( page );
	await logIn( page );
	const pages = [
		{
			url: `/wp-admin/users.php?s=${ user.login }`,
			area: contactCell( page, user.login ),
		},
		{
			url: `/wp-admin/user-edit.php?user_id=${ user.id }`,
			area: page.getByTestId( 'users-to-contacts-linked-contact' ),
		},
	];
	for ( const { url, area } of pages ) {
		await page.goto( url );
		await expect( area.getByRole( 'link' ) ).toHaveText( name );
		await expect( area.locator( 'img, script' ) ).toHaveCount( 0 );
	}
	await page.goto( `/wp-admin/users.php?s=${ user.login }` );
	const row = page.locator( 'tr', {
		has: page.getByRole( 'link', { name: user.login, exact: true } ),
	} );
	await row.hover();
	await row.getByRole( 'link', { name: 'Delete' } ).click();
	const said = page.getByTestId( 'users-to-contacts-deletion' );
	await expect( said.getByRole( 'link', { name } ) ).toBeVisible();
	await expect( said.locator( 'img, script' ) ).toHaveCount( 0 );
	expect(
		await page.evaluate(
			() =>
				( window as unknown as { __userScreensXss?: number } )
					.__userScreensXss
		)
	).toBeUndefined();
	expect( errors ).toEqual( [] );
} );

test( 'B7: a subscriber sees their contact on Profile but cannot flip their own switch', async ( {
	page,
} ) => {
	watch = await startWatch();
	const user = await createUser( 'subscriber' );
	const link = await linkOf( user.id );
	await watch.stop();
	watch = null;
	const errors = collectConsoleErrors( page );
	await logIn( page, user.login, 'secret-password-123' );
	await page.goto( '/wp-admin/profile.php' );
	const mySwitch = page.getByLabel( 'Synchronize user to contact' );
	await expect( mySwitch ).toBeChecked();
	await expect( mySwitch ).toBeDisabled();
	await expect(
		page.getByText( 'Only people who manage contacts can change this.' )
	).toBeVisible();
	// Their own contact by name, with no link to a Contacts screen they cannot open.
	const shown = page.getByTestId( 'users-to-contacts-linked-contact' );
	await expect( shown ).toHaveText(
		( await contact( link.contact_id ) ).display_name
	);
	await expect( shown.getByRole( 'link' ) ).toHaveCount( 0 );
	await screenshot( page, 'profile-subscriber' );

	// A forged form (the box enabled and unticked by hand) changes nothing.
	await mySwitch.evaluate( ( box ) =>
		( box as HTMLInputElement ).removeAttribute( 'disabled' )
	);
	await mySwitch.uncheck();
	await page.getByRole( 'button', { name: 'Update Profile' } ).click();
	await expect( page.getByText( 'Profile updated.' ) ).toBeVisible();
	const after = await rest< Link >(
		`/users-to-contacts/v1/links/${ user.id }`
	);
	expect( after.body.sync_enabled ).toBe( true );
	expect( errors ).toEqual( [] );
} );
