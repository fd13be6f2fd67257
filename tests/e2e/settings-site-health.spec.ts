/**
 * Tools › Site Health: the runner test is green while the sidecar (`watch`) runs, and a
 * recommendation saying how many changes wait, and what to do, once it has stopped and someone
 * registers; the Info tab has the plugin's section.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startWatch } from '../support/sidecar';
import { createUser, rest } from '../support/site';
import { collectConsoleErrors, logIn } from './fixtures';
import { screenshot } from './settingsSteps';

const NS = '/users-to-contacts/v1';

/** Runners other suites left counted as alive say goodbye. */
async function noRunners() {
	const runners = await rest<
		Array< { runner: string; kind: string; alive: boolean } >
	>( `${ NS }/events/heartbeat` );
	for ( const runner of runners.body.filter( ( entry ) => entry.alive ) ) {
		await rest( `${ NS }/events/heartbeat`, {
			method: 'POST',
			body: { runner: runner.runner, kind: runner.kind, stopping: true },
		} );
	}
}

/** Opens Tools › Site Health and the result titled `title`; returns that result. */
async function openResult( page: Page, title: string | RegExp ) {
	await page.goto( '/wp-admin/site-health.php' );
	const trigger = page
		.locator( '.health-check-accordion-trigger' )
		.filter( { hasText: title } );
	await expect( trigger ).toHaveCount( 1, { timeout: 20000 } );
	if ( ! ( await trigger.isVisible() ) ) {
		// Good results sit under "Passed tests", folded.
		await page.getByRole( 'button', { name: 'Passed tests' } ).click();
	}
	await trigger.click();
	const panel = page.locator(
		`#${ await trigger.getAttribute( 'aria-controls' ) }`
	);
	await expect( panel ).toBeVisible();
	return { trigger, panel };
}

test.afterAll( noRunners );

test( 'the runner test is green with a sidecar, and a warning with how many changes wait once it stops', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	await noRunners();
	const watcher = await startWatch();
	await logIn( page );
	try {
		const good = await openResult(
			page,
			'Registrations and profile changes reach contacts in real time'
		);
		await expect( good.trigger ).toContainText( 'Users to Contacts' );
		await expect( good.panel ).toContainText(
			'The synchronization process on the server was last heard from'
		);
		await screenshot( page, 'site-health-good' );
	} finally {
		await watcher.stop();
	}

	// Someone registers while nothing runs on the server. (Away from wp-admin, so this
	// browser does not process the event first.)
	await page.goto( '/' );
	await createUser( 'subscriber' );
	const waiting = await openResult(
		page,
		/\d+ changes? (is|are) waiting to reach contacts/
	);
	await expect( waiting.panel ).toContainText(
		'No synchronization process is running on the server'
	);
	await expect(
		waiting.panel.getByRole( 'link', {
			name: 'Go to Contacts › Synchronize',
		} )
	).toHaveAttribute( 'href', /page=users-to-contacts-sync/ );
	await expect( waiting.panel ).toContainText( 'users-to-contacts watch' );
	await screenshot( page, 'site-health-waiting' );
	expect( errors ).toEqual( [] );
} );

test( 'the Info tab shows the plugin’s version, schema version and counts', async ( {
	page,
} ) => {
	const errors = collectConsoleErrors( page );
	await logIn( page );
	await page.goto( '/wp-admin/site-health.php?tab=debug' );
	await page.getByRole( 'button', { name: 'Users to Contacts' } ).click();
	const section = page.locator(
		'#health-check-accordion-block-users-to-contacts'
	);
	await expect( section ).toBeVisible();
	const status = await rest< { plugin_version: string } >( `${ NS }/status` );
	for ( const label of [
		'Version',
		'Database schema version',
		'PHP version',
		'Contacts',
		'Users linked to a contact',
		'Changes waiting to be synchronized',
		'Changes that failed',
	] ) {
		await expect(
			section
				.locator( 'td' )
				.filter( { hasText: new RegExp( `^${ label }$` ) } )
		).toBeVisible();
	}
	await expect(
		section
			.locator( 'tr' )
			.filter( { has: page.locator( 'td', { hasText: /^Version$/ } ) } )
	).toContainText( status.body.plugin_version );
	await screenshot( page, 'site-health-info', false );
	expect( errors ).toEqual( [] );
} );
