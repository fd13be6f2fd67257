/**
 * Entry of the wp-admin Contacts screen (admin.php?page=users-to-contacts).
 */
import domReady from '@wordpress/dom-ready';
import { createApiFetchTransport } from '../api/apiFetchTransport';
import { ContactsApp } from './ContactsApp';
import { mount } from './mount';

domReady( () => {
	const container = document.getElementById( 'users-to-contacts-admin' );
	if ( container ) {
		mount(
			<ContactsApp transport={ createApiFetchTransport() } />,
			container
		);
	}
} );
