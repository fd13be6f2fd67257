<?php
/**
 * The Contact section of Add New User, Edit User and Profile.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use RuntimeException;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Plugin;
use WP_Error;
use WP_REST_Request;
use WP_User;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The per-user switch "Synchronize user to contact" (B7 in docs/behaviours.md), the linked
 * contact and its direction, printed in core's form-table markup.
 *
 * Who may flip the switch: a person who may edit that user (`edit_user`) and manage contacts
 * (`manage_contacts`, the capability every links route needs). Others, such as a subscriber on
 * their own Profile, see their linked contact read-only.
 *
 * What the switch does, through the paths the rest of the plugin uses:
 * - a linked user: the link's `sync_enabled`, changed through PATCH /links/{user_id} (which
 *   records the event that syncs at once when turned on, and applies R7's check);
 * - an unlinked user turned on (or a new user added with it on): a `sync_requested` event; the
 *   engine links or creates as the batch tool does;
 * - a new user added with it off, or an unlinked user turned off: user meta
 *   (UsersReader::SYNC_OFF_META) the engine reads, so they are linked at no moment — not on
 *   login, not by the Synchronize tool — until it is turned on again (or the Users list's
 *   "Synchronize to contacts" asks for them).
 */
final class UserContactSection {

	/**
	 * The checkbox.
	 */
	public const FIELD = 'users_to_contacts_sync';

	/**
	 * A hidden field saying the section was on the form (an absent checkbox means off only then).
	 */
	public const SHOWN_FIELD = 'users_to_contacts_section';

	public const NONCE_FIELD = 'users_to_contacts_section_nonce';

	public const NONCE_ACTION = 'users_to_contacts_user_contact';

	/**
	 * What went wrong saving the switch, shown with the profile's other errors.
	 *
	 * @var string|null
	 */
	private static ?string $save_error = null;

	/**
	 * Adds the hooks. Called once from Plugin::boot().
	 */
	public static function register(): void {
		add_action( 'user_new_form', array( self::class, 'render_new' ) );
		add_action( 'show_user_profile', array( self::class, 'render_existing' ) );
		add_action( 'edit_user_profile', array( self::class, 'render_existing' ) );
		// Before the event recorder (10), so a new user added with the switch off records nothing.
		add_action( 'user_register', array( self::class, 'before_register' ), 1 );
		add_action( 'user_register', array( self::class, 'after_register' ), 20 );
		add_action( 'personal_options_update', array( self::class, 'save_existing' ) );
		add_action( 'edit_user_profile_update', array( self::class, 'save_existing' ) );
		add_action( 'user_profile_update_errors', array( self::class, 'report_save_error' ) );
	}

	/**
	 * The `user_new_form` action: the switch on Add New User, on by default.
	 *
	 * @param string $context `add-new-user`, or `add-existing-user` on multisite.
	 */
	public static function render_new( $context ): void {
		if ( 'add-new-user' !== $context || ! current_user_can( Plugin::CAPABILITY ) ) {
			return;
		}
		self::open_section();
		self::switch_row(
			true,
			true,
			__( 'Links the new user to the contact with their email, or creates a contact, and keeps it up to date. Off: no contact is made now.', 'users-to-contacts' )
		);
		echo '</table>';
	}

	/**
	 * The `show_user_profile` and `edit_user_profile` actions: the linked contact, the switch
	 * and the direction.
	 *
	 * @param WP_User $user The user being edited.
	 */
	public static function render_existing( $user ): void {
		if ( ! $user instanceof WP_User ) {
			return;
		}
		$contact = UserContacts::of_users( array( $user->ID ) )[ $user->ID ] ?? null;
		$manager = self::may_switch( $user->ID );
		if ( null === $contact && ! $manager ) {
			return;
		}
		self::open_section();
		echo '<tr><th scope="row">' . esc_html__( 'Linked contact', 'users-to-contacts' ) . '</th><td>';
		if ( null !== $contact ) {
			echo '<span data-testid="users-to-contacts-linked-contact">' . UserContacts::name_html( $contact ) . '</span>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by name_html().
		} else {
			echo '<span data-testid="users-to-contacts-linked-contact">' . esc_html( self::unlinked_state( $user ) ) . '</span>';
		}
		echo '</td></tr>';
		$sync_off = null === $contact && UserContacts::sync_off( $user->ID );
		if ( $sync_off ) {
			$description = __( 'Off: this user is not linked to a contact, not even when they log in or when Contacts › Synchronize runs. Turn on and update the user to link them to the contact with their email, or to a new contact.', 'users-to-contacts' );
		} elseif ( null === $contact ) {
			$description = __( 'On: updating the user links them to the contact with their email, or to a new contact. Off: the user is not linked.', 'users-to-contacts' );
		} else {
			$description = __( 'Off keeps the link but stops synchronizing. Turning it on again synchronizes at once.', 'users-to-contacts' );
		}
		if ( ! $manager ) {
			$description = __( 'Only people who manage contacts can change this.', 'users-to-contacts' );
		}
		self::switch_row( null === $contact ? ! $sync_off : $contact['sync_enabled'], $manager, $description );
		if ( null !== $contact ) {
			$direction = 'contact' === $contact['source']
				? __( 'The contact is the source: changes to the contact reach the user.', 'users-to-contacts' )
				: __( 'The user is the source: changes to the user reach the contact.', 'users-to-contacts' );
			echo '<tr><th scope="row">' . esc_html__( 'Direction', 'users-to-contacts' ) . '</th><td><p>' . esc_html( $direction ) . '</p>';
			if ( current_user_can( Plugin::CAPABILITY ) ) {
				printf(
					'<p class="description"><a href="%1$s">%2$s</a></p>',
					esc_url( ContactsPage::url( 'edit', array( 'contact' => $contact['contact_id'] ) ) ),
					esc_html__( 'Change the direction on the contact’s screen', 'users-to-contacts' )
				);
			}
			echo '</td></tr>';
		}
		echo '</table>';
	}

	/**
	 * The `user_register` action, early: a new user added with the switch off is not recorded
	 * as registered, and stays off (B7), so the engine makes no contact for them.
	 *
	 * @param int $user_id The new user.
	 */
	public static function before_register( $user_id ): void {
		if ( false !== self::submitted_switch() || ! current_user_can( Plugin::CAPABILITY ) ) {
			return;
		}
		// Here rather than in after_register(): that one was seen not to run for this user once
		// the recorder is unhooked below, in the middle of the action.
		UserContacts::set_sync_off( (int) $user_id, true );
		remove_action( 'user_register', array( EventRecorder::class, 'on_user_register' ), 10 );
		// Put back for any other user created later in this request.
		add_action( 'user_register', array( self::class, 'restore_recorder' ), 11 );
	}

	/**
	 * The `user_register` action, after before_register() removed the recorder for one user.
	 */
	public static function restore_recorder(): void {
		remove_action( 'user_register', array( self::class, 'restore_recorder' ), 11 );
		add_action( 'user_register', array( EventRecorder::class, 'on_user_register' ), 10, 2 );
	}

	/**
	 * The `user_register` action, late: a new user added with the switch on is synchronized now.
	 *
	 * @param int $user_id The new user.
	 */
	public static function after_register( $user_id ): void {
		if ( true === self::submitted_switch() && current_user_can( Plugin::CAPABILITY ) ) {
			UserContacts::request_sync( (int) $user_id );
		}
	}

	/**
	 * The `personal_options_update` and `edit_user_profile_update` actions: saves the switch.
	 *
	 * @param int $user_id The user being saved.
	 */
	public static function save_existing( $user_id ): void {
		$user_id = (int) $user_id;
		$on      = self::submitted_switch();
		if ( null === $on || ! self::may_switch( $user_id ) ) {
			return;
		}
		try {
			$link = ( new LinksRepository() )->find( $user_id );
		} catch ( RuntimeException $error ) {
			self::$save_error = __( 'The contact settings could not be saved because the database did not answer. Try again.', 'users-to-contacts' );
			return;
		}
		if ( null === $link ) {
			if ( $on ) {
				UserContacts::request_sync( $user_id );
			} else {
				UserContacts::set_sync_off( $user_id, true );
			}
			return;
		}
		if ( $on === $link['sync_enabled'] ) {
			return;
		}
		// The links route owns the switch: it records the event that syncs at once (B7) and applies R7.
		$request = new WP_REST_Request( 'PATCH', '/users-to-contacts/v1/links/' . $user_id );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( array( 'sync_enabled' => $on ) ) );
		$response = rest_do_request( $request );
		if ( $response->is_error() ) {
			$error            = $response->as_error();
			self::$save_error = $error instanceof WP_Error ? $error->get_error_message() : __( 'The switch could not be changed.', 'users-to-contacts' );
		}
	}

	/**
	 * The `user_profile_update_errors` action: a switch that could not be saved, in words.
	 *
	 * @param WP_Error $errors The profile's errors.
	 */
	public static function report_save_error( $errors ): void {
		if ( null !== self::$save_error && $errors instanceof WP_Error ) {
			$errors->add( 'users_to_contacts_switch', self::$save_error );
			self::$save_error = null;
		}
	}

	/**
	 * Whether the current person may flip the switch of this user.
	 *
	 * @param int $user_id The user.
	 */
	private static function may_switch( int $user_id ): bool {
		return current_user_can( 'edit_user', $user_id ) && current_user_can( Plugin::CAPABILITY );
	}

	/**
	 * The switch as posted by this section: null when the section was not on the form or its
	 * nonce does not verify (nothing is changed then).
	 */
	private static function submitted_switch(): ?bool {
		if ( ! isset( $_POST[ self::SHOWN_FIELD ], $_POST[ self::NONCE_FIELD ] ) ) {
			return null;
		}
		if ( ! wp_verify_nonce( sanitize_key( wp_unslash( $_POST[ self::NONCE_FIELD ] ) ), self::NONCE_ACTION ) ) {
			return null;
		}
		return ! empty( $_POST[ self::FIELD ] );
	}

	/**
	 * What an unlinked user is waiting for, in words.
	 *
	 * @param WP_User $user The user.
	 */
	private static function unlinked_state( WP_User $user ): string {
		if ( UserContacts::sync_off( $user->ID ) ) {
			return __( 'Not linked: synchronization is off for this user.', 'users-to-contacts' );
		}
		if ( UserContacts::waits_for_email( $user ) ) {
			return __( 'Not linked yet: waiting for email confirmation. The user was sent a message to confirm their email address.', 'users-to-contacts' );
		}
		if ( UserContacts::has_waiting_events( $user->ID ) ) {
			return __( 'Not linked yet: the link is being made. Reload this page in a moment to see the contact.', 'users-to-contacts' );
		}
		return __( 'Not linked yet.', 'users-to-contacts' );
	}

	/**
	 * The section's heading, its hidden fields and the table's start.
	 */
	private static function open_section(): void {
		echo '<h2 id="users-to-contacts-contact">' . esc_html__( 'Contact', 'users-to-contacts' ) . '</h2>';
		printf( '<input type="hidden" name="%s" value="1">', esc_attr( self::SHOWN_FIELD ) );
		wp_nonce_field( self::NONCE_ACTION, self::NONCE_FIELD, false );
		echo '<table class="form-table" role="presentation">';
	}

	/**
	 * The row of the switch.
	 *
	 * @param bool   $on          Whether it is on.
	 * @param bool   $editable    Whether the person may change it.
	 * @param string $description What it does.
	 */
	private static function switch_row( bool $on, bool $editable, string $description ): void {
		$id = 'users-to-contacts-sync';
		printf(
			'<tr><th scope="row">%1$s</th><td><label for="%2$s"><input type="checkbox" name="%3$s" id="%2$s" value="1" aria-describedby="%2$s-description"%4$s%5$s> %6$s</label><p class="description" id="%2$s-description">%7$s</p></td></tr>',
			esc_html__( 'Synchronize', 'users-to-contacts' ),
			esc_attr( $id ),
			esc_attr( self::FIELD ),
			checked( $on, true, false ),
			disabled( $editable, false, false ),
			esc_html__( 'Synchronize user to contact', 'users-to-contacts' ),
			esc_html( $description )
		);
	}
}
