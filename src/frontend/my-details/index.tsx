/**
 * Entry of the My details form (block users-to-contacts/my-details and the
 * [users_to_contacts_my_details] shortcode): the form for a logged-in visitor, a log-in link
 * that comes back to the page for anyone else.
 */
import { __ } from '@wordpress/i18n';
import { createApiFetchTransport } from '../../api/apiFetchTransport';
import '../common/forms.css';
import './my-details.css';
import { mountForms } from '../common/mountForms';
import { MyDetailsForm } from './MyDetailsForm';

mountForms( 'my-details', ( config, idPrefix ) =>
	config.loggedIn ? (
		<MyDetailsForm
			transport={ createApiFetchTransport() }
			idPrefix={ idPrefix }
			displayName={ config.displayName }
		/>
	) : (
		<p className="users-to-contacts-login">
			{ __(
				'Log in to see and change your contact details.',
				'users-to-contacts'
			) }{ ' ' }
			<a href={ config.loginUrl }>
				{ __( 'Log in', 'users-to-contacts' ) }
			</a>
		</p>
	)
);
