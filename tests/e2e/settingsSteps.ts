/**
 * Shared steps of the Contacts › Settings specs (tests/e2e/settings*.spec.ts): the settings a
 * fresh install has, the screen's address, and screenshots at a desktop and a phone width.
 */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { rest } from '../support/site';

export const SETTINGS_SCREEN =
	'/wp-admin/admin.php?page=users-to-contacts-settings';

export const FRESH_SETTINGS = {
	sync_mode: 'email_only',
	field_map: [],
	link_when: [ 'registration', 'login' ],
	delete_contact_with_user: false,
	delete_user_with_contact: false,
	trust_all_emails: false,
	remove_data_on_uninstall: false,
	visitor_fields: [
		'first_name',
		'last_name',
		'email',
		'phone',
		'street_address',
		'city',
		'postal_code',
		'country',
	],
};

/** Puts the settings back as a fresh install has them (other suites share the site). */
export async function freshSettings(
	changes: Record< string, unknown > = {}
): Promise< void > {
	const response = await rest( '/users-to-contacts/v1/settings', {
		method: 'PUT',
		body: { ...FRESH_SETTINGS, ...changes },
	} );
	expect( response.status ).toBe( 200 );
}

/**
 * The whole page at 1280 px, and at 390 px (a phone) unless `phone` is false, into
 * test-results/screenshots/settings-<name>(-390).png.
 */
export async function screenshot(
	page: Page,
	name: string,
	phone = true
): Promise< void > {
	// A full-page shot of a scrolled page draws core's fixed menu half-way down.
	await page.evaluate( () => window.scrollTo( 0, 0 ) );
	// Core moves its menu on scroll a moment later.
	await page.waitForTimeout( 300 );
	await page.setViewportSize( { width: 1280, height: 900 } );
	await page.screenshot( {
		path: `test-results/screenshots/settings-${ name }.png`,
		fullPage: true,
	} );
	if ( phone ) {
		await page.setViewportSize( { width: 390, height: 844 } );
		await page.screenshot( {
			path: `test-results/screenshots/settings-${ name }-390.png`,
			fullPage: true,
		} );
		await page.setViewportSize( { width: 1280, height: 900 } );
	}
}

/** Every run of "Update all synchronized users" still in progress is cancelled. */
export async function cancelOpenResyncRuns(): Promise< void > {
	const runs = await rest< Array< { id: number; status: string } > >(
		'/users-to-contacts/v1/runs',
		{ query: { kind: 'resync_all', per_page: '100' } }
	);
	for ( const run of runs.body ) {
		if ( run.status === 'running' || run.status === 'paused' ) {
			await rest( `/users-to-contacts/v1/runs/${ run.id }`, {
				method: 'PATCH',
				body: { status: 'cancelled' },
			} );
		}
	}
}
