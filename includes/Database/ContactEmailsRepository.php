<?php
/**
 * The emails of contacts: `utc_contact_emails`.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

use RuntimeException;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and writes a contact's emails, always as a whole list (see EmailList for its rules).
 *
 * Emails are stored trimmed and lower-cased. `primary_of` holds the contact id on the primary
 * row and NULL elsewhere: its unique key lets the database refuse a second primary. That there
 * is one primary at all (when a contact has emails) is kept by writing whole lists only.
 */
final class ContactEmailsRepository {

	/**
	 * The emails of many contacts in one query.
	 *
	 * @param list<int> $ids Contact ids.
	 * @return array<int, list<array{email: string, primary: bool}>> By contact id; the primary first.
	 * @throws RuntimeException On a database error.
	 */
	public function for_contacts( array $ids ): array {
		if ( ! $ids ) {
			return array();
		}
		$table      = Schema::table( 'contact_emails' );
		$list       = Database::id_list( array_unique( $ids ) );
		$by_contact = array();
		foreach ( Database::rows( "SELECT contact_id, email, is_primary FROM {$table} WHERE contact_id IN ({$list}) ORDER BY contact_id, is_primary DESC, id" ) as $row ) {
			$by_contact[ (int) $row['contact_id'] ][] = array(
				'email'   => (string) $row['email'],
				'primary' => 1 === (int) $row['is_primary'],
			);
		}
		return $by_contact;
	}

	/**
	 * Replaces a contact's emails with a list. Call inside Database::transaction().
	 *
	 * @param int                                       $id     Contact id.
	 * @param list<array{email: string, primary: bool}> $emails The new list.
	 * @throws RuntimeException On a database error.
	 */
	public function replace( int $id, array $emails ): void {
		$table = Schema::table( 'contact_emails' );
		Database::execute( "DELETE FROM {$table} WHERE contact_id = " . $id );
		$this->insert( $id, $emails );
	}

	/**
	 * Adds the emails of one contact, in one statement.
	 *
	 * @param int                                       $id     Contact id.
	 * @param list<array{email: string, primary: bool}> $emails Emails (normalised, one primary).
	 * @throws RuntimeException On a database error.
	 */
	public function insert( int $id, array $emails ): void {
		if ( ! $emails ) {
			return;
		}
		$table = Schema::table( 'contact_emails' );
		$rows  = array();
		foreach ( $emails as $email ) {
			// primary_of: the contact id on the primary row, NULL (from 0) on the others.
			$rows[] = array( $id, $email['email'], $email['primary'] ? 1 : 0, $email['primary'] ? $id : 0 );
		}
		Database::insert_rows( "INSERT INTO {$table} (contact_id, email, is_primary, primary_of) VALUES ", '(%d, %s, %d, NULLIF(%d, 0))', $rows );
	}
}
