/**
 * The part of the integration suite that `npm test` also runs against wp-env's Playground
 * runtime (WordPress on SQLite, scripts/lib/playground.mjs), so SQLite support cannot silently
 * break: contacts CRUD, bulk apply, the email rule, email changes (R5), the batch sync through
 * the CLI (and, in a second run, the claims of events.test.ts). The same tests as against
 * MariaDB; only the site differs. Playground serves one request at a time in WebAssembly,
 * several times slower (and slower still on a busy machine), hence the longer timeout.
 */
const base = require( './jest.config' );

module.exports = {
	...base,
	testMatch: [
		'<rootDir>/tests/integration/contacts.test.ts',
		'<rootDir>/tests/integration/bulk.test.ts',
		'<rootDir>/tests/integration/email-rule.test.ts',
		'<rootDir>/tests/integration/events.test.ts',
		'<rootDir>/tests/integration/email-history.test.ts',
		'<rootDir>/tests/integration/sync-batch.test.ts',
	],
	testTimeout: 300000,
};
