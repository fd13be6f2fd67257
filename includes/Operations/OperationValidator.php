<?php
/**
 * Checks the operations of a batch before anything is applied.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use RuntimeException;
use UsersToContacts\Contacts\ContactRules;
use UsersToContacts\Contacts\EmailAddress;
use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\UsersReader;
use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Two stages:
 * - check(): each operation without the database. Its shape (the fields its kind takes, from
 *   the apply schema's `kinds`) refuses the whole batch (InvalidOperation, 400: the request is
 *   malformed); its values (contact fields through ContactRules, emails through EmailAddress,
 *   user fields and the private-field rule: the rules every write path shares, R8 in
 *   docs/behaviours.md) refuse that operation alone (RefusedOperation);
 * - check_references(): inside the transaction, that the users and contacts each operation
 *   names exist, and that no operation links or updates a contact that is deleted (before, or
 *   by a delete_contact of the same batch). Those operations are refused alone.
 */
final class OperationValidator {

	/**
	 * Core user fields update_user may write (through wp_update_user()), with their longest value.
	 */
	private const WRITABLE_USER_FIELDS = array(
		'user_email'   => 100,
		'user_url'     => 100,
		'display_name' => 250,
		'nickname'     => 255,
		'first_name'   => 255,
		'last_name'    => 255,
		'description'  => 65535,
	);

	/**
	 * Kinds that need their user to exist, and kinds that need their contact to exist.
	 */
	private const NEED_USER    = array( 'link', 'create_and_link', 'update_user' );
	private const NEED_CONTACT = array( 'link', 'update_contact', 'delete_contact' );

	/**
	 * The fields of each kind, as the apply schema publishes them.
	 *
	 * @var array<string, array{required: list<string>, optional: list<string>}>
	 */
	private array $kinds;

	public function __construct() {
		$this->kinds = OperationSchema::apply_schema()['kinds'];
	}

	/**
	 * Checks one operation and returns it cleaned (emails normalised, contact fields cleaned;
	 * create_and_link's email moved to `contact_email`) with its `index`.
	 *
	 * @param int                  $index     Its position in the batch.
	 * @param array<string, mixed> $operation The operation (its kind is one of the schema's).
	 * @return array<string, mixed>
	 * @throws InvalidOperation When it is malformed (the batch is refused).
	 * @throws RefusedOperation When a value cannot be applied (the operation alone is refused).
	 */
	public function check( int $index, array $operation ): array {
		$kind    = (string) $operation['kind'];
		$allowed = array_merge( array( 'kind' ), $this->kinds[ $kind ]['required'], $this->kinds[ $kind ]['optional'] );
		foreach ( $this->kinds[ $kind ]['required'] as $name ) {
			if ( ! isset( $operation[ $name ] ) ) {
				/* translators: 1: operation index, 2: operation kind, 3: field name. */
				self::fail( $index, sprintf( __( 'Operation %1$d (%2$s) needs %3$s.', 'users-to-contacts' ), $index, $kind, $name ) );
			}
		}
		$extra = array_diff( array_keys( $operation ), $allowed );
		if ( $extra ) {
			/* translators: 1: operation index, 2: operation kind, 3: field names, 4: accepted field names. */
			self::fail( $index, sprintf( __( 'Operation %1$d (%2$s) does not take %3$s. It takes: %4$s.', 'users-to-contacts' ), $index, $kind, implode( ', ', $extra ), implode( ', ', $allowed ) ) );
		}
		if ( 'create_and_link' === $kind && ! isset( ( (array) $operation['contact'] )['email'] ) ) {
			/* translators: %d: operation index. */
			self::fail( $index, sprintf( __( 'Operation %d (create_and_link) needs contact.email.', 'users-to-contacts' ), $index ) );
		}
		if ( 'update_contact' === $kind && ! isset( $operation['fields'] ) && ! isset( $operation['add_emails'] ) && ! isset( $operation['primary_email'] ) ) {
			/* translators: %d: operation index. */
			self::fail( $index, sprintf( __( 'Operation %d (update_contact) changes nothing: give fields, add_emails or primary_email.', 'users-to-contacts' ), $index ) );
		}
		if ( 'update_user' === $kind && ! $operation['fields'] ) {
			/* translators: %d: operation index. */
			self::fail( $index, sprintf( __( 'Operation %d (update_user) changes nothing: fields is empty.', 'users-to-contacts' ), $index ) );
		}

		if ( 'create_and_link' === $kind ) {
			$contact = (array) $operation['contact'];
			$email   = self::email( (string) $contact['email'], 'contact.email' );
			unset( $contact['email'] );
			$operation['contact']       = self::contact_fields( $contact, 'contact.' );
			$operation['contact_email'] = $email;
		}
		if ( 'update_contact' === $kind ) {
			$operation['fields'] = self::contact_fields( (array) ( $operation['fields'] ?? array() ), 'fields.' );
			$add_emails          = array();
			foreach ( array_values( (array) ( $operation['add_emails'] ?? array() ) ) as $position => $email ) {
				$add_emails[] = self::email( (string) $email, "add_emails[{$position}]" );
			}
			$operation['add_emails'] = array_values( array_unique( $add_emails ) );
			if ( isset( $operation['primary_email'] ) ) {
				$operation['primary_email'] = self::email( (string) $operation['primary_email'], 'primary_email' );
			}
		}
		if ( isset( $operation['email'] ) ) {
			// Checked, left as sent (the kind that takes it compares it with the user's own).
			self::email( (string) $operation['email'], 'email' );
		}
		if ( 'update_user' === $kind ) {
			$operation['fields'] = $this->check_user_fields( (array) $operation['fields'] );
		}
		$operation['index'] = $index;
		return $operation;
	}

	/**
	 * The refusals of operations that name a user or contact that does not exist, or link or
	 * update a contact that is deleted: before this batch, or by one of its delete_contact
	 * operations (which apply first: a link to it would leave a user linked to a deleted
	 * contact). Call inside the batch's transaction: the contacts stay locked until the commit.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations.
	 * @return array<int, array{status: string, reason: string, message: string}> By index.
	 * @throws RuntimeException The database refused a statement.
	 */
	public function check_references( array $operations ): array {
		$user_ids    = array();
		$contact_ids = array();
		$deleting    = array();
		foreach ( $operations as $operation ) {
			if ( in_array( $operation['kind'], self::NEED_USER, true ) ) {
				$user_ids[] = (int) $operation['user_id'];
			}
			if ( isset( $operation['reassign'] ) ) {
				$user_ids[] = (int) $operation['reassign'];
			}
			if ( in_array( $operation['kind'], self::NEED_CONTACT, true ) ) {
				$contact_ids[] = (int) $operation['contact_id'];
			}
			if ( 'delete_contact' === $operation['kind'] ) {
				$deleting[ (int) $operation['contact_id'] ] ??= (int) $operation['index'];
			}
		}
		$users    = ( new UsersReader() )->existing( $user_ids );
		$contacts = ( new BulkContactsRepository() )->lock_deleted_states( $contact_ids );
		$refused  = array();
		foreach ( $operations as $operation ) {
			$index   = (int) $operation['index'];
			$kind    = (string) $operation['kind'];
			$refusal = null;
			if ( in_array( $kind, self::NEED_USER, true ) && ! isset( $users[ (int) $operation['user_id'] ] ) ) {
				/* translators: %d: user id. */
				$refusal = array( 'no_such_user', sprintf( __( 'There is no user %d.', 'users-to-contacts' ), (int) $operation['user_id'] ) );
			} elseif ( isset( $operation['reassign'] ) && ! isset( $users[ (int) $operation['reassign'] ] ) ) {
				/* translators: %d: user id. */
				$refusal = array( 'no_such_user', sprintf( __( 'There is no user %d to reassign the content to.', 'users-to-contacts' ), (int) $operation['reassign'] ) );
			} elseif ( in_array( $kind, self::NEED_CONTACT, true ) ) {
				$contact_id = (int) $operation['contact_id'];
				if ( ! isset( $contacts[ $contact_id ] ) ) {
					/* translators: %d: contact id. */
					$refusal = array( 'no_such_contact', sprintf( __( 'There is no contact %d.', 'users-to-contacts' ), $contact_id ) );
				} elseif ( 'delete_contact' !== $kind && $contacts[ $contact_id ] ) {
					/* translators: %d: contact id. */
					$refusal = array( 'contact_deleted', sprintf( __( 'Contact %d was deleted.', 'users-to-contacts' ), $contact_id ) );
				} elseif ( 'delete_contact' !== $kind && isset( $deleting[ $contact_id ] ) ) {
					/* translators: 1: contact id, 2: operation index. */
					$refusal = array( 'contact_deleted', sprintf( __( 'Contact %1$d is deleted by operation %2$d of this batch.', 'users-to-contacts' ), $contact_id, $deleting[ $contact_id ] ) );
				}
			}
			if ( null !== $refusal ) {
				$refused[ $index ] = array(
					'status'  => 'refused',
					'reason'  => $refusal[0],
					'message' => $refusal[1],
				);
			}
		}
		return $refused;
	}

	/**
	 * Contact fields, through the rules every write path shares (ContactRules).
	 *
	 * @param array<string, mixed> $fields The fields.
	 * @param string               $prefix Where they were sent, for the message.
	 * @return array<string, string|null>
	 * @throws RefusedOperation When a field is invalid.
	 */
	private static function contact_fields( array $fields, string $prefix ): array {
		$clean = ContactRules::clean( $fields, $prefix );
		if ( $clean instanceof WP_Error ) {
			throw new RefusedOperation( $clean->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
		}
		return $clean;
	}

	/**
	 * An email, normalised, by the one email rule (EmailAddress).
	 *
	 * @param string $email The address as sent.
	 * @param string $field Where it was sent, for the message.
	 * @throws RefusedOperation When it is not valid.
	 */
	private static function email( string $email, string $field ): string {
		$refusal = EmailAddress::refusal( $email, $field );
		if ( null !== $refusal ) {
			throw new RefusedOperation( $refusal ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
		}
		return ContactsRepository::normalize_email( $email );
	}

	/**
	 * User fields: writable core fields within their length (a valid email), or public meta
	 * keys (never a private one: Guards::is_private_user_key()).
	 *
	 * @param array<string, mixed> $fields The fields (at least one).
	 * @return array<string, string>
	 * @throws RefusedOperation When a field is invalid or private.
	 */
	private function check_user_fields( array $fields ): array {
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$name    = (string) $name;
			$max     = self::WRITABLE_USER_FIELDS[ $name ] ?? 65535;
			$refusal = null;
			if ( Guards::is_private_user_key( $name ) || strlen( $name ) > 255 ) {
				/* translators: %s: field name. */
				$refusal = sprintf( __( 'fields.%s cannot be written through this route.', 'users-to-contacts' ), $name );
			} elseif ( ! is_string( $value ) ) {
				/* translators: %s: field name. */
				$refusal = sprintf( __( 'fields.%s must be a string.', 'users-to-contacts' ), $name );
			} elseif ( mb_strlen( $value ) > $max ) {
				/* translators: 1: field name, 2: maximum length. */
				$refusal = sprintf( __( 'fields.%1$s must be at most %2$d characters.', 'users-to-contacts' ), $name, $max );
			} elseif ( 'user_email' === $name ) {
				$refusal = EmailAddress::refusal( $value, 'fields.user_email' );
			}
			if ( null !== $refusal ) {
				throw new RefusedOperation( $refusal ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
			}
			$clean[ $name ] = $value;
		}
		return $clean;
	}

	/**
	 * Throws the refusal of one operation.
	 *
	 * @param int    $index   Operation index.
	 * @param string $message What is wrong, for a person.
	 * @throws InvalidOperation Always.
	 */
	public static function fail( int $index, string $message ): void {
		throw new InvalidOperation( $message, $index ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- JSON, not HTML.
	}
}
