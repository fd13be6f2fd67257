/**
 * What "When to link" and the delete rules do once saved on Contacts › Settings, with the real
 * sidecar (`watch`) processing events: CRM action only (B3, through /me until the visitor forms
 * exist), and "Delete user when contact is deleted" (B12, R7).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { eventually } from '../support/people';
import { startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';
import { createUser, rest } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';
import { SETTINGS_SCREEN, freshSettings, screenshot } from './settingsSteps';

const NS = '/users-to-contacts/v1';
/** A guard against a stuck sidecar, not a speed target. */
const SYNC_WAIT_MS = 15000;

let watcher: Watcher | null = null;

test.beforeAll( async () => {
	watcher = await startWatch();
} );

test.afterAll( async () => {
	await watcher?.stop();
	await freshSettings();
} );

async function linkOf(
	userId: number
): Promise< { contact_id: number; source: string } | undefined > {
	const response = await rest< { contact_id: number; source: string } >(
		`${ NS }/links/${ userId }`
	);
	return response.status === 200 ? response.body : undefined;
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

async function saveOnScreen( page: Page ) {
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.locator( '.users-to-contacts-notice' ) ).toContainText(
		'Settings saved.'
	);
}

test( 'with "When to link" = CRM action only, a new registration stays unlinked and the first save of My details links it', async ( {
	page,
} ) => {
	await freshSettings();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( SETTINGS_SCREEN );
	await page.getByLabel( 'When a user registers' ).uncheck();
	await page.getByLabel( 'When a user logs in' ).uncheck();
	await page
		.getByLabel( 'On their first action with their contact details' )
		.check();
	await saveOnScreen( page );
	await screenshot( page, 'crm-action-only', false );

	const person = await createUser( 'subscriber' );
	await drained();
	expect( await linkOf( person.id ) ).toBeUndefined();

	// The visitor's My details form is not built yet; it saves through /me.
	const saved = await rest( `${ NS }/me`, {
		method: 'PUT',
		auth: person.credentials,
		body: { phone: '555-0110' },
	} );
	expect( saved.status ).toBe( 202 );
	await eventually(
		() => linkOf( person.id ),
		SYNC_WAIT_MS,
		'linking on the first CRM action'
	);
	const me = await rest< { linked: boolean; phone: string } >( `${ NS }/me`, {
		auth: person.credentials,
	} );
	expect( me.body ).toMatchObject( { linked: true, phone: '555-0110' } );
	expect( errors ).toEqual( [] );
} );

test( 'with "Delete user when contact is deleted", deleting the contact of a reversed link deletes the user, never an administrator', async ( {
	page,
} ) => {
	await freshSettings();
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( SETTINGS_SCREEN );
	await page.getByLabel( 'Delete user when contact is deleted' ).check();
	await saveOnScreen( page );

	const member = await createUser( 'subscriber' );
	const boss = await createUser( 'administrator' );
	for ( const someone of [ member, boss ] ) {
		const { value: link } = await eventually(
			() => linkOf( someone.id ),
			SYNC_WAIT_MS,
			'linking on registration'
		);
		// The contact becomes the source of the user's details.
		expect(
			(
				await rest( `${ NS }/links/${ someone.id }`, {
					method: 'PATCH',
					body: { source: 'contact' },
				} )
			).status
		).toBe( 200 );
		expect(
			(
				await rest( `${ NS }/contacts/${ link.contact_id }`, {
					method: 'DELETE',
				} )
			).status
		).toBe( 200 );
	}

	// The member goes with their contact.
	await eventually(
		async () =>
			( await rest( `/wp/v2/users/${ member.id }` ) ).status === 404
				? true
				: undefined,
		SYNC_WAIT_MS,
		'deleting the user with the contact'
	);
	// The administrator is only unlinked.
	await eventually(
		async () => ( ( await linkOf( boss.id ) ) ? undefined : true ),
		SYNC_WAIT_MS,
		'unlinking the administrator'
	);
	await drained();
	expect(
		(
			await rest( `/wp/v2/users/${ boss.id }`, {
				query: { context: 'edit' },
			} )
		).status
	).toBe( 200 );
	await screenshot( page, 'delete-rules', false );
	expect( errors ).toEqual( [] );
} );
