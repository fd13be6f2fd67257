/**
 * Contacts › All Contacts, clicked as an admin would: search across every email, the filters
 * and views, the linked user's marker and lock (B8, B13), the contacts a run created (B6), bulk
 * delete skipping a locked contact, markup shown as text, the keyboard, the URL keeping the
 * filters through back/forward and reload, and screenshots at 1280 and 390 px.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import type { Contact } from '../../src/api/contacts';
import { eventually } from '../support/people';
import { runCli, startWatch } from '../support/sidecar';
import { createUser, rest, runPhp } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';

const CONTACTS = '/users-to-contacts/v1/contacts';
const LIST_URL = '/wp-admin/admin.php?page=users-to-contacts';
const RUN = Date.now().toString( 36 );
let counter = 0;

function unique( label: string ): string {
	counter += 1;
	return `${ label }${ RUN }x${ counter }`;
}

async function createContact(
	body: Record< string, unknown >
): Promise< Contact > {
	const created = await rest< Contact >( CONTACTS, { method: 'POST', body } );
	expect( created.status ).toBe( 201 );
	return created.body;
}

/**
 * Links a new user to the contact; the user is the source, so the contact is locked. The page
 * leaves wp-admin first: an open admin page processes waiting events in the background and
 * would link the new user to a contact of its own before this link is made.
 */
async function linkNewUser( page: Page, contact: Contact ) {
	await page.goto( 'about:blank' );
	const user = await createUser( 'subscriber' );
	const linked = await rest( '/users-to-contacts/v1/links', {
		method: 'POST',
		body: { user_id: user.id, contact_id: contact.id },
	} );
	expect( linked.status ).toBe( 201 );
	return user;
}

/** Sets stored times (UTC) directly, for contacts made "on" a day long past. */
function setTimes(
	id: number,
	times: { created?: string; modified?: string }
) {
	const columns = Object.entries( times )
		.map( ( [ column, value ] ) => `'${ column }' => '${ value }'` )
		.join( ', ' );
	runPhp(
		`global $wpdb; $wpdb->update( $wpdb->prefix . 'utc_contacts', array( ${ columns } ), array( 'id' => ${ id } ) );`
	);
}

async function screenshots( page: Page, name: string ) {
	await page.screenshot( {
		path: `test-results/screenshots/contacts-${ name }.png`,
		fullPage: true,
	} );
	const size = page.viewportSize();
	await page.setViewportSize( { width: 390, height: 844 } );
	await page.screenshot( {
		path: `test-results/screenshots/contacts-${ name }-390.png`,
		fullPage: true,
	} );
	if ( size ) {
		await page.setViewportSize( size );
	}
}

function table( page: Page ): Locator {
	return page.locator( 'table.wp-list-table' );
}

function rows( page: Page ): Locator {
	return table( page ).locator( 'tbody tr:not(.no-items)' );
}

function rowOf( page: Page, contact: Contact ): Locator {
	return page.locator( `#contact-${ contact.id }` );
}

async function search( page: Page, text: string ) {
	await page.getByLabel( 'Search Contacts:' ).fill( text );
	await page.getByRole( 'button', { name: 'Search Contacts' } ).click();
	await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
}

async function filter( page: Page ) {
	await page.getByRole( 'button', { name: 'Filter', exact: true } ).click();
	await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
}

async function listedIds( page: Page ): Promise< number[] > {
	const ids = await rows( page ).evaluateAll( ( elements ) =>
		elements.map( ( element ) =>
			Number( element.id.replace( 'contact-', '' ) )
		)
	);
	return ids.sort( ( a, b ) => a - b );
}

function sorted( ...contacts: Contact[] ): number[] {
	return contacts.map( ( contact ) => contact.id ).sort( ( a, b ) => a - b );
}

test.describe( 'All Contacts', () => {
	let errors: string[];

	test.beforeEach( async ( { page } ) => {
		errors = collectConsoleErrors( page );
		await logIn( page );
	} );

	test.afterEach( () => {
		expect( errors ).toEqual( [] );
	} );

	test( 'finds a contact by a secondary email written in other letter case', async ( {
		page,
	} ) => {
		const token = unique( 'find' );
		const contact = await createContact( {
			first_name: 'Grace',
			last_name: `Hopper${ token }`,
			emails: [
				{ email: `grace.${ token }@example.com`, primary: true },
				{
					email: `rear.admiral.${ token }@navy.example`,
					primary: false,
				},
			],
			phone: '+1 555 0100',
		} );
		await page.goto( LIST_URL );
		await expect(
			page.getByRole( 'heading', { name: 'Contacts', level: 1 } )
		).toBeVisible();

		await search(
			page,
			`REAR.Admiral.${ token.toUpperCase() }@NAVY.example`
		);
		await expect( rows( page ) ).toHaveCount( 1 );
		const row = rowOf( page, contact );
		await expect(
			row.getByRole( 'link', { name: `Grace Hopper${ token }` } ).first()
		).toHaveAttribute(
			'href',
			`admin.php?page=users-to-contacts-edit&contact=${ contact.id }`
		);
		// The primary email, and that it has one more.
		await expect( row.locator( '.column-email' ) ).toContainText(
			`grace.${ token }@example.com`
		);
		await expect( row.locator( '.column-email' ) ).toContainText(
			'+1 more'
		);
		await expect( row.locator( '.column-type' ) ).toHaveText(
			'Individual'
		);
		await expect( row.locator( '.column-phone' ) ).toHaveText(
			'+1 555 0100'
		);
		await expect(
			page.locator( '.tablenav.top .displaying-num' )
		).toHaveText( '1 item' );
		// The search is in the address: a reload keeps it.
		expect( new URL( page.url() ).searchParams.get( 's' ) ).toBe(
			`REAR.Admiral.${ token.toUpperCase() }@NAVY.example`
		);
		await page.reload();
		await expect( rows( page ) ).toHaveCount( 1 );
		await expect( page.getByLabel( 'Search Contacts:' ) ).toHaveValue(
			`REAR.Admiral.${ token.toUpperCase() }@NAVY.example`
		);
		await screenshots( page, 'list-search' );
	} );

	test( 'the type, linked and date filters each narrow the list', async ( {
		page,
	} ) => {
		const token = unique( 'narrow' );
		const person = await createContact( { first_name: token } );
		const organization = await createContact( {
			type: 'organization',
			organization_name: `${ token } Ltd`,
		} );
		const household = await createContact( {
			type: 'household',
			display_name: `${ token } household`,
		} );
		await linkNewUser( page, organization );
		// Made on days long past (the site's time zone is UTC here).
		setTimes( person.id, {
			created: '2002-03-04 10:00:00',
			modified: '2002-03-04 10:00:00',
		} );
		setTimes( household.id, {
			created: '2002-01-01 10:00:00',
			modified: '2003-05-06 10:00:00',
		} );

		await page.goto( LIST_URL );
		await search( page, token );
		expect( await listedIds( page ) ).toEqual(
			sorted( person, organization, household )
		);

		await page
			.getByLabel( 'Filter by type' )
			.selectOption( 'organization' );
		await filter( page );
		expect( await listedIds( page ) ).toEqual( sorted( organization ) );
		await page.getByLabel( 'Filter by type' ).selectOption( 'household' );
		await filter( page );
		expect( await listedIds( page ) ).toEqual( sorted( household ) );
		await page.getByLabel( 'Filter by type' ).selectOption( '' );
		await filter( page );

		const views = page.locator( 'ul.subsubsub' );
		await views.getByRole( 'link', { name: /^Linked/ } ).click();
		await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
		expect( await listedIds( page ) ).toEqual( sorted( organization ) );
		await expect(
			views.getByRole( 'link', { name: /^Linked/ } )
		).toHaveAttribute( 'aria-current', 'page' );
		await views.getByRole( 'link', { name: /^Not linked/ } ).click();
		await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
		expect( await listedIds( page ) ).toEqual(
			sorted( person, household )
		);
		await screenshots( page, 'list-filtered' );
		await views.getByRole( 'link', { name: /^All/ } ).click();
		await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );

		const created = page.getByRole( 'group', { name: 'Created' } );
		await created.getByLabel( 'from' ).fill( '2002-03-01' );
		await created.getByLabel( 'to', { exact: true } ).fill( '2002-03-10' );
		await filter( page );
		expect( await listedIds( page ) ).toEqual( sorted( person ) );
		await created.getByLabel( 'from' ).fill( '2001-12-01' );
		await filter( page );
		expect( await listedIds( page ) ).toEqual(
			sorted( person, household )
		);
		await created.getByLabel( 'from' ).fill( '' );
		await created.getByLabel( 'to', { exact: true } ).fill( '' );

		const modified = page.getByRole( 'group', { name: 'Modified' } );
		await modified.getByLabel( 'from' ).fill( '2003-05-06' );
		await modified.getByLabel( 'to', { exact: true } ).fill( '2003-05-06' );
		await filter( page );
		expect( await listedIds( page ) ).toEqual( sorted( household ) );

		// An end before the start is said next to the field, and nothing is applied.
		const before = page.url();
		await modified.getByLabel( 'to', { exact: true } ).fill( '2003-05-01' );
		await page
			.getByRole( 'button', { name: 'Filter', exact: true } )
			.click();
		await expect(
			modified.getByLabel( 'to', { exact: true } )
		).toHaveAttribute( 'aria-invalid', 'true' );
		await expect(
			modified.getByLabel( 'to', { exact: true } )
		).toHaveAccessibleDescription(
			'The end date is before the start date.'
		);
		await expect(
			modified.getByLabel( 'to', { exact: true } )
		).toBeFocused();
		expect( page.url() ).toBe( before );
	} );

	test( 'a linked contact shows the profile icon and username; a locked one its lock and no Delete', async ( {
		page,
	} ) => {
		const token = unique( 'linked' );
		const contact = await createContact( { first_name: token } );
		const user = await linkNewUser( page, contact );
		const free = await createContact( { first_name: `${ token }free` } );

		await page.goto( LIST_URL );
		await search( page, token );
		const cell = rowOf( page, contact ).locator( '.column-user' );
		await expect( cell.locator( '.dashicons-admin-users' ) ).toBeVisible();
		await expect(
			cell.getByRole( 'link', { name: user.login } )
		).toHaveAttribute( 'href', `user-edit.php?user_id=${ user.id }` );
		await expect( cell.locator( '.dashicons-lock' ) ).toBeVisible();
		await expect( cell ).toContainText( 'Locked: the user is the source' );

		// Row actions: View only for the locked contact; Edit | Delete for the other.
		const locked = rowOf( page, contact );
		await locked.hover();
		await expect(
			locked.locator( '.row-actions' ).getByRole( 'link' )
		).toHaveText( [ 'View' ] );
		await expect(
			locked.getByRole( 'button', { name: /Delete/ } )
		).toHaveCount( 0 );
		const other = rowOf( page, free );
		await other.hover();
		await expect( other.locator( '.row-actions' ) ).toContainText(
			'Edit | Delete'
		);
		await expect( other.locator( '.column-user' ) ).toContainText( '—' );

		// The username opens the user's profile.
		await cell.getByRole( 'link', { name: user.login } ).click();
		await expect( page ).toHaveURL(
			new RegExp( `user-edit\\.php\\?user_id=${ user.id }` )
		);
	} );

	test( 'a contact whose user was deleted stays and says it is no longer linked (B12)', async ( {
		page,
	} ) => {
		const token = unique( 'former' );
		const contact = await createContact( { first_name: token } );
		const user = await linkNewUser( page, contact );
		const deleted = await rest( `/wp/v2/users/${ user.id }`, {
			method: 'DELETE',
			query: { force: 'true', reassign: '1' },
		} );
		expect( deleted.status ).toBe( 200 );

		// The delete rule is off by default: the link goes (the sidecar carries the deletion
		// out; no admin page is open meanwhile), the contact stays and shows it was a user's.
		const watcher = await startWatch();
		try {
			await eventually(
				async () => {
					const stored = await rest< Contact >(
						`${ CONTACTS }/${ contact.id }`
					);
					return stored.body.former_user_id === user.id || undefined;
				},
				30000,
				'the sidecar unlinking the deleted user'
			);
		} finally {
			await watcher.stop();
		}
		await page.goto( LIST_URL );
		await search( page, token );
		await expect(
			rowOf( page, contact ).locator( '.column-user' )
		).toHaveText( 'No longer linked' );
		await expect(
			rowOf( page, contact ).getByRole( 'link', { name: user.login } )
		).toHaveCount( 0 );
	} );

	test( 'the created-by-run filter lists exactly the contacts that run created (B6)', async ( {
		page,
	} ) => {
		// No wp-admin page is open meanwhile, so nothing links these users before the run does
		// (an open admin page processes waiting events in the background).
		await page.goto( 'about:blank' );
		const users = [
			await createUser( 'subscriber' ),
			await createUser( 'subscriber' ),
		];
		const sync = runCli( [ 'sync', '--json' ] );
		expect( sync.code ).toBe( 0 );
		const { run } = JSON.parse( sync.out ) as {
			run: { id: number; counts: { created: number } };
		};
		// Earlier specs leave unlinked users on the shared site, so the run may create thousands:
		// the total counts them all, and each of this test's users is among them.
		const expected = await rest< Contact[] >( CONTACTS, {
			query: { run: String( run.id ), per_page: '1' },
		} );
		expect( Number( expected.headers.get( 'X-WP-Total' ) ) ).toBe(
			run.counts.created
		);
		for ( const user of users ) {
			const link = await rest< { contact_id: number } >(
				`/users-to-contacts/v1/links/${ user.id }`
			);
			expect( link.status ).toBe( 200 );
			const own = await rest< { created_by_run: number | null } >(
				`${ CONTACTS }/${ link.body.contact_id }`
			);
			expect( own.body.created_by_run ).toBe( run.id );
		}

		// As the Synchronize screen links to it.
		await page.goto( `${ LIST_URL }&created_by_run=${ run.id }` );
		const notice = page.getByTestId( 'users-to-contacts-run-notice' );
		await expect( notice ).toContainText(
			new RegExp(
				`^Showing the ${ run.counts.created.toLocaleString(
					'en-US'
				) } contacts? created by the synchronization of .+ at .+\\.`
			)
		);
		await expect(
			page.locator( '.tablenav.top .displaying-num' )
		).toHaveText(
			`${ run.counts.created.toLocaleString( 'en-US' ) } item${
				run.counts.created === 1 ? '' : 's'
			}`
		);
		const shown = await listedIds( page );
		const onFirstPage = Math.min( run.counts.created, 20 );
		expect( shown ).toHaveLength( onFirstPage );
		for ( const id of shown ) {
			const listed = await rest< { created_by_run: number | null } >(
				`${ CONTACTS }/${ id }`
			);
			expect( listed.body.created_by_run ).toBe( run.id );
		}
		await screenshots( page, 'list-run' );

		// Removing the notice shows every contact again.
		await notice
			.getByRole( 'button', { name: 'Stop showing only these contacts' } )
			.click();
		await expect( notice ).toHaveCount( 0 );
		expect(
			new URL( page.url() ).searchParams.has( 'created_by_run' )
		).toBe( false );
	} );

	test( 'bulk delete asks first, deletes the others and names the locked contact it skipped', async ( {
		page,
	} ) => {
		const token = unique( 'bulk' );
		const first = await createContact( { first_name: `${ token }a` } );
		const second = await createContact( { first_name: `${ token }b` } );
		const locked = await createContact( {
			first_name: `${ token }locked`,
		} );
		await linkNewUser( page, locked );

		await page.goto( LIST_URL );
		await search( page, token );
		await expect( rows( page ) ).toHaveCount( 3 );
		await page.getByLabel( 'Select All' ).first().check();
		await page
			.locator( '#bulk-action-selector-top' )
			.selectOption( 'delete' );
		await page.locator( '#doaction' ).click();

		const dialog = page.getByRole( 'dialog', {
			name: 'Delete 3 contacts?',
		} );
		await expect( dialog ).toContainText(
			`Skipped: “${ token }locked”. It is locked, because its linked user is its source.`
		);
		await page.screenshot( {
			path: 'test-results/screenshots/contacts-list-delete-dialog.png',
		} );
		// Cancel changes nothing.
		await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
		await expect( dialog ).toHaveCount( 0 );
		await expect( rows( page ) ).toHaveCount( 3 );

		await page.locator( '#doaction' ).click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Delete 2 contacts' } )
			.click();
		const notices = page.locator( '.users-to-contacts-notices' );
		await expect( notices.locator( '.notice-success' ) ).toHaveText(
			'2 contacts deleted.'
		);
		await expect( notices.locator( '.notice-warning' ) ).toContainText(
			`Not deleted: “${ token }locked”. It is locked: its linked user is its source`
		);
		await expect( notices ).toBeFocused();
		await expect( page.locator( '#bulk-action-selector-top' ) ).toHaveValue(
			'-1'
		);
		await expect( rows( page ) ).toHaveCount( 1 );
		expect( await listedIds( page ) ).toEqual( sorted( locked ) );
		await screenshots( page, 'list-bulk-delete' );
		for ( const gone of [ first, second ] ) {
			expect(
				( await rest( `${ CONTACTS }/${ gone.id }` ) ).status
			).toBe( 404 );
		}
		expect( ( await rest( `${ CONTACTS }/${ locked.id }` ) ).status ).toBe(
			200
		);
	} );

	test( 'names with <script> and <img onerror> show as text', async ( {
		page,
	} ) => {
		const token = unique( 'markup' );
		// Stored as is (as an import could), whatever the write rules would have cleaned.
		runPhp(
			`global $wpdb; $now = gmdate( 'Y-m-d H:i:s' );
			foreach ( array( '<script>window.__listXss = 1</script>${ token }', '<img src=x onerror="window.__listXss = 2">${ token }' ) as $name ) {
				$wpdb->insert( $wpdb->prefix . 'utc_contacts', array( 'type' => 'individual', 'display_name' => $name, 'created' => $now, 'modified' => $now ) );
			}`
		);
		const dialogs: string[] = [];
		page.on( 'dialog', ( dialog ) => {
			dialogs.push( dialog.message() );
			return dialog.dismiss();
		} );
		await page.goto( LIST_URL );
		await search( page, token );
		await expect( rows( page ).locator( '.row-title' ) ).toHaveText( [
			`<img src=x onerror="window.__listXss = 2">${ token }`,
			`<script>window.__listXss = 1</script>${ token }`,
		] );
		await expect(
			table( page ).locator( 'tbody img, tbody script' )
		).toHaveCount( 0 );
		expect(
			await page.evaluate(
				() => ( window as unknown as { __listXss?: number } ).__listXss
			)
		).toBeUndefined();
		expect( dialogs ).toEqual( [] );
	} );

	test( 'every control is reached with Tab and shows its focus', async ( {
		page,
	} ) => {
		const token = unique( 'keys' );
		const contact = await createContact( { first_name: token } );
		await page.goto( LIST_URL );
		await search( page, token );
		await page.locator( 'ul.subsubsub a' ).first().focus();

		// Each Tab: what has focus in the list, whether it shows it, whether it is on screen.
		const steps: Array< {
			label: string;
			shows: boolean;
			onScreen: boolean;
		} | null > = [];
		for ( let step = 0; step < 40; step++ ) {
			steps.push(
				await page.evaluate( () => {
					const element =
						document.querySelector< HTMLElement >( ':focus' );
					if (
						! element ||
						! element.closest( '.users-to-contacts-list' )
					) {
						return null;
					}
					const style = window.getComputedStyle( element );
					const shows =
						style.boxShadow !== 'none' ||
						( style.outlineStyle !== 'none' &&
							style.outlineColor !== 'rgba(0, 0, 0, 0)' &&
							style.outlineWidth !== '0px' );
					const box = element.getBoundingClientRect();
					const name =
						element.getAttribute( 'aria-label' ) ||
						( element as HTMLInputElement ).labels?.[ 0 ]
							?.textContent ||
						( element as HTMLInputElement ).value ||
						element.textContent ||
						'';
					return {
						label: `${ element.tagName.toLowerCase() }:${ name.trim() }`,
						shows,
						onScreen: box.width > 0 && box.left >= 0,
					};
				} )
			);
			await page.keyboard.press( 'Tab' );
		}
		const inList = steps.filter(
			( step ): step is NonNullable< typeof step > => step !== null
		);
		expect(
			inList.filter( ( step ) => ! step.shows || ! step.onScreen )
		).toEqual( [] );
		const reached = inList.map( ( step ) => step.label );
		for ( const control of [
			'a:Linked (',
			'input:Search Contacts:',
			'input:Search Contacts',
			'select:Filter by type',
			'input:from',
			'input:to',
			'input:Filter',
			'select:Select bulk action',
			'input:Apply',
			'input:Select All',
			'a:NameSort descending.',
			`input:Select ${ token }`,
			`a:${ token }`,
			`a:Edit “${ token }”`,
			`button:Delete “${ token }”`,
		] ) {
			expect(
				reached.some( ( label ) => label.startsWith( control ) ),
				`${ control } is reached (${ reached.join( ' / ' ) })`
			).toBe( true );
		}

		// Delete from the keyboard asks first; Escape leaves the contact alone.
		await page
			.getByRole( 'button', { name: `Delete “${ token }”` } )
			.focus();
		await page.keyboard.press( 'Enter' );
		await expect(
			page.getByRole( 'dialog', { name: `Delete “${ token }”?` } )
		).toBeVisible();
		await page.keyboard.press( 'Escape' );
		await expect( page.getByRole( 'dialog' ) ).toHaveCount( 0 );
		expect( ( await rest( `${ CONTACTS }/${ contact.id }` ) ).status ).toBe(
			200
		);
	} );

	test( 'back and forward bring the filters back, and a reload keeps them', async ( {
		page,
	} ) => {
		const token = unique( 'history' );
		const older = await createContact( { first_name: `${ token }b` } );
		const newer = await createContact( {
			type: 'organization',
			organization_name: `${ token }a`,
		} );
		setTimes( older.id, { created: '2004-01-01 00:00:00' } );
		const names = () => rows( page ).locator( '.row-title' );

		await page.goto( LIST_URL );
		await search( page, token );
		await expect( names() ).toHaveText( [ `${ token }a`, `${ token }b` ] );
		// Newest first.
		await table( page )
			.locator( 'thead' )
			.getByRole( 'link', { name: /^Created/ } )
			.click();
		await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
		await expect( names() ).toHaveText( [ `${ token }a`, `${ token }b` ] );
		await expect(
			table( page ).locator( 'thead th.column-created' )
		).toHaveAttribute( 'aria-sort', 'descending' );
		await table( page )
			.locator( 'thead' )
			.getByRole( 'link', { name: /^Created/ } )
			.click();
		await expect( table( page ) ).toHaveAttribute( 'aria-busy', 'false' );
		await expect( names() ).toHaveText( [ `${ token }b`, `${ token }a` ] );
		await page
			.getByLabel( 'Filter by type' )
			.selectOption( 'organization' );
		await filter( page );
		await expect( names() ).toHaveText( [ `${ token }a` ] );

		await page.goBack();
		await expect( page.getByLabel( 'Filter by type' ) ).toHaveValue( '' );
		await expect( rows( page ) ).toHaveCount( 2 );
		await expect( names() ).toHaveText( [ `${ token }b`, `${ token }a` ] );
		await page.goBack();
		await expect(
			table( page ).locator( 'thead th.column-created' )
		).toHaveAttribute( 'aria-sort', 'descending' );
		await page.goBack();
		await expect(
			table( page ).locator( 'thead th.column-name' )
		).toHaveAttribute( 'aria-sort', 'ascending' );
		await expect( page.getByLabel( 'Search Contacts:' ) ).toHaveValue(
			token
		);
		await page.goBack();
		await expect( page.getByLabel( 'Search Contacts:' ) ).toHaveValue( '' );

		await page.goForward();
		await page.goForward();
		await page.goForward();
		await page.goForward();
		await expect( page.getByLabel( 'Filter by type' ) ).toHaveValue(
			'organization'
		);
		await expect( names() ).toHaveText( [ `${ token }a` ] );
		await page.reload();
		await expect( page.getByLabel( 'Filter by type' ) ).toHaveValue(
			'organization'
		);
		await expect( page.getByLabel( 'Search Contacts:' ) ).toHaveValue(
			token
		);
		await expect( rows( page ) ).toHaveCount( 1 );
		expect( newer.type ).toBe( 'organization' );
	} );

	test( 'with no contacts, the list says what to do', async ( { page } ) => {
		// The shared site has contacts: the screen is shown the answers of a site with none.
		await page.route(
			( url ) =>
				/\/users-to-contacts\/v1\/contacts(\/counts)?($|&|\?)/.test(
					decodeURIComponent( url.href )
				),
			( route ) => {
				const counts = decodeURIComponent(
					route.request().url()
				).includes( '/contacts/counts' );
				return route.fulfill( {
					status: 200,
					contentType: 'application/json',
					headers: { 'X-WP-Total': '0', 'X-WP-TotalPages': '0' },
					body: JSON.stringify(
						counts ? { all: 0, linked: 0, not_linked: 0 } : []
					),
				} );
			}
		);
		await page.goto( LIST_URL );
		const empty = page.locator( '.users-to-contacts-empty' );
		await expect( empty ).toHaveText(
			'No contacts yet. Add a contact, or synchronize your users to create contacts for them.'
		);
		await expect(
			empty.getByRole( 'link', { name: 'Add a contact' } )
		).toHaveAttribute( 'href', 'admin.php?page=users-to-contacts-edit' );
		await expect(
			empty.getByRole( 'link', { name: 'synchronize your users' } )
		).toHaveAttribute( 'href', 'admin.php?page=users-to-contacts-sync' );
		await expect( page.locator( 'ul.subsubsub' ) ).toContainText(
			'All (0)'
		);
		await screenshots( page, 'list-empty' );

		// A search that finds nothing says so, with the way back.
		await search( page, 'nothing at all' );
		await expect( table( page ).locator( '.no-items' ) ).toHaveText(
			'No contacts found. Show all contacts'
		);
	} );

	test( 'the list at 390 px: the name stays readable and a row opens its details', async ( {
		page,
	} ) => {
		const token = unique( 'phone' );
		const contact = await createContact( {
			first_name: `${ token }with-a-rather-long-name`,
			emails: [
				{
					email: `someone.with.a.long.address.${ token }@example.com`,
					primary: true,
				},
			],
		} );
		await page.setViewportSize( { width: 390, height: 844 } );
		await page.goto( LIST_URL );
		await search( page, token );
		const row = rowOf( page, contact );
		await expect( row.locator( '.column-email' ) ).toBeHidden();
		await row.getByRole( 'button', { name: 'Show more details' } ).click();
		await expect( row.locator( '.column-email' ) ).toBeVisible();
		await expect(
			row.getByRole( 'button', { name: 'Show more details' } )
		).toHaveAttribute( 'aria-expanded', 'true' );
		// Nothing is wider than the screen.
		const widest = await page.evaluate(
			() => document.documentElement.scrollWidth
		);
		expect( widest ).toBeLessThanOrEqual( 390 );
		await page.screenshot( {
			path: 'test-results/screenshots/contacts-list-row-open-390.png',
			fullPage: true,
		} );
	} );
} );
