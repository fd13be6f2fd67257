/**
 * The corner cases of WordPress's is_email(), both ways, with the verdict of the one email rule
 * (src/engine/email.ts, includes/Contacts/EmailAddress.php). tests/unit/email.test.ts checks the
 * engine against them; tests/integration/email-rule.test.ts sends them through PHP.
 */
export const EMAIL_CORNER_CASES: Array< [ string, boolean ] > = [
	// Length: is_email() wants at least 6 characters; the rule allows at most 254.
	[ 'a@b.c', false ],
	[ 'a@b.co', true ],
	[ 'ab@c.d', true ],
	[ `${ 'a'.repeat( 64 ) }@${ 'b'.repeat( 185 ) }.com`, true ], // 254
	[ `${ 'a'.repeat( 64 ) }@${ 'b'.repeat( 186 ) }.com`, false ], // 255
	// The domain needs a dot: no bare TLD, no local host.
	[ 'a@b', false ],
	[ 'user@localhost', false ],
	[ 'user@example', false ],
	// Dots: anywhere in the local part; never leading, trailing or doubled in the domain.
	[ '.a@example.com', true ],
	[ 'a.@example.com', true ],
	[ 'a..b@example.com', true ],
	[ 'a@.example.com', false ],
	[ 'a@example.com.', false ],
	[ 'a@example..com', false ],
	// Hyphens: not at either end of a domain label; anywhere in the local part.
	[ '-a@example.com', true ],
	[ 'a@-example.com', false ],
	[ 'a@example-.com', false ],
	[ 'a@ex-ample.com', true ],
	// Characters: the local part's specials, no quotes, no spaces, ASCII only.
	[ "o'brien@example.com", true ],
	[ 'a+tag@example.com', true ],
	[ '"a"@example.com', false ],
	[ 'a b@example.com', false ],
	[ 'a@exa mple.com', false ],
	[ 'a@ex_ample.com', false ],
	[ 'a@b@example.com', false ],
	[ '@example.com', false ],
	[ 'a@', false ],
	// IDN: only in its ASCII (punycode) form.
	[ 'user@bücher.de', false ],
	[ 'user@xn--bcher-kva.de', true ],
	[ 'üser@example.com', false ],
	// Digits anywhere in the domain, upper case and outer white space (normalised away).
	[ 'a@123.456', true ],
	[ 'A@EXAMPLE.COM', true ],
	[ '  a@example.com\n', true ],
	// A line break before the @ passes is_email() (PHP's `$` matches before it): refused.
	[ 'a\n@example.com', false ],
	[ 'a\t@example.com', false ],
];
