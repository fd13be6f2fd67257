/**
 * The SQL floor: the outcome of a sync (R1, R2: links to the chosen candidates, one new contact
 * with its email and link for everyone else valid) as five set-based statements in one
 * transaction inside MariaDB. No HTTP, no PHP, no run log: the lower bound. It is committed so
 * the same check as every other method can judge it, then the bench restores the seed.
 */
import { timedSql } from './db.mjs';

const NORMALIZED = 'LOWER(TRIM(u.user_email))';
const VALID = `(${ NORMALIZED } REGEXP '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' AND CHAR_LENGTH(${ NORMALIZED }) BETWEEN 6 AND 254)`;

export function sqlFloor( state ) {
	return timedSql(
		state,
		`START TRANSACTION;
		 INSERT INTO wp_utc_links (user_id, contact_id, sync_enabled, source, origin, linked_at)
		 SELECT user_id, contact_id, 1, 'user', 'matched', UTC_TIMESTAMP() FROM (
		   SELECT u.ID AS user_id, m.contact_id,
		     ROW_NUMBER() OVER (PARTITION BY u.ID ORDER BY m.is_primary DESC, m.contact_id) AS rn
		   FROM wp_users u
		   JOIN wp_utc_contact_emails m ON m.email = ${ NORMALIZED }
		   JOIN wp_utc_contacts c ON c.id = m.contact_id AND c.type = 'individual' AND c.deleted_at IS NULL
		   LEFT JOIN wp_utc_links lu ON lu.user_id = u.ID
		   LEFT JOIN wp_utc_links lc ON lc.contact_id = m.contact_id
		   WHERE lu.user_id IS NULL AND lc.contact_id IS NULL
		 ) ranked WHERE rn = 1;
		 INSERT INTO wp_utc_contacts (type, display_name, notes, created, modified, former_user_id)
		 SELECT 'individual', ${ NORMALIZED }, '', UTC_TIMESTAMP(), UTC_TIMESTAMP(), u.ID
		 FROM wp_users u LEFT JOIN wp_utc_links l ON l.user_id = u.ID
		 WHERE l.user_id IS NULL AND ${ VALID };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT c.id, ${ NORMALIZED }, 1, c.id FROM wp_utc_contacts c JOIN wp_users u ON u.ID = c.former_user_id;
		 INSERT INTO wp_utc_links (user_id, contact_id, sync_enabled, source, origin, linked_at)
		 SELECT c.former_user_id, c.id, 1, 'user', 'created', UTC_TIMESTAMP() FROM wp_utc_contacts c WHERE c.former_user_id IS NOT NULL;
		 UPDATE wp_utc_contacts SET former_user_id = NULL WHERE former_user_id IS NOT NULL;
		 COMMIT;`
	);
}
