/**
 * Entry of the wp-admin Contacts screens (admin.php?page=users-to-contacts…): the PHP page
 * prints one mount point whose `data-screen` names the screen to render.
 */
import domReady from '@wordpress/dom-ready';
import { createApiFetchTransport } from '../api/apiFetchTransport';
import { FlashNotice } from './common/flashNotice';
import { mount } from './mount';
import { screenFor } from './screens';

domReady( () => {
	const container = document.getElementById( 'users-to-contacts-admin' );
	if ( container ) {
		const Screen = screenFor( container.dataset.screen ?? 'list' );
		// A notice the previous screen left (e.g. "Contact deleted." on the list) comes first.
		mount(
			<>
				<FlashNotice />
				<Screen transport={ createApiFetchTransport() } />
			</>,
			container
		);
	}
} );
