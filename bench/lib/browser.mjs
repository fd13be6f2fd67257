/**
 * "Synchronize Users to Contacts" the way an admin runs it: the Synchronize screen in
 * wp-admin, headless Chromium (/usr/bin/chromium, as the e2e tests) driven by Playwright.
 * Wall time from Start to the summary on screen; the page's peak JS heap, sampled through the
 * Chrome DevTools Protocol every 250 ms.
 */
import { chromium } from '@playwright/test';

const SYNC_SCREEN = '/wp-admin/admin.php?page=users-to-contacts-sync';

export async function runBrowserSync( state, { timeoutMs } ) {
	const browser = await chromium.launch( {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--no-first-run',
		],
	} );
	try {
		const context = await browser.newContext( {
			baseURL: state.url,
			viewport: { width: 1280, height: 900 },
		} );
		const page = await context.newPage();
		const errors = [];
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );
		await page.goto( '/wp-login.php' );
		await page
			.getByLabel( 'Username or Email Address' )
			.fill( state.adminUser );
		await page
			.getByLabel( 'Password', { exact: true } )
			.fill( state.adminPassword );
		await page.getByRole( 'button', { name: 'Log In' } ).click();
		await page.waitForURL( /wp-admin/ );
		await page.goto( SYNC_SCREEN );
		const cdp = await context.newCDPSession( page );
		await cdp.send( 'Performance.enable' );
		let heapPeak = 0;
		const readHeap = async () => {
			const { metrics } = await cdp.send( 'Performance.getMetrics' );
			const used = metrics.find(
				( metric ) => metric.name === 'JSHeapUsedSize'
			);
			heapPeak = Math.max( heapPeak, used?.value ?? 0 );
		};
		await readHeap();
		const heapBefore = heapPeak;
		let sampling = true;
		const sampler = ( async () => {
			while ( sampling ) {
				await readHeap().catch( () => undefined );
				await new Promise( ( resolve ) => setTimeout( resolve, 250 ) );
			}
		} )();
		await page
			.getByRole( 'button', { name: 'Synchronize Users to Contacts…' } )
			.click();
		const began = performance.now();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Start' } )
			.click();
		const summary = page.getByTestId( 'users-to-contacts-sync-summary' );
		await summary
			.filter( { hasText: 'completed' } )
			.waitFor( { timeout: timeoutMs } );
		const seconds = ( performance.now() - began ) / 1000;
		sampling = false;
		await sampler;
		await readHeap();
		if ( errors.length > 0 ) {
			throw new Error( `The page failed: ${ errors.join( '; ' ) }` );
		}
		return {
			seconds,
			heapPeakMb: heapPeak / 1048576,
			heapBeforeMb: heapBefore / 1048576,
			summary: ( await summary.textContent() ) ?? '',
		};
	} finally {
		await browser.close();
	}
}
