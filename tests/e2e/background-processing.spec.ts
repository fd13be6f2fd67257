/**
 * Waiting work: with no sidecar, any wp-admin page an administrator has open processes waiting
 * events in the background (one tab at a time), and the Contacts screens say how many wait.
 * On a site of this spec's own, so no other suite's events or runners are in the way.
 */
import { expect, test } from '@playwright/test';
import type { Page, Route } from '@playwright/test';
import {
	adminPageOn,
	ownRest,
	screenshots,
	startOwnSite,
	stopOwnSite,
} from './ownSite';
import type { OwnSite } from './ownSite';

let site: OwnSite;

test.beforeAll( () => {
	site = startOwnSite();
} );

test.afterAll( () => {
	if ( site ) {
		stopOwnSite( site.dir );
	}
} );

let counter = 0;

/** A registration, as the admin makes it: it records an event that waits for a runner. */
async function register() {
	counter += 1;
	const login = `newcomer_${ Date.now().toString( 36 ) }_${ counter }`;
	const created = await ownRest< { id: number } >( site, '/wp/v2/users', {
		method: 'POST',
		body: {
			username: login,
			email: `${ login }@example.com`,
			password: 'secret-password-123',
		},
	} );
	expect( created.status ).toBe( 201 );
	return created.body.id;
}

async function linkStatus( userId: number ) {
	return ( await ownRest( site, `/users-to-contacts/v1/links/${ userId }` ) )
		.status;
}

function statusRequests( page: Page ): string[] {
	const seen: string[] = [];
	page.on( 'request', ( request ) => {
		if ( /runner-status/.test( decodeURIComponent( request.url() ) ) ) {
			seen.push( request.url() );
		}
	} );
	return seen;
}

test( 'with no sidecar, an open wp-admin page links a registration, one tab at a time, and Contacts says how many wait', async ( {
	browser,
} ) => {
	test.setTimeout( 120000 );
	const { context, page, errors } = await adminPageOn( browser, site );

	// No admin page open: the registration waits. (Logging in left the Dashboard open, which
	// may already be processing; a page left while it processed leaves its claim to expire.)
	await page.goto( 'about:blank' );
	const newcomer = await register();
	expect( await linkStatus( newcomer ) ).toBe( 404 );
	// The Dashboard, nothing of the plugin's on it: the registration is processed all the same.
	await page.goto( '/wp-admin/' );
	await expect
		.poll( () => linkStatus( newcomer ), { timeout: 40000 } )
		.toBe( 200 );

	// Two tabs: one asks the site. A tab opened just as the leader's lease is renewed can lead
	// with it for a tick (localStorage has no compare-and-swap; a claim is leased on the
	// server, so nothing is done twice), then one of them keeps asking and the other stays quiet.
	const second = await context.newPage();
	const secondErrors: string[] = [];
	second.on( 'console', ( message ) => {
		if ( message.type() === 'error' ) {
			secondErrors.push( message.text() );
		}
	} );
	const fromSecond = statusRequests( second );
	await second.goto( '/wp-admin/profile.php' );
	await new Promise( ( resolve ) => setTimeout( resolve, 12000 ) );
	const first = statusRequests( page );
	const secondBefore = fromSecond.length;
	await new Promise( ( resolve ) => setTimeout( resolve, 11000 ) );
	const asking = [ first.length, fromSecond.length - secondBefore ].filter(
		( count ) => count > 0
	);
	expect( asking ).toHaveLength( 1 );
	expect( asking[ 0 ] ).toBeGreaterThan( 1 );
	await second.close();

	// While the browser cannot get at the waiting events (held back here), a Contacts screen
	// says how many wait; once they go through, that nothing does.
	let release: () => void = () => undefined;
	const held = new Promise< void >( ( resolve ) => ( release = resolve ) );
	await context.route(
		( url ) => /events\/claim/.test( decodeURIComponent( url.href ) ),
		async ( route: Route ) => {
			await held;
			await route.continue();
		}
	);
	const waiting = await register();
	await page.goto( '/wp-admin/admin.php?page=users-to-contacts-sync' );
	const notice = page.getByTestId( 'users-to-contacts-runner-status' );
	await expect( notice ).toHaveText(
		/^Automatic linking is not running: [1-9]\d* user changes? (is|are) waiting\./,
		{ timeout: 15000 }
	);
	await screenshots( page, 'contacts-waiting' );
	release();
	await expect
		.poll( () => linkStatus( waiting ), { timeout: 20000 } )
		.toBe( 200 );
	await expect( notice ).toContainText( 'none is waiting now', {
		timeout: 15000,
	} );

	// A sidecar heard from: the screens say automatic linking runs, and the browser leaves the
	// events to it.
	const beat = await ownRest(
		site,
		'/users-to-contacts/v1/events/heartbeat',
		{
			method: 'POST',
			body: { runner: 'e2e-sidecar', kind: 'sidecar' },
		}
	);
	expect( beat.status ).toBe( 200 );
	await page.goto( '/wp-admin/admin.php?page=users-to-contacts' );
	await expect( notice ).toHaveText(
		/^Automatic linking is running \(checked \d+ seconds? ago\)\.$/,
		{ timeout: 15000 }
	);
	await screenshots( page, 'contacts-automatic-linking' );
	const leftToSidecar = await register();
	await new Promise( ( resolve ) => setTimeout( resolve, 7000 ) );
	expect( await linkStatus( leftToSidecar ) ).toBe( 404 );

	expect( errors ).toEqual( [] );
	expect( secondErrors ).toEqual( [] );
} );
