<?php
/**
 * The plugin's tables, their schema version and ordered migrations.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Creates and upgrades the custom tables.
 *
 * Contacts, their emails, user links, the event outbox, runs and run items each have a table:
 * they are high-churn data with unique keys that guard the sync's integrity (one link per user,
 * one per contact, one primary email per contact, one run item per user and run).
 */
final class Schema {

	/**
	 * The schema this code expects. Raise it and add a migration for every change.
	 */
	public const VERSION = 2;

	/**
	 * Where the installed schema version is stored.
	 */
	public const VERSION_OPTION = 'users_to_contacts_schema_version';

	/**
	 * Table names without the WordPress prefix.
	 */
	public const TABLES = array( 'contacts', 'contact_emails', 'links', 'events', 'runs', 'run_items' );

	/**
	 * A table's full name, such as `wp_utc_contacts`.
	 *
	 * @param string $name One of self::TABLES.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		return $wpdb->prefix . 'utc_' . $name;
	}

	/**
	 * Runs the migrations the database has not had yet. Cheap when up to date (one option read).
	 */
	public static function maybe_upgrade(): void {
		global $wpdb;
		$installed = (int) get_option( self::VERSION_OPTION, 0 );
		if ( $installed >= self::VERSION ) {
			return;
		}
		// Requests that find the schema old at the same moment would each run the migrations (a
		// second ALTER of one column fails: "Duplicate column"). One upgrades under a database
		// lock; the others wait for it, then find the version raised. 0: still held after 30 s,
		// so this request leaves the upgrade to its holder. NULL (no GET_LOCK, as on SQLite):
		// carry on unlocked; each migration checks before it changes anything.
		$lock   = $wpdb->prefix . 'users_to_contacts_schema_upgrade';
		$locked = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK( %s, 30 )', $lock ) );
		if ( '0' === $locked ) {
			return;
		}
		try {
			$installed = self::stored_version();
			foreach ( self::migrations() as $version => $migration ) {
				if ( $version > $installed ) {
					$migration();
					update_option( self::VERSION_OPTION, $version, true );
				}
			}
		} finally {
			if ( '1' === $locked ) {
				$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK( %s )', $lock ) );
			}
		}
	}

	/**
	 * The installed version as the database holds it now, not as this request cached it before
	 * another request upgraded.
	 */
	private static function stored_version(): int {
		global $wpdb;
		return (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::VERSION_OPTION )
		);
	}

	/**
	 * Ordered migrations, keyed by the schema version each one produces.
	 *
	 * @return array<int, callable(): void>
	 */
	private static function migrations(): array {
		return array(
			1 => array( self::class, 'create_tables' ),
			2 => array( self::class, 'add_actor_columns' ),
		);
	}

	/**
	 * Version 1: every table, created (or brought up to date) with dbDelta.
	 */
	public static function create_tables(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$charset = $wpdb->get_charset_collate();

		$contacts       = self::table( 'contacts' );
		$contact_emails = self::table( 'contact_emails' );
		$links          = self::table( 'links' );
		$events         = self::table( 'events' );
		$runs           = self::table( 'runs' );
		$run_items      = self::table( 'run_items' );

		// dbDelta wants two spaces after PRIMARY KEY and one field per line.
		dbDelta(
			"CREATE TABLE {$contacts} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  type varchar(20) NOT NULL DEFAULT 'individual',
  prefix varchar(32) NOT NULL DEFAULT '',
  first_name varchar(100) NOT NULL DEFAULT '',
  middle_name varchar(100) NOT NULL DEFAULT '',
  last_name varchar(100) NOT NULL DEFAULT '',
  display_name varchar(255) NOT NULL DEFAULT '',
  nickname varchar(100) NOT NULL DEFAULT '',
  organization_name varchar(255) NOT NULL DEFAULT '',
  job_title varchar(255) NOT NULL DEFAULT '',
  birth_date date DEFAULT NULL,
  phone varchar(64) NOT NULL DEFAULT '',
  website varchar(255) NOT NULL DEFAULT '',
  street_address varchar(255) NOT NULL DEFAULT '',
  city varchar(100) NOT NULL DEFAULT '',
  postal_code varchar(32) NOT NULL DEFAULT '',
  country varchar(100) NOT NULL DEFAULT '',
  notes text NOT NULL,
  created datetime NOT NULL,
  modified datetime NOT NULL,
  created_by_run bigint(20) unsigned DEFAULT NULL,
  former_user_id bigint(20) unsigned DEFAULT NULL,
  modified_by bigint(20) unsigned NOT NULL DEFAULT 0,
  deleted_at datetime DEFAULT NULL,
  PRIMARY KEY  (id),
  KEY type_deleted (type,deleted_at),
  KEY created (created),
  KEY modified (modified),
  KEY created_by_run (created_by_run),
  KEY display_name (display_name(64))
) {$charset};
CREATE TABLE {$contact_emails} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  contact_id bigint(20) unsigned NOT NULL,
  email varchar(254) NOT NULL,
  is_primary tinyint(1) NOT NULL DEFAULT 0,
  primary_of bigint(20) unsigned DEFAULT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY contact_email (contact_id,email),
  UNIQUE KEY primary_of (primary_of),
  KEY email (email)
) {$charset};
CREATE TABLE {$links} (
  user_id bigint(20) unsigned NOT NULL,
  contact_id bigint(20) unsigned NOT NULL,
  sync_enabled tinyint(1) NOT NULL DEFAULT 1,
  source varchar(10) NOT NULL DEFAULT 'user',
  origin varchar(10) NOT NULL DEFAULT 'manual',
  linked_at datetime NOT NULL,
  last_synced_at datetime DEFAULT NULL,
  PRIMARY KEY  (user_id),
  UNIQUE KEY contact_id (contact_id)
) {$charset};
CREATE TABLE {$events} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  type varchar(32) NOT NULL,
  user_id bigint(20) unsigned NOT NULL,
  actor_id bigint(20) unsigned NOT NULL DEFAULT 0,
  payload longtext DEFAULT NULL,
  created datetime NOT NULL,
  claimed_until datetime DEFAULT NULL,
  claim_token char(32) DEFAULT NULL,
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  processed_at datetime DEFAULT NULL,
  error text DEFAULT NULL,
  PRIMARY KEY  (id),
  KEY pending (processed_at,claimed_until),
  KEY claim_token (claim_token),
  KEY user_id (user_id)
) {$charset};
CREATE TABLE {$runs} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  kind varchar(32) NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'running',
  dry_run tinyint(1) NOT NULL DEFAULT 0,
  cursor_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  total_users bigint(20) unsigned NOT NULL DEFAULT 0,
  checked bigint(20) unsigned NOT NULL DEFAULT 0,
  matched bigint(20) unsigned NOT NULL DEFAULT 0,
  created bigint(20) unsigned NOT NULL DEFAULT 0,
  skipped bigint(20) unsigned NOT NULL DEFAULT 0,
  updated bigint(20) unsigned NOT NULL DEFAULT 0,
  started datetime NOT NULL,
  finished datetime DEFAULT NULL,
  started_by bigint(20) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY status (status)
) {$charset};
CREATE TABLE {$run_items} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  run_id bigint(20) unsigned NOT NULL,
  user_id bigint(20) unsigned NOT NULL,
  contact_id bigint(20) unsigned DEFAULT NULL,
  outcome varchar(16) NOT NULL,
  reason varchar(255) NOT NULL DEFAULT '',
  created datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY run_user (run_id,user_id),
  KEY run_outcome (run_id,outcome)
) {$charset};"
		);
	}

	/**
	 * Version 2: who acted (docs/behaviours.md R7). `actor_id` on events: the user whose request
	 * wrote the event (0: no one logged in, such as a visitor registering); `modified_by` on
	 * contacts: the last person who changed the contact through Contacts or My details (0: only
	 * ever written by a sync), so what the contact carries to its user is checked against that
	 * person's rights. Tables created at version 1 by this code already have both.
	 */
	public static function add_actor_columns(): void {
		global $wpdb;
		$columns = array(
			'contacts' => 'modified_by bigint(20) unsigned NOT NULL DEFAULT 0 AFTER former_user_id',
			'events'   => 'actor_id bigint(20) unsigned NOT NULL DEFAULT 0 AFTER user_id',
		);
		foreach ( $columns as $name => $definition ) {
			$table  = self::table( $name );
			$column = strtok( $definition, ' ' );
			// Table and column names are this class's constants, never input.
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			if ( ! $wpdb->get_var( $wpdb->prepare( "SHOW COLUMNS FROM {$table} LIKE %s", $column ) ) ) {
				$wpdb->query( "ALTER TABLE {$table} ADD COLUMN {$definition}" );
			}
			// phpcs:enable
		}
	}

	/**
	 * Drops every table and the version option (uninstall with "remove data" chosen).
	 */
	public static function drop_all(): void {
		global $wpdb;
		foreach ( self::TABLES as $name ) {
			$table = self::table( $name );
			// Table names come from self::TABLES and the site prefix, never from input.
			$wpdb->query( "DROP TABLE IF EXISTS {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		delete_option( self::VERSION_OPTION );
	}
}
