<?php
/**
 * Dates between MySQL (UTC `Y-m-d H:i:s`) and the REST API (ISO 8601 UTC).
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Support;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * All stored times are UTC; the API shows them as `2026-11-22T04:26:34Z`.
 */
final class Dates {

	/**
	 * Now, as stored.
	 */
	public static function now(): string {
		return gmdate( 'Y-m-d H:i:s' );
	}

	/**
	 * A stored UTC time as ISO 8601, or null.
	 *
	 * @param string|null $mysql `Y-m-d H:i:s` in UTC.
	 */
	public static function to_iso( ?string $mysql ): ?string {
		if ( null === $mysql || '' === $mysql || str_starts_with( $mysql, '0000' ) ) {
			return null;
		}
		$time = strtotime( $mysql . ' UTC' );
		return false === $time ? null : gmdate( 'Y-m-d\TH:i:s\Z', $time );
	}

	/**
	 * An ISO 8601 time (any offset; none means UTC) as a stored UTC time, or null when unreadable.
	 *
	 * @param string $iso Such as `2026-11-22T04:26:34Z` or `2026-11-22T05:26:34+01:00`.
	 */
	public static function from_iso( string $iso ): ?string {
		$parsed = rest_parse_date( $iso );
		return false === $parsed ? null : gmdate( 'Y-m-d H:i:s', (int) $parsed );
	}
}
