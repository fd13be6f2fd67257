/**
 * The webpack config of wordpress/scripts with this plugin's entry points.
 */
const path = require( 'path' );
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		admin: path.resolve( __dirname, 'src/admin/index.tsx' ),
		background: path.resolve( __dirname, 'src/admin/background/index.ts' ),
		// The visitors' forms (includes/Frontend/VisitorForms.php) and their blocks in the editor.
		'frontend-signup': path.resolve(
			__dirname,
			'src/frontend/signup/index.tsx'
		),
		'frontend-my-details': path.resolve(
			__dirname,
			'src/frontend/my-details/index.tsx'
		),
		'frontend-blocks': path.resolve(
			__dirname,
			'src/frontend/blocks/index.tsx'
		),
		'react-jsx-runtime': path.resolve(
			__dirname,
			'src/compat/react-jsx-runtime.ts'
		),
	},
	output: {
		...defaultConfig.output,
		path: path.resolve( __dirname, 'build' ),
	},
};
