/**
 * Reliability tests: faults (killed processes, a stopped database, a restarted web server,
 * concurrent runners, hostile requests) against the throwaway WordPress + MariaDB that
 * `npm run test:reliability` starts. Heavy sizes only with RELIABILITY_FULL=1 (`-- --full`).
 */
module.exports = {
	rootDir: '../..',
	testMatch: [ '<rootDir>/tests/reliability/**/*.test.ts' ],
	testEnvironment: 'node',
	testTimeout: 120000,
	// The scenarios stop and restart the one site's processes: never two at a time.
	maxWorkers: 1,
	transform: {
		'\\.[jt]sx?$': [
			'babel-jest',
			{ presets: [ '@wordpress/babel-preset-default' ] },
		],
	},
};
