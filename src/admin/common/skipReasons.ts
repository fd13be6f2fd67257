/**
 * Why a run skipped a user, in plain words. A run item's reason is a code (the engine's skip
 * reasons, the site's refusals: docs/behaviours.md R1, R2, R6–R8) or already a sentence from the
 * site (its message for a value it would not take).
 */
import { __ } from '@wordpress/i18n';

const REASONS: Record< string, string > = {
	// R1.
	empty_email: __( 'no email address', 'users-to-contacts' ),
	invalid_email: __( 'the email address is not valid', 'users-to-contacts' ),
	// R6: a contact holds the address, which the user has not confirmed yet.
	email_unverified: __(
		'waiting for email confirmation',
		'users-to-contacts'
	),
	// R2: the only contact with the address is linked to someone else.
	candidate_linked_to_other_user: __(
		'the contact with this email address is linked to another user',
		'users-to-contacts'
	),
	contact_already_linked: __(
		'the contact with this email address is linked to another user',
		'users-to-contacts'
	),
	user_already_linked: __(
		'the user was linked to another contact meanwhile',
		'users-to-contacts'
	),
	already_linked: __(
		'the user or the contact is linked already',
		'users-to-contacts'
	),
	sync_disabled: __(
		'“Synchronize user to contact” is off for this user',
		'users-to-contacts'
	),
	protected_user: __(
		'this user is protected from changes by the sync',
		'users-to-contacts'
	),
	// R7: the person whose change the contact carries may not make it to that user.
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
	invalid: __( 'a value was refused by the site', 'users-to-contacts' ),
};

/** The reason in words; a message from the site (a sentence) as it is. */
export function skipReason( reason: string ): string {
	const known = REASONS[ reason ];
	if ( known ) {
		return known;
	}
	// Codes are lower-case words joined by underscores; anything else is the site's sentence.
	return /^[a-z0-9_]+$/.test( reason ) || reason === ''
		? __( 'the site could not synchronize this user', 'users-to-contacts' )
		: reason;
}
