/**
 * Unit tests: pure logic on plain data, no WordPress.
 */
module.exports = {
	rootDir: '../..',
	testMatch: [ '<rootDir>/tests/unit/**/*.test.ts?(x)' ],
	testEnvironment: 'node',
	transform: {
		'\\.[jt]sx?$': [
			'babel-jest',
			{ presets: [ '@wordpress/babel-preset-default' ] },
		],
	},
};
