/**
 * ESLint flat config: @wordpress/eslint-plugin's recommended rules for TypeScript and scripts.
 */
const wpPlugin = require( '@wordpress/eslint-plugin' );

module.exports = [
	{
		ignores: [
			'build/**',
			'node_modules/**',
			'.local/**',
			'test-results/**',
			'playwright-report/**',
		],
	},
	...wpPlugin.configs.recommended,
	...wpPlugin.configs[ 'test-unit' ].map( ( config ) => ( {
		...config,
		files: [
			'tests/unit/**/*.{js,ts,tsx}',
			'tests/integration/**/*.{js,ts}',
		],
	} ) ),
	...wpPlugin.configs[ 'test-playwright' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/e2e/**/*.{js,ts}' ],
	} ) ),
	{
		files: [
			'scripts/**/*.mjs',
			'bench/**/*.mjs',
			'bin/**/*.js',
			'tests/**/*.{js,mjs,cjs}',
			'*.js',
			'*.cjs',
		],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				__dirname: 'readonly',
				require: 'readonly',
				module: 'writable',
				fetch: 'readonly',
				AbortSignal: 'readonly',
				setTimeout: 'readonly',
			},
		},
		rules: {
			'no-console': 'off',
			// Plain Node scripts: the comments say what a function does, not its types.
			'jsdoc/require-param': 'off',
			'jsdoc/require-param-type': 'off',
		},
	},
	{
		files: [ 'src/sidecar/**/*.ts' ],
		rules: {
			'no-console': 'off',
		},
	},
	{
		settings: {
			'import/resolver': {
				node: { extensions: [ '.js', '.jsx', '.ts', '.tsx' ] },
			},
		},
		rules: {
			// Parameter types live in the signatures; comments say why, not what.
			'jsdoc/require-param': 'off',
			// TypeScript resolves imports; the import plugin cannot see the type-only packages.
			'import/no-unresolved': 'off',
			'import/no-extraneous-dependencies': 'off',
		},
	},
];
