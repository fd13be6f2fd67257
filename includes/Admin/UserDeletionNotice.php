<?php
/**
 * What deleting users does to their contacts, on WordPress's Delete Users screen.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use UsersToContacts\Plugin;
use UsersToContacts\Settings;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Before an admin confirms a deletion, says for each linked user what the delete rule (B12 in
 * docs/behaviours.md) will do to their contact: kept and marked as a former user's (the
 * default), or deleted too ("Delete contact when user is deleted"). The engine carries it out
 * (decideUserDeleted()); this reads the same setting and writes nothing.
 */
final class UserDeletionNotice {

	/**
	 * Adds the hook. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_action( 'delete_user_form', array( self::class, 'render' ), 10, 2 );
	}

	/**
	 * The `delete_user_form` action: one sentence per linked user being deleted.
	 *
	 * @param WP_User   $current_user The person deleting.
	 * @param list<int> $user_ids     The users being deleted (not the person deleting).
	 */
	public static function render( $current_user, $user_ids = array() ): void {
		$user_ids = array_map( 'intval', is_array( $user_ids ) ? $user_ids : array() );
		$contacts = UserContacts::of_users( $user_ids );
		if ( ! $contacts ) {
			return;
		}
		$deletes = (bool) Settings::get()['delete_contact_with_user'];
		$items   = array();
		foreach ( $user_ids as $user_id ) {
			if ( ! isset( $contacts[ $user_id ] ) ) {
				continue;
			}
			$name = UserContacts::name_html( $contacts[ $user_id ] );
			/* translators: %s: the contact's name. */
			$sentence = $deletes ? __( 'The contact %s will be deleted too.', 'users-to-contacts' ) : __( 'The contact %s will be kept and marked as a former user’s.', 'users-to-contacts' );
			$user     = get_userdata( $user_id );
			$items[]  = array(
				'login'    => $user instanceof WP_User ? $user->user_login : '',
				'sentence' => sprintf( esc_html( $sentence ), $name ),
			);
		}
		echo '<div class="users-to-contacts-deletion" data-testid="users-to-contacts-deletion">';
		if ( 1 === count( $user_ids ) ) {
			echo '<p>' . $items[0]['sentence'] . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped above.
		} else {
			echo '<p>' . esc_html__( 'Their linked contacts:', 'users-to-contacts' ) . '</p><ul>';
			foreach ( $items as $item ) {
				/* translators: 1: username, 2: what happens to their contact. */
				echo '<li>' . sprintf( esc_html__( '%1$s: %2$s', 'users-to-contacts' ), esc_html( $item['login'] ), $item['sentence'] ) . '</li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped above.
			}
			echo '</ul>';
		}
		if ( current_user_can( Plugin::CAPABILITY ) ) {
			printf(
				'<p class="description">%1$s <a href="%2$s">%3$s</a></p>',
				esc_html( $deletes ? __( 'Contacts are deleted with their users because “Delete contact when user is deleted” is on.', 'users-to-contacts' ) : __( 'Contacts stay when their users are deleted because “Delete contact when user is deleted” is off.', 'users-to-contacts' ) ),
				esc_url( ContactsPage::url( 'settings' ) ),
				esc_html__( 'Change this in the contacts settings', 'users-to-contacts' )
			);
		}
		echo '</div>';
	}
}
