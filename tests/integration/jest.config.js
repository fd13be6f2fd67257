/**
 * Integration tests: real HTTP against the throwaway WordPress + MariaDB that `npm test` starts.
 */
module.exports = {
	rootDir: '../..',
	testMatch: [ '<rootDir>/tests/integration/**/*.test.ts' ],
	testEnvironment: 'node',
	testTimeout: 30000,
	maxWorkers: 1,
	setupFiles: [ '<rootDir>/tests/support/fetchWithoutKeepAlive.ts' ],
	transform: {
		'\\.[jt]sx?$': [
			'babel-jest',
			{ presets: [ '@wordpress/babel-preset-default' ] },
		],
	},
};
