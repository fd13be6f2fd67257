<?php
/**
 * Plugin Name: Users to Contacts bench timing
 * Description: For bench/ab.mjs --timing only: each REST request's phases (WordPress's start-up,
 * argument validation, the route's callback, JSON output) and sizes, a JSON line each in
 * wp-content/utc-timing.log. Not part of the plugin.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

$GLOBALS['utc_timing'] = array();

/**
 * Notes the time of a moment of the request.
 *
 * @param string $moment Its name.
 */
function utc_timing_mark( string $moment ): void {
	$GLOBALS['utc_timing'][ $moment ] = microtime( true );
}

add_action( 'rest_api_init', static fn() => utc_timing_mark( 'init' ), 0 );
foreach ( array(
	'rest_pre_dispatch'             => 'dispatch',
	'rest_request_before_callbacks' => 'before',
	'rest_request_after_callbacks'  => 'after',
) as $utc_timing_hook => $utc_timing_moment ) {
	add_filter(
		$utc_timing_hook,
		static function ( $value ) use ( $utc_timing_moment ) {
			utc_timing_mark( $utc_timing_moment );
			return $value;
		},
		0
	);
}
add_filter(
	'rest_pre_echo_response',
	static function ( $result ) {
		// The answer's size, measured outside the timed phases.
		utc_timing_mark( 'echo' );
		$GLOBALS['utc_timing']['size'] = strlen( (string) wp_json_encode( $result ) );
		utc_timing_mark( 'sized' );
		return $result;
	},
	0
);
register_shutdown_function(
	static function (): void {
		$t = $GLOBALS['utc_timing'];
		if ( empty( $t['before'] ) || empty( $t['after'] ) ) {
			return;
		}
		$began   = (float) $_SERVER['REQUEST_TIME_FLOAT'];
		$now     = microtime( true );
		$sizing  = isset( $t['sized'] ) ? $t['sized'] - $t['echo'] : 0.0;
		$uri     = isset( $_SERVER['REQUEST_URI'] ) ? rawurldecode( (string) $_SERVER['REQUEST_URI'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- logged, not used.
		$route   = preg_replace( '/\d+/', 'N', (string) preg_replace( '/^.*?(?:rest_route=|\/wp-json)([^&?]*).*$/', '$1', $uri ) );
		$method  = isset( $_SERVER['REQUEST_METHOD'] ) ? (string) $_SERVER['REQUEST_METHOD'] : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- logged, not used.
		$ms      = static fn( float $seconds ): int => (int) round( $seconds * 1000 );
		$entry   = array(
			'route'    => $method . ' ' . $route,
			'start'    => $began,
			'end'      => $now,
			'boot'     => $ms( ( $t['init'] ?? $t['dispatch'] ) - $began ),
			'validate' => $ms( $t['before'] - ( $t['dispatch'] ?? $t['before'] ) ),
			'callback' => $ms( $t['after'] - $t['before'] ),
			'output'   => $ms( $now - $t['after'] - $sizing ),
			'total'    => $ms( $now - $began - $sizing ),
			'in'       => isset( $_SERVER['CONTENT_LENGTH'] ) ? (int) $_SERVER['CONTENT_LENGTH'] : 0,
			'out'      => $t['size'] ?? 0,
		);
		file_put_contents( WP_CONTENT_DIR . '/utc-timing.log', wp_json_encode( $entry ) . "\n", FILE_APPEND ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- a bench log.
	}
);
