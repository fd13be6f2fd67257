/**
 * Why a run skipped a user, in plain words. A run item's reason is a code (the engine's skip
 * reasons, the site's refusals: docs/behaviours.md R1, R6–R8) or already a sentence from the site.
 */
import { __ } from '@wordpress/i18n';

const REASONS: Record< string, string > = {
	empty_email: __( 'no email address', 'users-to-contacts' ),
	invalid_email: __( 'the email address is not valid', 'users-to-contacts' ),
	// R6: a contact holds the address, which the user has not confirmed yet.
	email_unverified: __(
		'waiting for email confirmation',
		'users-to-contacts'
	),
	// R7: the person whose change it carries may not make it to that user.
	not_allowed_to_edit_user: __(
		'the person who last changed the contact may not edit this user',
		'users-to-contacts'
	),
	not_allowed_to_delete_user: __(
		'the person who deleted the contact may not delete this user',
		'users-to-contacts'
	),
	not_allowed_to_promote_user: __(
		'the person who last changed the contact may not change this user’s role',
		'users-to-contacts'
	),
	contact_locked: __(
		'the contact can only be changed from its user',
		'users-to-contacts'
	),
	no_such_user: __( 'the user no longer exists', 'users-to-contacts' ),
	no_such_contact: __( 'the contact no longer exists', 'users-to-contacts' ),
	contact_deleted: __( 'the contact was deleted', 'users-to-contacts' ),
	already_linked: __(
		'the user or the contact is linked already',
		'users-to-contacts'
	),
	invalid: __( 'a value was refused by the site', 'users-to-contacts' ),
};

export function skipReason( reason: string ): string {
	return REASONS[ reason ] ?? reason;
}
