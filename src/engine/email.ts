/**
 * R1: emails are compared trimmed and case-insensitively; an empty or invalid email is never
 * linked.
 *
 * One rule on both sides (R8): an address is valid when, trimmed and in lower case, it has at
 * most 254 characters, no control character, and passes WordPress's is_email() (its checks are
 * ported below, in its order). PHP applies the same rule in
 * includes/Contacts/EmailAddress.php; tests/integration/email-rule.test.ts sends the corner
 * cases through both, so an address the engine accepts is never one WordPress refuses.
 */

export type EmailCheck =
	| { ok: true; email: string }
	| { ok: false; reason: 'empty_email' | 'invalid_email' };

/** The longest address stored (the contacts' email column). */
export const EMAIL_MAX_LENGTH = 254;

// is_email(): the characters of a local part; a domain label of letters, digits and hyphens.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN_LABEL = /^[a-z0-9-]+$/;
// PHP's `$` also matches before a final line break, so is_email() lets `a\n@b.co` through:
// the rule refuses control characters outright.

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The form emails are compared in: trimmed, lower case, as PHP's trim() and strtolower() do it
 * (only ASCII white space and letters; JavaScript's own would also touch other characters).
 */
export function normalizeEmail( raw: string ): string {
	return raw
		.replace( /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '' )
		.replace( /[A-Z]+/g, ( letters ) => letters.toLowerCase() );
}

/** WordPress's is_email() on a normalised address (it has no length limit of its own). */
function passesIsEmail( email: string ): boolean {
	// At least 6 characters, and an @ after the first one ("a@b.c" is too short).
	if ( email.length < 6 || email.indexOf( '@', 1 ) === -1 ) {
		return false;
	}
	const at = email.indexOf( '@' );
	// Dots anywhere in the local part are fine for is_email() (".a", "a.", "a..b").
	if ( ! LOCAL_PART.test( email.slice( 0, at ) ) ) {
		return false;
	}
	const domain = email.slice( at + 1 );
	// No "..", no leading or trailing dot, at least two labels in the domain.
	if ( domain.includes( '..' ) || /^[\s.]|[\s.]$/.test( domain ) ) {
		return false;
	}
	const labels = domain.split( '.' );
	return (
		labels.length >= 2 &&
		labels.every(
			( label ) =>
				! label.startsWith( '-' ) &&
				! label.endsWith( '-' ) &&
				DOMAIN_LABEL.test( label )
		)
	);
}

/**
 * Normalises and validates an email address.
 */
export function checkEmail( raw: string | null | undefined ): EmailCheck {
	const email = normalizeEmail( raw ?? '' );
	if ( email === '' ) {
		return { ok: false, reason: 'empty_email' };
	}
	if (
		email.length > EMAIL_MAX_LENGTH ||
		CONTROL.test( email ) ||
		! passesIsEmail( email )
	) {
		return { ok: false, reason: 'invalid_email' };
	}
	return { ok: true, email };
}
