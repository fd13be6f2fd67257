/**
 * `react-jsx-runtime` for WordPress < 6.6, built on the page's own React (17 on WordPress 6.1).
 *
 * Bundles from current @wordpress/scripts call `ReactJSXRuntime.jsx( type, props, key )`; this
 * maps that onto `createElement`, which every React version has.
 */
import { createElement, Fragment } from 'react';
import type { ElementType, ReactElement } from 'react';

type Props = Record< string, unknown >;

function jsx( type: ElementType, props: Props, key?: string ): ReactElement {
	return createElement( type, key === undefined ? props : { ...props, key } );
}

/**
 * `jsxs`: the children are a static list written out in the source, so they need no keys. They
 * go to createElement one by one, as the classic JSX transform passes them; as one array React's
 * development build would ask each of them for a key (a console error on every screen when
 * SCRIPT_DEBUG is on, as in wp-env).
 */
function jsxs( type: ElementType, props: Props, key?: string ): ReactElement {
	const { children, ...rest } = props;
	return createElement(
		type,
		key === undefined ? rest : { ...rest, key },
		...( Array.isArray( children ) ? children : [ children ] )
	);
}

declare global {
	interface Window {
		ReactJSXRuntime?: unknown;
	}
}

window.ReactJSXRuntime = { jsx, jsxs, jsxDEV: jsx, Fragment };
