/**
 * Renders an app into a DOM node on every supported WordPress: `createRoot` arrived in
 * WordPress 6.2 (React 18); WordPress 6.1 has React 17's `render`.
 */
import * as element from '@wordpress/element';
import type { ReactElement } from 'react';

export function mount( app: ReactElement, container: Element ): void {
	if ( typeof element.createRoot === 'function' ) {
		element.createRoot( container ).render( app );
		return;
	}
	element.render( app, container );
}
