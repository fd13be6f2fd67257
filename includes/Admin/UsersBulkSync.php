<?php
/**
 * The "Synchronize to contacts" bulk action on Users › All Users.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use UsersToContacts\Plugin;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Queues the selected users for synchronizing: one `sync_requested` event each. A runner (the
 * sidecar, or the admin's own browser when none runs: BackgroundProcessing) gives them to the
 * engine, which links each user to the contact with their email or creates one, as the batch
 * tool does, and brings linked contacts up to date. PHP decides nothing about the sync.
 */
final class UsersBulkSync {

	public const ACTION = 'users_to_contacts_sync';

	/**
	 * The query argument that carries how many users were queued to the notice.
	 */
	public const QUEUED_ARG = 'users_to_contacts_queued';

	/**
	 * The list form's field carrying this action's nonce.
	 */
	public const NONCE_FIELD = 'users_to_contacts_bulk_nonce';

	/**
	 * Adds the hooks. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_filter( 'bulk_actions-users', array( self::class, 'add_action' ) );
		add_action( 'restrict_manage_users', array( self::class, 'nonce_field' ) );
		add_filter( 'handle_bulk_actions-users', array( self::class, 'handle' ), 10, 3 );
		add_action( 'admin_notices', array( self::class, 'notice' ) );
		add_filter( 'removable_query_args', array( self::class, 'removable_query_args' ) );
	}

	/**
	 * The `removable_query_args` filter: core takes the count out of the address once the
	 * notice shows, so reloading the list shows the contacts, not the notice again.
	 *
	 * @param array<string> $args Query arguments core removes.
	 * @return array<string>
	 */
	public static function removable_query_args( $args ): array {
		$args   = is_array( $args ) ? $args : array();
		$args[] = self::QUEUED_ARG;
		return $args;
	}

	/**
	 * The `bulk_actions-users` filter.
	 *
	 * @param array<string, string> $actions Bulk actions.
	 * @return array<string, string>
	 */
	public static function add_action( $actions ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( current_user_can( Plugin::CAPABILITY ) ) {
			$actions[ self::ACTION ] = __( 'Synchronize to contacts', 'users-to-contacts' );
		}
		return $actions;
	}

	/**
	 * The `restrict_manage_users` action (inside the list's form): this action's own nonce.
	 * Core's users.php redirects a custom bulk action once before running it and drops the
	 * list's `_wpnonce` on the way, so the `bulk-users` nonce never reaches the handler.
	 *
	 * @param string $which `top` or `bottom` of the list; the field is needed once.
	 */
	public static function nonce_field( $which = 'top' ): void {
		if ( 'top' === $which && current_user_can( Plugin::CAPABILITY ) ) {
			wp_nonce_field( self::ACTION, self::NONCE_FIELD, false );
		}
	}

	/**
	 * The `handle_bulk_actions-users` filter: queues the selected users and comes back to the
	 * list with the count for the notice.
	 *
	 * @param string|false $sendback Where to go back to.
	 * @param string       $action   The chosen action.
	 * @param array<mixed> $user_ids The selected users.
	 * @return string|false
	 */
	public static function handle( $sendback, $action, $user_ids ) {
		if ( self::ACTION !== $action ) {
			return $sendback;
		}
		check_admin_referer( self::ACTION, self::NONCE_FIELD );
		if ( ! current_user_can( Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to synchronize users to contacts.', 'users-to-contacts' ), 403 );
		}
		$ids = array_values( array_unique( array_filter( array_map( 'absint', (array) $user_ids ) ) ) );
		// Only users that exist (one query): ids in the request may be stale or made up.
		$existing = $ids ? array_map( 'intval', get_users( array( 'include' => $ids, 'fields' => 'ID', 'count_total' => false ) ) ) : array();
		$queued   = 0;
		foreach ( $existing as $user_id ) {
			$queued += UserContacts::request_sync( $user_id ) ? 1 : 0;
		}
		$sendback = is_string( $sendback ) && '' !== $sendback ? $sendback : admin_url( 'users.php' );
		return add_query_arg( self::QUEUED_ARG, $queued, remove_query_arg( self::QUEUED_ARG, $sendback ) );
	}

	/**
	 * The `admin_notices` action: on the Users list after the bulk action, how many were queued.
	 */
	public static function notice(): void {
		$screen = get_current_screen();
		// Only reads the count the redirect carries; nothing is changed here.
		if ( null === $screen || 'users' !== $screen->id || ! isset( $_GET[ self::QUEUED_ARG ] ) || ! current_user_can( Plugin::CAPABILITY ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			return;
		}
		$queued = absint( $_GET[ self::QUEUED_ARG ] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( 0 === $queued ) {
			printf( '<div class="notice notice-warning is-dismissible"><p>%s</p></div>', esc_html__( 'No users were synchronized to contacts: none of the selected users exists any more.', 'users-to-contacts' ) );
			return;
		}
		printf(
			'<div class="notice notice-success is-dismissible"><p>%s</p></div>',
			esc_html(
				sprintf(
					/* translators: %s: how many users. */
					_n(
						'%s user was queued to be synchronized to contacts. Their contact shows in the Contact column in a moment: reload the page to see it.',
						'%s users were queued to be synchronized to contacts. Their contacts show in the Contact column in a moment: reload the page to see them.',
						$queued,
						'users-to-contacts'
					),
					number_format_i18n( $queued )
				)
			)
		);
	}
}
