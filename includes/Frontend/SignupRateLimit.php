<?php
/**
 * How many signups one network address may send.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Frontend;

use UsersToContacts\Database\Database;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * At most LIMIT signups per address in a window of WINDOW_SECONDS, counted from the address's
 * first signup of the window (a fixed window). An IPv6 address counts with its /64 network: one
 * home or server usually holds a whole /64 and could otherwise change address at will.
 *
 * The counter is a transient per address: short-lived, expiring by itself, and in the object
 * cache when the site has one. A named database lock makes the read and the write one step, so
 * signups sent at once cannot slip past the limit together.
 */
final class SignupRateLimit {

	/**
	 * Signups one address may send in a window.
	 */
	public const LIMIT = 20;

	/**
	 * The window, in seconds.
	 */
	public const WINDOW_SECONDS = 3600;

	/**
	 * Counts a signup from $address: 0 when it is allowed, else the seconds until the window
	 * ends (nothing is counted then).
	 *
	 * @param string $address The client's network address.
	 * @throws \RuntimeException On a database error.
	 */
	public static function take( string $address ): int {
		$key  = self::key( $address );
		Database::lock( $key, 5 );
		try {
			$now   = time();
			$entry = get_transient( $key );
			if ( ! is_array( $entry ) || (int) ( $entry['until'] ?? 0 ) <= $now ) {
				$entry = array(
					'count' => 0,
					'until' => $now + self::WINDOW_SECONDS,
				);
			}
			$until = (int) $entry['until'];
			if ( (int) $entry['count'] >= self::LIMIT ) {
				return max( 1, $until - $now );
			}
			$entry['count'] = (int) $entry['count'] + 1;
			set_transient( $key, $entry, max( 1, $until - $now ) );
			return 0;
		} finally {
			Database::unlock( $key );
		}
	}

	/**
	 * Starts a new window for an address (for tests and for an admin clearing a block).
	 *
	 * @param string $address The client's network address.
	 */
	public static function forget( string $address ): void {
		delete_transient( self::key( $address ) );
	}

	/**
	 * The address of the visitor sending this request. Behind a proxy every visitor shares its
	 * address; such a site says where the real one is through the filter.
	 */
	public static function client_address(): string {
		$address = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		/**
		 * Filters the network address signups are counted by (default: REMOTE_ADDR).
		 *
		 * @param string $address The address.
		 */
		return (string) apply_filters( 'users_to_contacts_signup_client_address', $address );
	}

	/**
	 * The transient's name (at most 172 characters; the address is hashed).
	 *
	 * @param string $address The client's network address.
	 */
	private static function key( string $address ): string {
		return 'users_to_contacts_signups_' . md5( self::counted_as( $address ) );
	}

	/**
	 * What an address is counted as: itself, or for IPv6 its /64 network.
	 *
	 * @param string $address The client's network address.
	 */
	public static function counted_as( string $address ): string {
		if ( false === filter_var( $address, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) ) {
			return $address;
		}
		$packed = inet_pton( $address );
		if ( false === $packed || 16 !== strlen( $packed ) ) {
			return $address;
		}
		$network = inet_ntop( substr( $packed, 0, 8 ) . str_repeat( "\0", 8 ) );
		return false === $network ? $address : $network . '/64';
	}
}
