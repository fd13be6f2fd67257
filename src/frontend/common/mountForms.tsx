/**
 * Draws a visitor form into every mount point of its kind on the page (a block or a shortcode).
 */
import domReady from '@wordpress/dom-ready';
import type { ReactElement } from 'react';
import { mount } from '../../admin/mount';
import { readConfig } from './config';
import type { FormConfig } from './config';

export function mountForms(
	form: FormConfig[ 'form' ],
	render: ( config: FormConfig, idPrefix: string ) => ReactElement
): void {
	domReady( () => {
		const containers = document.querySelectorAll< HTMLElement >(
			`.users-to-contacts-form[data-form="${ form }"]`
		);
		containers.forEach( ( container, index ) => {
			// Ids stay unique when a page shows the same form twice.
			const idPrefix = `users-to-contacts-${ form }-${ index + 1 }`;
			mount( render( readConfig( container ), idPrefix ), container );
		} );
	} );
}
