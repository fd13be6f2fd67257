<?php
/**
 * Checks the operations of a batch before anything is applied.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use RuntimeException;
use UsersToContacts\Database\BulkContactsRepository;
use UsersToContacts\Database\ContactsRepository;
use UsersToContacts\Database\UsersReader;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Two stages, both all-or-nothing (the first invalid operation refuses the batch):
 * - check(): each operation's shape, without the database: the fields its kind takes (from
 *   the apply schema's `kinds`) and the values of contact and user fields (the same validation
 *   and private-field rules as every write path: docs/behaviours.md R8);
 * - check_references(): inside the transaction, that the users and contacts it names exist
 *   (one query for users, one locking query for contacts).
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
	 * Checks one operation's shape and returns it cleaned (emails normalised, contact fields
	 * checked; create_and_link's email moved to `contact_email`) with its `index`.
	 *
	 * @param int                  $index     Its position in the batch.
	 * @param array<string, mixed> $operation The operation (its kind is one of the schema's).
	 * @return array<string, mixed>
	 * @throws InvalidOperation When it is invalid.
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
		if ( 'create_and_link' === $kind ) {
			$contact = (array) $operation['contact'];
			if ( ! isset( $contact['email'] ) ) {
				/* translators: %d: operation index. */
				self::fail( $index, sprintf( __( 'Operation %d (create_and_link) needs contact.email.', 'users-to-contacts' ), $index ) );
			}
			$email = ContactsRepository::normalize_email( (string) $contact['email'] );
			unset( $contact['email'] );
			$operation['contact']       = $this->check_contact_fields( $index, $kind, $contact );
			$operation['contact_email'] = $email;
		}
		if ( 'update_contact' === $kind ) {
			if ( ! isset( $operation['fields'] ) && ! isset( $operation['add_emails'] ) && ! isset( $operation['primary_email'] ) ) {
				/* translators: %d: operation index. */
				self::fail( $index, sprintf( __( 'Operation %d (update_contact) changes nothing: give fields, add_emails or primary_email.', 'users-to-contacts' ), $index ) );
			}
			$operation['fields']     = $this->check_contact_fields( $index, $kind, (array) ( $operation['fields'] ?? array() ) );
			$operation['add_emails'] = array_values( array_unique( array_map( static fn( $email ): string => ContactsRepository::normalize_email( (string) $email ), (array) ( $operation['add_emails'] ?? array() ) ) ) );
			if ( isset( $operation['primary_email'] ) ) {
				$operation['primary_email'] = ContactsRepository::normalize_email( (string) $operation['primary_email'] );
			}
		}
		if ( 'update_user' === $kind ) {
			$operation['fields'] = $this->check_user_fields( $index, (array) $operation['fields'] );
		}
		$operation['index'] = $index;
		return $operation;
	}

	/**
	 * Refuses the batch when an operation refers to a user or contact that does not exist (or a
	 * deleted contact it would link or update). Call inside the batch's transaction: the
	 * contacts stay locked until the commit.
	 *
	 * @param list<array<string, mixed>> $operations Checked operations.
	 * @throws InvalidOperation Naming the first such operation.
	 * @throws RuntimeException The database refused a statement.
	 */
	public function check_references( array $operations ): void {
		$user_ids    = array();
		$contact_ids = array();
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
		}
		$users    = ( new UsersReader() )->existing( $user_ids );
		$contacts = ( new BulkContactsRepository() )->lock_deleted_states( $contact_ids );
		foreach ( $operations as $operation ) {
			$index = (int) $operation['index'];
			$kind  = (string) $operation['kind'];
			if ( in_array( $kind, self::NEED_USER, true ) && ! isset( $users[ (int) $operation['user_id'] ] ) ) {
				/* translators: 1: operation index, 2: kind, 3: user id. */
				self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): there is no user %3$d.', 'users-to-contacts' ), $index, $kind, (int) $operation['user_id'] ) );
			}
			if ( isset( $operation['reassign'] ) && ! isset( $users[ (int) $operation['reassign'] ] ) ) {
				/* translators: 1: operation index, 2: user id. */
				self::fail( $index, sprintf( __( 'Operation %1$d (delete_user): there is no user %2$d to reassign the content to.', 'users-to-contacts' ), $index, (int) $operation['reassign'] ) );
			}
			if ( in_array( $kind, self::NEED_CONTACT, true ) ) {
				$contact_id = (int) $operation['contact_id'];
				if ( ! isset( $contacts[ $contact_id ] ) ) {
					/* translators: 1: operation index, 2: kind, 3: contact id. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): there is no contact %3$d.', 'users-to-contacts' ), $index, $kind, $contact_id ) );
				}
				if ( $contacts[ $contact_id ] && 'delete_contact' !== $kind ) {
					/* translators: 1: operation index, 2: kind, 3: contact id. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): contact %3$d was deleted.', 'users-to-contacts' ), $index, $kind, $contact_id ) );
				}
			}
		}
	}

	/**
	 * Contact fields: known columns, strings within their length, a valid type and birth date.
	 *
	 * @param int                  $index  Operation index.
	 * @param string               $kind   Operation kind.
	 * @param array<string, mixed> $fields The fields.
	 * @return array<string, string|null>
	 * @throws InvalidOperation When a field is invalid.
	 */
	private function check_contact_fields( int $index, string $kind, array $fields ): array {
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$name = (string) $name;
			if ( 'type' === $name ) {
				if ( ! in_array( $value, ContactsRepository::TYPES, true ) ) {
					/* translators: 1: operation index, 2: kind, 3: the accepted types. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): type must be one of %3$s.', 'users-to-contacts' ), $index, $kind, implode( ', ', ContactsRepository::TYPES ) ) );
				}
				$clean['type'] = (string) $value;
			} elseif ( 'birth_date' === $name ) {
				$date = null === $value ? '' : (string) $value;
				if ( '' !== $date && ( ! preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $date, $parts ) || ! checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ) ) {
					/* translators: 1: operation index, 2: kind. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): birth_date must be a date such as 1990-12-31.', 'users-to-contacts' ), $index, $kind ) );
				}
				$clean['birth_date'] = '' === $date ? null : $date;
			} elseif ( isset( ContactsRepository::TEXT_COLUMNS[ $name ] ) ) {
				if ( ! is_string( $value ) ) {
					/* translators: 1: operation index, 2: kind, 3: field. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s must be a string.', 'users-to-contacts' ), $index, $kind, $name ) );
				}
				if ( mb_strlen( $value ) > ContactsRepository::TEXT_COLUMNS[ $name ] ) {
					/* translators: 1: operation index, 2: kind, 3: field, 4: maximum length. */
					self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s is longer than %4$d characters.', 'users-to-contacts' ), $index, $kind, $name, ContactsRepository::TEXT_COLUMNS[ $name ] ) );
				}
				$clean[ $name ] = $value;
			} else {
				/* translators: 1: operation index, 2: kind, 3: field. */
				self::fail( $index, sprintf( __( 'Operation %1$d (%2$s): %3$s is not a contact field.', 'users-to-contacts' ), $index, $kind, $name ) );
			}
		}
		return $clean;
	}

	/**
	 * User fields: writable core fields within their length (a valid email), or public meta
	 * keys (never a private one: Guards::is_private_user_key()).
	 *
	 * @param int                  $index  Operation index.
	 * @param array<string, mixed> $fields The fields.
	 * @return array<string, string>
	 * @throws InvalidOperation When a field is invalid or private.
	 */
	private function check_user_fields( int $index, array $fields ): array {
		if ( ! $fields ) {
			/* translators: %d: operation index. */
			self::fail( $index, sprintf( __( 'Operation %d (update_user) changes nothing: fields is empty.', 'users-to-contacts' ), $index ) );
		}
		$clean = array();
		foreach ( $fields as $name => $value ) {
			$name = (string) $name;
			if ( ! is_string( $value ) ) {
				/* translators: 1: operation index, 2: field. */
				self::fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s must be a string.', 'users-to-contacts' ), $index, $name ) );
			}
			if ( Guards::is_private_user_key( $name ) || strlen( $name ) > 255 ) {
				/* translators: 1: operation index, 2: field. */
				self::fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s cannot be written through this route.', 'users-to-contacts' ), $index, $name ) );
			}
			$max = self::WRITABLE_USER_FIELDS[ $name ] ?? 65535;
			if ( mb_strlen( $value ) > $max ) {
				/* translators: 1: operation index, 2: field, 3: maximum length. */
				self::fail( $index, sprintf( __( 'Operation %1$d (update_user): %2$s is longer than %3$d characters.', 'users-to-contacts' ), $index, $name, $max ) );
			}
			if ( 'user_email' === $name && ! is_email( $value ) ) {
				/* translators: %d: operation index. */
				self::fail( $index, sprintf( __( 'Operation %d (update_user): user_email is not a valid email address.', 'users-to-contacts' ), $index ) );
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
