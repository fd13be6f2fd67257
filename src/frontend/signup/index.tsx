/**
 * Entry of the Sign up form (block users-to-contacts/signup and the [users_to_contacts_signup]
 * shortcode): includes/Frontend/VisitorForms.php prints the mount points.
 */
import '../common/forms.css';
import { createApiFetchTransport } from '../../api/apiFetchTransport';
import { mountForms } from '../common/mountForms';
import { SignupForm } from './SignupForm';

mountForms( 'signup', ( _config, idPrefix ) => (
	<SignupForm transport={ createApiFetchTransport() } idPrefix={ idPrefix } />
) );
