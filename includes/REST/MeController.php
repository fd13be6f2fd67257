<?php
/**
 * GET, PUT /users-to-contacts/v1/me: a logged-in person's own contact ("My details").
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Admin\UserContacts;
use UsersToContacts\Contacts\EmailList;
use UsersToContacts\Contacts\VisitorDetails;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Database\Schema;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Settings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and saves the current user's details. There is no id in the route: it can only ever
 * reach the contact linked to whoever is logged in.
 *
 * Saving is a CRM action (B3): it is recorded as an event, and when the person is not linked
 * yet the engine links them (to the contact holding their email, or a new one) and stores the
 * details there; the answer then says the details are pending. A save that changes nothing
 * records nothing (the answer says `changed: false`), and each person may record at most
 * SAVES_PER_WINDOW saves in WINDOW_SECONDS (then 429 with Retry-After): a subscriber cannot
 * fill the events table.
 */
final class MeController extends RestController {

	/**
	 * Saves one person may record in WINDOW_SECONDS.
	 */
	public const SAVES_PER_WINDOW = 30;

	/**
	 * The rate limit's sliding window, in seconds.
	 */
	public const WINDOW_SECONDS = 600;

	private ContactsRepository $contacts;

	private LinksRepository $links;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'me';
		$this->contacts  = new ContactsRepository();
		$this->links     = new LinksRepository();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Any logged-in user may read their own details.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return Permissions::logged_in();
	}

	/**
	 * Any logged-in user may save their own details.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return Permissions::logged_in();
	}

	/**
	 * The current user's details.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		try {
			return rest_ensure_response( $this->details( get_current_user_id() ) );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * Saves the details sent. Linked: stored on the contact at once. Not linked: recorded for the
	 * engine, which links and stores them (202).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_item_schema(), array() );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$user_id = get_current_user_id();
		try {
			$retry_after = $this->seconds_until_save_allowed( $user_id );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		if ( $retry_after > 0 ) {
			return $this->too_many_saves( $retry_after );
		}
		$sent = array();
		foreach ( VisitorDetails::FIELDS as $field ) {
			if ( $request->has_param( $field ) && null !== $request->get_param( $field ) ) {
				$sent[ $field ] = (string) $request->get_param( $field );
			}
		}
		try {
			$link = $this->links->find( $user_id );
			// The rules of every write path (R8), in the visitor's words: refused (400), never cut.
			$checked = VisitorDetails::check( $sent, $this->details( $user_id ), VisitorDetails::shown(), VisitorDetails::account_fields( $link ) );
			if ( is_wp_error( $checked ) ) {
				return $checked;
			}
			$changes = $checked['fields'];
			$email   = $checked['email'];
			if ( null === $link ) {
				if ( ! self::saving_links( $user_id ) ) {
					return new WP_Error(
						'users_to_contacts_not_linked',
						__( 'Your account is not linked to a contact yet, so your details cannot be saved. Please contact the site administrator.', 'users-to-contacts' ),
						array( 'status' => 409 )
					);
				}
				$payload = array( 'details' => $changes );
				// The same details already waiting for the engine: nothing new to record.
				$changed = $this->latest_pending_save( $user_id ) !== $payload;
				if ( $changed ) {
					EventRecorder::record( EventRecorder::CRM_ACTION, $user_id, $payload );
				}
				$response = rest_ensure_response( $this->details( $user_id ) + array( 'changed' => $changed ) );
				$response->set_status( 202 );
				return $response;
			}
			$updated = Database::transaction(
				function () use ( $link, $changes, $email ) {
					$current = $this->contacts->find( (int) $link['contact_id'], false, true );
					if ( null === $current ) {
						return new WP_Error(
							'users_to_contacts_contact_not_found',
							__( 'Your contact could not be found. Please contact the site administrator.', 'users-to-contacts' ),
							array( 'status' => 404 )
						);
					}
					// The person edits their own details: the admin-side lock (B8) does not apply.
					// A new email (only when the contact is the source, B9) becomes the primary;
					// the old one stays as a secondary (R5).
					$emails = null === $email ? null : EmailList::with_primary( $current['emails'], $email );
					return $this->contacts->update( $current, $changes, $emails );
				}
			);
			if ( is_wp_error( $updated ) ) {
				return $updated;
			}
			if ( $updated ) {
				// The engine brings a contact-sourced change to the user's profile (B9).
				$changed = null === $email ? array_keys( $changes ) : array_merge( array_keys( $changes ), array( 'email' ) );
				EventRecorder::record( EventRecorder::CRM_ACTION, $user_id, array( 'changed' => $changed ) );
			}
			return rest_ensure_response( $this->details( $user_id ) + array( 'changed' => $updated ) );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
	}

	/**
	 * 0 when the person may save now; otherwise the seconds until their oldest save in the
	 * window leaves it. Counted from their own CRM action events, so no counter is stored.
	 *
	 * @param int $user_id The current user.
	 * @throws RuntimeException On a database error.
	 */
	private function seconds_until_save_allowed( int $user_id ): int {
		global $wpdb;
		$events = Schema::table( 'events' );
		$now    = time();
		$saves  = Database::column(
			(string) $wpdb->prepare(
				"SELECT created FROM {$events} WHERE user_id = %d AND type = %s AND created > %s ORDER BY id DESC LIMIT %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
				$user_id,
				EventRecorder::CRM_ACTION,
				gmdate( 'Y-m-d H:i:s', $now - self::WINDOW_SECONDS ),
				self::SAVES_PER_WINDOW
			)
		);
		if ( count( $saves ) < self::SAVES_PER_WINDOW ) {
			return 0;
		}
		$oldest = (int) strtotime( (string) end( $saves ) . ' UTC' );
		return max( 1, $oldest + self::WINDOW_SECONDS - $now );
	}

	/**
	 * The 429 answer, with Retry-After.
	 *
	 * @param int $retry_after Seconds until a save is allowed again.
	 */
	private function too_many_saves( int $retry_after ): WP_REST_Response {
		$response = rest_convert_error_to_response(
			new WP_Error(
				'users_to_contacts_too_many_saves',
				sprintf(
					/* translators: 1: number of saves, 2: minutes, 3: seconds to wait. */
					__( 'You saved your details %1$d times in %2$d minutes, the most allowed. Please try again in %3$d seconds.', 'users-to-contacts' ),
					self::SAVES_PER_WINDOW,
					(int) ( self::WINDOW_SECONDS / 60 ),
					$retry_after
				),
				array(
					'status'      => 429,
					'retry_after' => $retry_after,
				)
			)
		);
		$response->header( 'Retry-After', (string) $retry_after );
		return $response;
	}

	/**
	 * The payload of the person's latest save still waiting for the engine, or null.
	 *
	 * @param int $user_id The current user.
	 * @return array<string, mixed>|null
	 * @throws RuntimeException On a database error.
	 */
	private function latest_pending_save( int $user_id ): ?array {
		global $wpdb;
		$events  = Schema::table( 'events' );
		$payload = Database::value(
			(string) $wpdb->prepare(
				"SELECT payload FROM {$events} WHERE user_id = %d AND type = %s AND processed_at IS NULL ORDER BY id DESC LIMIT 1", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
				$user_id,
				EventRecorder::CRM_ACTION
			)
		);
		$decoded = null === $payload ? null : json_decode( $payload, true );
		return is_array( $decoded ) ? $decoded : null;
	}

	/**
	 * What /me answers: the user, whether they are linked, their details, and whether a save
	 * is waiting for the engine.
	 *
	 * @param int $user_id The current user.
	 * @return array<string, mixed>
	 */
	private function details( int $user_id ): array {
		global $wpdb;
		$user    = get_userdata( $user_id );
		$link    = $this->links->find( $user_id );
		$contact = null === $link ? null : $this->contacts->find( (int) $link['contact_id'] );
		$fields  = array();
		foreach ( VisitorDetails::TEXT_FIELDS as $field ) {
			$fields[ $field ] = null === $contact ? '' : (string) $contact[ $field ];
		}
		$events  = Schema::table( 'events' );
		$pending = (int) Database::value(
			(string) $wpdb->prepare(
				"SELECT COUNT(*) FROM {$events} WHERE user_id = %d AND type = %s AND processed_at IS NULL", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
				$user_id,
				EventRecorder::CRM_ACTION
			)
		);
		$account_email = $user ? (string) $user->user_email : '';
		$contact_email = null === $contact ? null : EmailList::primary( $contact['emails'] );
		return array_merge(
			array(
				'user_id'                        => $user_id,
				'login'                          => $user ? $user->user_login : '',
				'account_email'                  => $account_email,
				'email'                          => $contact_email ?? $account_email,
				'linked'                         => null !== $contact,
				'contact_id'                     => null === $contact ? null : (int) $contact['id'],
				'source'                         => null === $contact ? null : (string) $link['source'],
				'emails'                         => null === $contact ? array() : $contact['emails'],
				'pending'                        => $pending > 0,
				'waiting_for_email_confirmation' => null === $contact && $user && UserContacts::waits_for_email( $user ),
				'links_on_save'                  => null === $contact && self::saving_links( $user_id ),
				'shown_fields'                   => VisitorDetails::shown(),
				'account_fields'                 => VisitorDetails::account_fields( $link ),
				'synced_fields'                  => VisitorDetails::synced_fields( $link ),
				'profile_url'                    => get_edit_profile_url( $user_id ),
			),
			$fields
		);
	}

	/**
	 * The schema: the My details fields (writable) and the link state (read-only).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$labels     = VisitorDetails::labels();
		$properties = array(
			'user_id'    => array(
				'type'     => 'integer',
				'readonly' => true,
			),
			'login'      => array(
				'type'     => 'string',
				'readonly' => true,
			),
			'account_email' => array(
				'description' => __( 'The email address of your account.', 'users-to-contacts' ),
				'type'        => 'string',
				'readonly'    => true,
			),
			'email'         => array(
				'description' => __( 'The primary email of your contact (your account\'s before you are linked). You may change it only while your contact is the source of your account\'s details.', 'users-to-contacts' ),
				'type'        => 'string',
				'maxLength'   => ContactsRepository::EMAIL_MAX_LENGTH,
			),
			'source'        => array(
				'description' => __( 'Which side leads: user (your account) or contact; null before you are linked.', 'users-to-contacts' ),
				'type'        => array( 'string', 'null' ),
				'enum'        => array( 'user', 'contact', null ),
				'readonly'    => true,
			),
			'waiting_for_email_confirmation' => array(
				'description' => __( 'A contact holds your email; you are linked to it once you confirm the address through the message you were sent.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'links_on_save' => array(
				'description' => __( 'Not linked yet, and saving links (a CRM action is a moment that links, B3). Not linked and false: saving is refused until the account is linked.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'shown_fields'  => array(
				'description' => __( 'The fields the form shows, in order (chosen by the site administrator).', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => VisitorDetails::FIELDS,
				),
				'readonly'    => true,
			),
			'account_fields' => array(
				'description' => __( 'Fields that follow your account: change them in your profile.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => VisitorDetails::FIELDS,
				),
				'readonly'    => true,
			),
			'synced_fields' => array(
				'description' => __( 'Fields kept in step with your account: with your contact as the source, saving them changes your profile too.', 'users-to-contacts' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => VisitorDetails::FIELDS,
				),
				'readonly'    => true,
			),
			'profile_url'   => array(
				'description' => __( 'Where you change your account\'s details.', 'users-to-contacts' ),
				'type'        => 'string',
				'format'      => 'uri',
				'readonly'    => true,
			),
			'linked'     => array(
				'description' => __( 'Whether your account is linked to a contact.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'contact_id' => array(
				'type'     => array( 'integer', 'null' ),
				'readonly' => true,
			),
			'emails'     => array(
				'type'     => 'array',
				'readonly' => true,
				'items'    => array(
					'type'       => 'object',
					'properties' => array(
						'email'   => array( 'type' => 'string' ),
						'primary' => array( 'type' => 'boolean' ),
					),
				),
			),
			'pending'    => array(
				'description' => __( 'Details you saved are waiting to be linked to your account.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
			'changed'    => array(
				'description' => __( 'In the answer to a save: whether it changed anything. A save that changes nothing is not recorded.', 'users-to-contacts' ),
				'type'        => 'boolean',
				'readonly'    => true,
			),
		);
		foreach ( VisitorDetails::TEXT_FIELDS as $field ) {
			$properties[ $field ] = array(
				'description' => $labels[ $field ],
				'type'        => 'string',
				'maxLength'   => ContactsRepository::TEXT_COLUMNS[ $field ],
			);
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-me',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => $properties,
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * Whether saving links an unlinked visitor: CRM actions are a moment to link (B3) and an
	 * administrator has not turned their "Synchronize user to contact" off (B7).
	 *
	 * @param int $user_id The visitor.
	 */
	private static function saving_links( int $user_id ): bool {
		return in_array( 'crm_action', (array) Settings::get()['link_when'], true ) && ! UserContacts::sync_off( $user_id );
	}
}
