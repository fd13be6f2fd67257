/**
 * R1: emails are compared trimmed and case-insensitively; an empty or invalid email is never
 * linked.
 */

export type EmailCheck =
	| { ok: true; email: string }
	| { ok: false; reason: 'empty_email' | 'invalid_email' };

// Close to WordPress's is_email(): local part of allowed characters, a domain of at least two
// dot-separated labels of letters, digits and hyphens, no leading or trailing hyphen.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The form emails are compared in: trimmed, lower case.
 */
export function normalizeEmail( raw: string ): string {
	return raw.trim().toLowerCase();
}

/**
 * Normalises and validates an email address.
 */
export function checkEmail( raw: string | null | undefined ): EmailCheck {
	const email = normalizeEmail( raw ?? '' );
	if ( email === '' ) {
		return { ok: false, reason: 'empty_email' };
	}
	if ( email.length > 254 ) {
		return { ok: false, reason: 'invalid_email' };
	}
	const at = email.lastIndexOf( '@' );
	if ( at < 1 || at === email.length - 1 ) {
		return { ok: false, reason: 'invalid_email' };
	}
	const local = email.slice( 0, at );
	if (
		! LOCAL_PART.test( local ) ||
		local.startsWith( '.' ) ||
		local.endsWith( '.' ) ||
		local.includes( '..' )
	) {
		return { ok: false, reason: 'invalid_email' };
	}
	const labels = email.slice( at + 1 ).split( '.' );
	if (
		labels.length < 2 ||
		! labels.every( ( label ) => DOMAIN_LABEL.test( label ) )
	) {
		return { ok: false, reason: 'invalid_email' };
	}
	return { ok: true, email };
}
