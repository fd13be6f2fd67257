/**
 * Playwright against the throwaway WordPress that `npm test` starts, in Debian's Chromium.
 */
import { defineConfig } from '@playwright/test';
import { testSite } from '../support/site';

export default defineConfig( {
	testDir: '.',
	testMatch: '**/*.spec.ts',
	timeout: 60000,
	expect: { timeout: 10000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [ [ 'list' ], [ 'json' ] ],
	outputDir: '../../.local/test-results/e2e-artifacts',
	use: {
		baseURL: testSite().url,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		},
	},
} );
