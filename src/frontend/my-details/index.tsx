/**
 * Entry of the My details form (block users-to-contacts/my-details and the
 * [users_to_contacts_my_details] shortcode). Not drawn yet: the form comes with issue 11's
 * My details work.
 */
import '../common/forms.css';

export {};
