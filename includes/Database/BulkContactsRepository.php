<?php
/**
 * Contacts many at a time: the bulk routes' lookups and the batch appliers' writes.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;
use UsersToContacts\Contacts\EmailList;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Set-based reads and writes of `utc_contacts` and `utc_contact_emails` for any number of
 * contacts: `IN` lookups, multi-row INSERTs, CASE updates, never a query per contact.
 * Emails arrive normalised (ContactsRepository::normalize_email()). Writes are meant to run
 * inside the batch's transaction (Database::transaction()); every method throws a
 * RuntimeException when the database refuses a statement.
 */
final class BulkContactsRepository {

	/**
	 * Placeholders of a contact_emails row: contact_id, email, is_primary, primary_of (0 stores
	 * NULL: only the primary row holds its contact id there).
	 */
	private const EMAIL_ROW = '(%d, %s, %d, NULLIF( %d, 0 ))';

	/**
	 * Contacts updated per CASE statement (a CASE is read linearly for each row it updates).
	 */
	private const CASE_CHUNK = 250;

	/**
	 * The contacts table.
	 */
	private string $contacts;

	/**
	 * The contact emails table.
	 */
	private string $emails;

	public function __construct() {
		$this->contacts = Schema::table( 'contacts' );
		$this->emails   = Schema::table( 'contact_emails' );
	}

	/**
	 * The non-deleted contacts holding each email, primary holders first, then by id.
	 *
	 * @param list<string> $emails Normalised emails (at least one).
	 * @return array<string, list<array{contact_id: int, type: string, primary: bool, linked_user_id: int|null}>> By email.
	 */
	public function by_emails( array $emails ): array {
		$links   = Schema::table( 'links' );
		$matches = array_fill_keys( $emails, array() );
		$rows    = Database::rows(
			"SELECT e.email, e.contact_id, e.is_primary, c.type, l.user_id
			FROM {$this->emails} e
			JOIN {$this->contacts} c ON c.id = e.contact_id AND c.deleted_at IS NULL
			LEFT JOIN {$links} l ON l.contact_id = e.contact_id
			WHERE e.email IN (" . Database::string_list( $emails ) . ')
			ORDER BY e.is_primary DESC, e.contact_id'
		);
		foreach ( $rows as $row ) {
			$matches[ ContactsRepository::normalize_email( (string) $row['email'] ) ][] = array(
				'contact_id'     => (int) $row['contact_id'],
				'type'           => (string) $row['type'],
				'primary'        => 1 === (int) $row['is_primary'],
				'linked_user_id' => null === $row['user_id'] ? null : (int) $row['user_id'],
			);
		}
		return $matches;
	}

	/**
	 * The non-deleted contacts with these ids, by id: id, email (the primary; '' when none),
	 * emails (the primary first), fields (every contact column, null when NULL) and
	 * modified_by (the person whose data it carries, 0 for none: R7). Missing and deleted ids
	 * are left out. Two queries.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return list<array{id: int, email: string, emails: list<string>, fields: object, modified_by: int}>
	 */
	public function by_ids( array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		$columns  = array_merge( array( 'id', 'type', 'birth_date' ), array_keys( ContactsRepository::TEXT_COLUMNS ) );
		$rows     = Database::rows( 'SELECT ' . implode( ', ', $columns ) . ", modified_by FROM {$this->contacts} WHERE id IN (" . Database::id_list( $ids ) . ') AND deleted_at IS NULL ORDER BY id' );
		$held     = ( new ContactEmailsRepository() )->for_contacts( $ids );
		$contacts = array();
		foreach ( $rows as $row ) {
			$id     = (int) $row['id'];
			$fields = array();
			foreach ( $columns as $column ) {
				if ( 'id' !== $column ) {
					$fields[ $column ] = null === $row[ $column ] ? null : (string) $row[ $column ];
				}
			}
			$own        = $held[ $id ] ?? array();
			$contacts[] = array(
				'id'          => $id,
				'email'       => strtolower( EmailList::primary( $own ) ?? '' ),
				'emails'      => array_map( static fn( array $email ): string => strtolower( $email['email'] ), $own ),
				'fields'      => (object) $fields,
				'modified_by' => (int) $row['modified_by'],
			);
		}
		return $contacts;
	}

	/**
	 * Whether each of these contacts is deleted, locking the rows until the commit (a
	 * concurrent batch cannot delete them under this one). Missing ids are left out.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, bool> By id: true when soft-deleted.
	 */
	public function lock_deleted_states( array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		$states = array();
		foreach ( Database::rows( "SELECT id, deleted_at FROM {$this->contacts} WHERE id IN (" . Database::id_list( array_unique( $ids ) ) . ') FOR UPDATE' ) as $row ) {
			$states[ (int) $row['id'] ] = null !== $row['deleted_at'];
		}
		return $states;
	}

	/**
	 * Which of these contacts exist and are not deleted.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, true> By id.
	 */
	public function live( array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		return array_fill_keys( array_map( 'intval', Database::column( "SELECT id FROM {$this->contacts} WHERE id IN (" . Database::id_list( $ids ) . ') AND deleted_at IS NULL' ) ), true );
	}

	/**
	 * Soft-deletes contacts (their rows stay, marked deleted at $now).
	 *
	 * @param list<int> $ids Contact ids.
	 * @param string    $now The batch's time.
	 */
	public function soft_delete( array $ids, string $now ): void {
		global $wpdb;
		if ( $ids ) {
			Database::execute( $wpdb->prepare( "UPDATE {$this->contacts} SET deleted_at = %s, modified = %s WHERE id IN (" . Database::id_list( $ids ) . ')', $now, $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
	}

	/**
	 * Inserts new contacts (multi-row) and answers their ids in the same order.
	 *
	 * Only the columns the batch gives (the others keep their defaults), and the batch's own
	 * constants (time, run) written into the row template once: a batch of thousands of
	 * contacts is one short statement per thousand rows, prepared once.
	 *
	 * @param list<array<string, string|null>> $contacts Checked contact fields, each with its
	 *                                                   display_name.
	 * @param string                           $now      The batch's time.
	 * @param int|null                         $run_id   Recorded as created_by_run.
	 * @return list<int>
	 */
	public function insert_many( array $contacts, string $now, ?int $run_id ): array {
		$given = array( 'display_name' => true );
		foreach ( $contacts as $fields ) {
			$given += array_fill_keys( array_keys( $fields ), true );
		}
		$text     = array_values( array_intersect( array_keys( ContactsRepository::TEXT_COLUMNS ), array_keys( $given ) ) );
		$dated    = isset( $given['birth_date'] );
		$noted    = isset( $given['notes'] );
		$time     = Database::literal( $now );
		$columns  = array_merge( array( 'type' ), $text, $dated ? array( 'birth_date' ) : array(), $noted ? array() : array( 'notes' ), array( 'created', 'modified', 'created_by_run' ) );
		$template = '(%s' . str_repeat( ', %s', count( $text ) ) . ( $dated ? ", NULLIF( %s, '' )" : '' ) . ( $noted ? '' : ", ''" )
			. ", {$time}, {$time}, " . ( null === $run_id ? 'NULL' : (string) $run_id ) . ')';
		$values   = array();
		foreach ( $contacts as $fields ) {
			$row = array( (string) ( $fields['type'] ?? 'individual' ) );
			foreach ( $text as $column ) {
				$row[] = (string) ( $fields[ $column ] ?? '' );
			}
			if ( $dated ) {
				$row[] = (string) ( $fields['birth_date'] ?? '' );
			}
			$values[] = $row;
		}
		return Database::insert_returning_ids( "INSERT INTO {$this->contacts} (" . implode( ', ', $columns ) . ') VALUES ', $template, $values );
	}

	/**
	 * Inserts emails (multi-row). With $promote, an email the contact holds already takes the
	 * row's primary flag instead (demote the old primary first: see demote_primaries()).
	 *
	 * @param list<array{0: int, 1: string, 2: int}> $rows    contact_id, email, is_primary (0|1).
	 * @param bool                                   $promote Update existing rows' primary flag.
	 */
	public function insert_emails( array $rows, bool $promote = false ): void {
		$values = array_map( static fn( array $row ): array => array( $row[0], $row[1], $row[2], $row[2] ? $row[0] : 0 ), $rows );
		Database::insert_rows(
			"INSERT INTO {$this->emails} (contact_id, email, is_primary, primary_of) VALUES ",
			self::EMAIL_ROW,
			$values,
			$promote ? ' ON DUPLICATE KEY UPDATE is_primary = VALUES(is_primary), primary_of = VALUES(primary_of)' : ''
		);
	}

	/**
	 * Removes contacts and their emails for good (contacts made earlier in the same
	 * transaction that turned out not to be needed).
	 *
	 * @param list<int> $ids Contact ids.
	 */
	public function delete_many( array $ids ): void {
		if ( $ids ) {
			$list = Database::id_list( $ids );
			Database::execute( "DELETE FROM {$this->emails} WHERE contact_id IN ({$list})" );
			Database::execute( "DELETE FROM {$this->contacts} WHERE id IN ({$list})" );
		}
	}

	/**
	 * The stored rows of some contacts, by id.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, array<string, mixed>>
	 */
	public function rows_of( array $ids ): array {
		$rows = array();
		if ( $ids ) {
			foreach ( Database::rows( "SELECT * FROM {$this->contacts} WHERE id IN (" . Database::id_list( $ids ) . ')' ) as $row ) {
				$rows[ (int) $row['id'] ] = $row;
			}
		}
		return $rows;
	}

	/**
	 * The emails some contacts hold, by contact id, then email: whether it is the primary.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, array<string, bool>>
	 */
	public function emails_of( array $ids ): array {
		$emails = array();
		foreach ( ( new ContactEmailsRepository() )->for_contacts( $ids ) as $id => $held ) {
			foreach ( $held as $email ) {
				$emails[ $id ][ strtolower( $email['email'] ) ] = $email['primary'];
			}
		}
		return $emails;
	}

	/**
	 * Writes changed columns of many contacts: CASE updates, CASE_CHUNK contacts a statement.
	 *
	 * @param array<int, array<string, string|null>> $changes By contact id: column => value
	 *                                                        (columns checked by the caller:
	 *                                                        TEXT_COLUMNS, type, birth_date).
	 */
	public function update_columns( array $changes ): void {
		global $wpdb;
		foreach ( array_chunk( $changes, self::CASE_CHUNK, true ) as $chunk ) {
			$columns = array();
			foreach ( $chunk as $values ) {
				$columns += array_fill_keys( array_keys( $values ), true );
			}
			$assignments = array();
			foreach ( array_keys( $columns ) as $column ) {
				$cases = '';
				$args  = array();
				foreach ( $chunk as $id => $values ) {
					if ( ! array_key_exists( $column, $values ) ) {
						continue;
					}
					if ( null === $values[ $column ] ) {
						$cases .= ' WHEN ' . (int) $id . ' THEN NULL';
					} else {
						$cases .= ' WHEN ' . (int) $id . ' THEN %s';
						$args[] = $values[ $column ];
					}
				}
				$case          = "{$column} = CASE id{$cases} ELSE {$column} END";
				$assignments[] = $args ? (string) $wpdb->prepare( $case, $args ) : $case; // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			}
			Database::execute( "UPDATE {$this->contacts} SET " . implode( ', ', $assignments ) . ' WHERE id IN (' . Database::id_list( array_keys( $chunk ) ) . ')' );
		}
	}

	/**
	 * Turns the primary email of some contacts into an ordinary one (before new primaries are
	 * inserted or promoted with insert_emails()).
	 *
	 * @param list<int> $ids Contact ids.
	 */
	public function demote_primaries( array $ids ): void {
		if ( $ids ) {
			Database::execute( "UPDATE {$this->emails} SET is_primary = 0, primary_of = NULL WHERE contact_id IN (" . Database::id_list( $ids ) . ') AND is_primary = 1' );
		}
	}

	/**
	 * Marks contacts modified at $now.
	 *
	 * @param list<int> $ids Contact ids.
	 * @param string    $now The batch's time.
	 */
	public function mark_modified( array $ids, string $now ): void {
		global $wpdb;
		if ( $ids ) {
			Database::execute( $wpdb->prepare( "UPDATE {$this->contacts} SET modified = %s WHERE id IN (" . Database::id_list( $ids ) . ')', $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
	}
}
