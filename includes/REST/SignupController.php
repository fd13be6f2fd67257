<?php
/**
 * POST /users-to-contacts/v1/signup: a visitor leaves their name and email without an account.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\REST;

use RuntimeException;
use UsersToContacts\Contacts\ContactRules;
use UsersToContacts\Contacts\EmailAddress;
use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\LinksRepository;
use UsersToContacts\Events\EventRecorder;
use UsersToContacts\Frontend\SignupRateLimit;
use UsersToContacts\Settings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The Sign up form's route (the "anonymous contribution" of docs/behaviours.md, B3).
 *
 * - Only from a page of the site: the REST nonce the page gives api-fetch must come along
 *   (WordPress checks it only for logged-in people; here it is checked for everyone).
 * - The same rules as every write path (R8): names through ContactRules, the address through
 *   EmailAddress; markup in a name is refused rather than cleaned away, so the person sees why.
 * - The email finds the contact (trimmed, any letter case, R1/R2): an unlinked individual
 *   holding it gets the names; else a new individual contact is made.
 * - R6: a contact linked to a user is never changed from here (anyone can type anyone's
 *   address). When an individual contact holding the address is linked, nothing is written.
 * - Every accepted signup gets the same 200 and the same words — new, known, linked or caught
 *   by the honeypot (a hidden field people never fill) — so the form reveals nothing.
 * - SignupRateLimit counts accepted signups per network address (429 with Retry-After).
 * - A logged-in visitor's signup is also a CRM action of their account (B3): when they are not
 *   linked and CRM actions link, it is recorded for the engine with the names, as a save of
 *   My details is (MeController), and the engine links them by their account's email (R6).
 */
final class SignupController extends RestController {

	/**
	 * The hidden field only bots fill.
	 */
	public const HONEYPOT = 'homepage';

	/**
	 * The names the form sends.
	 */
	private const NAME_FIELDS = array( 'first_name', 'last_name' );

	private ContactsRepository $contacts;

	public function __construct() {
		parent::__construct();
		$this->rest_base = 'signup';
		$this->contacts  = new ContactsRepository();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$args = $this->get_endpoint_args_for_item_schema( WP_REST_Server::CREATABLE );
		foreach ( array_merge( self::NAME_FIELDS, array( 'email' ) ) as $field ) {
			$args[ $field ]['validate_callback'] = array( $this, 'validate_field' );
		}
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'create_item_permissions_check' ),
					'args'                => $args,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Anyone may sign up from a page of the site: the request carries the page's REST nonce.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		$nonce = $request->get_header( 'X-WP-Nonce' ) ?? $request->get_param( '_wpnonce' );
		if ( is_string( $nonce ) && false !== wp_verify_nonce( $nonce, 'wp_rest' ) ) {
			return true;
		}
		return new WP_Error(
			'users_to_contacts_signup_expired',
			__( 'The form could not be sent because the page is too old. Please reload the page and try again.', 'users-to-contacts' ),
			array( 'status' => 403 )
		);
	}

	/**
	 * A field's checks: the schema's, then the contact rules'. WordPress gathers every field's
	 * refusal into one 400 (`data.params`, by field), so the form marks them all at once.
	 *
	 * @param mixed           $value   The value sent.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The field.
	 * @return true|WP_Error
	 */
	public function validate_field( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( true !== $valid ) {
			return $valid;
		}
		$refusal = 'email' === $param ? self::email_refusal( (string) $value ) : self::name_refusal( $param, (string) $value );
		return null === $refusal ? true : new WP_Error( 'rest_invalid_param', $refusal );
	}

	/**
	 * Stores the signup (or drops it quietly) and answers the same words every time.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$unknown = RequestBody::unknown_fields( $request, $this->get_item_schema(), array() );
		if ( null !== $unknown ) {
			return $unknown;
		}
		try {
			$retry_after = SignupRateLimit::take( SignupRateLimit::client_address() );
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		if ( $retry_after > 0 ) {
			return $this->too_many_signups( $retry_after );
		}
		if ( '' !== trim( (string) $request->get_param( self::HONEYPOT ) ) ) {
			return $this->thanks();
		}
		$names = array();
		foreach ( self::NAME_FIELDS as $field ) {
			$value = trim( (string) $request->get_param( $field ) );
			if ( '' !== $value ) {
				$names[ $field ] = $value;
			}
		}
		// Checked in validate_field(); cleaned here as every write path cleans (R8).
		$names = ContactRules::clean( $names );
		$email = EmailAddress::valid( (string) $request->get_param( 'email' ) );
		if ( is_wp_error( $names ) || null === $email ) {
			return is_wp_error( $names ) ? $names : new WP_Error( 'rest_invalid_param', __( 'Please enter a valid email address.', 'users-to-contacts' ), array( 'status' => 400 ) );
		}
		try {
			$this->store( $email, $names );
			if ( is_user_logged_in() ) {
				$this->record_crm_action( get_current_user_id(), $names );
			}
		} catch ( RuntimeException $error ) {
			return $this->database_error();
		}
		return $this->thanks();
	}

	/**
	 * Creates the contact, gives an unlinked one the names, or leaves a linked one alone (R6).
	 * A named lock per address keeps two signups of a new address from making two contacts.
	 *
	 * @param string                    $email Normalised address.
	 * @param array<string, string|null> $names Cleaned names that were filled in.
	 * @throws RuntimeException On a database error.
	 */
	private function store( string $email, array $names ): void {
		$lock = 'users_to_contacts_signup_' . md5( $email );
		Database::lock( $lock, 10 );
		try {
			$holders = array_values(
				array_filter(
					( new BulkContactsRepository() )->by_emails( array( $email ) )[ $email ] ?? array(),
					static fn ( array $holder ): bool => 'individual' === $holder['type']
				)
			);
			foreach ( $holders as $holder ) {
				if ( null !== $holder['linked_user_id'] ) {
					return;
				}
			}
			if ( ! $holders ) {
				$this->contacts->create(
					$names + array( 'type' => 'individual' ),
					array(
						array(
							'email'   => $email,
							'primary' => true,
						),
					)
				);
				return;
			}
			$contact_id = $holders[0]['contact_id'];
			Database::transaction(
				function () use ( $contact_id, $names ): void {
					$current = $this->contacts->find( $contact_id, false, true );
					// Linked between the lookup and the lock on its row: left alone all the same.
					// Only a contact that signups made, and nobody else changed since, takes new
					// names: anyone can type anyone's address, and an administrator's contact
					// (an import, a hand-made one) is theirs to keep.
					if ( null !== $current && null === $current['link'] && $names && get_current_user_id() === (int) $current['modified_by'] ) {
						$this->contacts->update( $current, $names, null );
					}
				}
			);
		} finally {
			Database::unlock( $lock );
		}
	}

	/**
	 * Records a logged-in visitor's signup as a CRM action when it can link them (B3).
	 *
	 * @param int                        $user_id The visitor.
	 * @param array<string, string|null> $names   Cleaned names that were filled in.
	 * @throws RuntimeException On a database error.
	 */
	private function record_crm_action( int $user_id, array $names ): void {
		if ( ! in_array( 'crm_action', (array) Settings::get()['link_when'], true ) || null !== ( new LinksRepository() )->find( $user_id ) ) {
			return;
		}
		EventRecorder::record( EventRecorder::CRM_ACTION, $user_id, array( 'details' => $names ) );
	}

	/**
	 * The one answer to every accepted signup.
	 */
	private function thanks(): WP_REST_Response {
		return rest_ensure_response(
			array(
				'message' => __( 'Thank you for signing up. We have received your details.', 'users-to-contacts' ),
			)
		);
	}

	/**
	 * The 429 answer, with Retry-After.
	 *
	 * @param int $retry_after Seconds until this address may sign up again.
	 */
	private function too_many_signups( int $retry_after ): WP_REST_Response {
		$minutes  = max( 1, (int) ceil( $retry_after / 60 ) );
		$response = rest_convert_error_to_response(
			new WP_Error(
				'users_to_contacts_too_many_signups',
				sprintf(
					/* translators: %d: minutes to wait. */
					_n(
						'Too many sign-ups have come from your network in the last hour. Please try again in %d minute.',
						'Too many sign-ups have come from your network in the last hour. Please try again in %d minutes.',
						$minutes,
						'users-to-contacts'
					),
					$minutes
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
	 * Why a name is refused, or null. Markup is refused rather than silently cleaned away, so the
	 * visitor sees what happened to what they typed.
	 *
	 * @param string $field `first_name` or `last_name`.
	 * @param string $value As sent.
	 */
	private static function name_refusal( string $field, string $value ): ?string {
		if ( preg_match( '/[<>]/', $value ) ) {
			$label = 'first_name' === $field ? __( 'First name', 'users-to-contacts' ) : __( 'Last name', 'users-to-contacts' );
			/* translators: %s: the field's label, such as "First name". */
			return sprintf( __( '%s cannot contain the characters < or >.', 'users-to-contacts' ), $label );
		}
		$clean = ContactRules::clean( array( $field => trim( $value ) ) );
		return is_wp_error( $clean ) ? $clean->get_error_message() : null;
	}

	/**
	 * Why an address is refused, or null.
	 *
	 * @param string $value As sent.
	 */
	private static function email_refusal( string $value ): ?string {
		if ( '' === trim( $value ) ) {
			return __( 'Please enter your email address.', 'users-to-contacts' );
		}
		if ( null !== EmailAddress::valid( $value ) ) {
			return null;
		}
		if ( strlen( ContactsRepository::normalize_email( $value ) ) > ContactsRepository::EMAIL_MAX_LENGTH ) {
			return EmailAddress::refusal( $value, 'email' );
		}
		return __( 'Please enter a valid email address, such as name@example.com.', 'users-to-contacts' );
	}

	/**
	 * The schema: what the form sends, and the answer.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'users-to-contacts-signup',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'first_name'   => array(
					'description' => __( 'First name', 'users-to-contacts' ),
					'type'        => 'string',
					'maxLength'   => ContactsRepository::TEXT_COLUMNS['first_name'],
				),
				'last_name'    => array(
					'description' => __( 'Last name', 'users-to-contacts' ),
					'type'        => 'string',
					'maxLength'   => ContactsRepository::TEXT_COLUMNS['last_name'],
				),
				'email'        => array(
					'description' => __( 'Email address', 'users-to-contacts' ),
					'type'        => 'string',
					'required'    => true,
				),
				self::HONEYPOT => array(
					'description' => __( 'Left empty by people; anything in it marks a bot, whose signup is dropped.', 'users-to-contacts' ),
					'type'        => 'string',
				),
				'message'      => array(
					'description' => __( 'What the visitor is told: the same words for every accepted signup.', 'users-to-contacts' ),
					'type'        => 'string',
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
