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

declare global {
	interface Window {
		ReactJSXRuntime?: unknown;
	}
}

window.ReactJSXRuntime = { jsx, jsxs: jsx, jsxDEV: jsx, Fragment };
