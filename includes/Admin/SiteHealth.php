<?php
/**
 * Tools › Site Health: whether changes reach contacts, and the plugin's figures.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Admin;

use RuntimeException;
use UsersToContacts\Database\Database;
use UsersToContacts\Database\EventsRepository;
use UsersToContacts\Database\RunnersRepository;
use UsersToContacts\Database\Schema;
use UsersToContacts\Settings;

use const UsersToContacts\VERSION;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A direct Site Health test for the runner (a synchronization process heard from recently is
 * good; events waiting for one are a recommendation, with how many and what to do) and a
 * "Users to Contacts" section in the Info tab (versions and counts, for support requests).
 */
final class SiteHealth {

	public const TEST = 'users_to_contacts_runner';

	/**
	 * Hooks the test and the Info section.
	 */
	public static function register(): void {
		add_filter( 'site_status_tests', array( self::class, 'add_test' ) );
		add_filter( 'debug_information', array( self::class, 'add_info' ) );
	}

	/**
	 * Adds the runner test to the direct tests.
	 *
	 * @param array<string, mixed> $tests Site Health tests by type.
	 * @return array<string, mixed>
	 */
	public static function add_test( $tests ): array {
		$tests                         = is_array( $tests ) ? $tests : array();
		$tests['direct'][ self::TEST ] = array(
			'label' => __( 'Users to Contacts synchronization', 'users-to-contacts' ),
			'test'  => array( self::class, 'runner_test' ),
		);
		return $tests;
	}

	/**
	 * The runner test: good while a synchronization process was heard from in the last minute;
	 * a recommendation while events wait (or failed) with none running.
	 *
	 * @return array<string, mixed> A Site Health test result.
	 */
	public static function runner_test(): array {
		$events  = new EventsRepository();
		$counts  = $events->counts();
		$sidecar = null;
		foreach ( ( new RunnersRepository() )->runners() as $runner ) {
			if ( 'sidecar' === $runner['kind'] && $runner['alive'] ) {
				$sidecar = $runner;
				break;
			}
		}
		$sync_screen = ContactsPage::url( 'sync' );
		$result      = array(
			'badge'       => array(
				'label' => __( 'Users to Contacts', 'users-to-contacts' ),
				'color' => 'blue',
			),
			'actions'     => '',
			'test'        => self::TEST,
			'status'      => 'good',
			'label'       => '',
			'description' => '',
		);
		$failed      = '';
		if ( $counts['failed'] > 0 ) {
			$failed = '<p>' . esc_html(
				sprintf(
					/* translators: %d: number of changes. */
					_n(
						'%d change could not be passed on to contacts. Contacts › Synchronize shows why.',
						'%d changes could not be passed on to contacts. Contacts › Synchronize shows why.',
						$counts['failed'],
						'users-to-contacts'
					),
					$counts['failed']
				)
			) . '</p>';
		}
		if ( null !== $sidecar ) {
			$result['label']       = __( 'Registrations and profile changes reach contacts in real time', 'users-to-contacts' );
			$result['description'] = '<p>' . esc_html(
				sprintf(
					/* translators: %d: seconds. */
					_n(
						'The synchronization process on the server was last heard from %d second ago.',
						'The synchronization process on the server was last heard from %d seconds ago.',
						(int) $sidecar['seconds_ago'],
						'users-to-contacts'
					),
					(int) $sidecar['seconds_ago']
				)
			) . '</p>' . $failed;
			if ( '' !== $failed ) {
				$result['status'] = 'recommended';
			}
			return $result;
		}
		$explanation = '<p>' . esc_html__( 'No synchronization process is running on the server, so registrations, logins and profile changes are not passed on to contacts as they happen. Nothing is lost: they wait until something processes them.', 'users-to-contacts' ) . '</p>';
		$what_to_do  = sprintf(
			'<p>%1$s</p><p><a href="%2$s">%3$s</a></p>',
			sprintf(
				/* translators: %s: a command. */
				esc_html__( 'Process them now from Contacts › Synchronize. To pass them on as they happen, keep the synchronization process running on a server that reaches this site: %s with an administrator\'s application password (the plugin\'s readme explains how).', 'users-to-contacts' ),
				'<code>npx users-to-contacts watch</code>'
			),
			esc_url( $sync_screen ),
			esc_html__( 'Go to Contacts › Synchronize', 'users-to-contacts' )
		);
		if ( 0 === $counts['pending'] && 0 === $counts['failed'] ) {
			$result['label']       = __( 'No changes are waiting to reach contacts', 'users-to-contacts' );
			$result['description'] = $explanation;
			return $result;
		}
		$result['status'] = 'recommended';
		if ( $counts['pending'] > 0 ) {
			$result['label'] = sprintf(
				/* translators: %d: number of changes. */
				_n(
					'%d change is waiting to reach contacts',
					'%d changes are waiting to reach contacts',
					$counts['pending'],
					'users-to-contacts'
				),
				$counts['pending']
			);
		} else {
			$result['label'] = __( 'Some changes could not be passed on to contacts', 'users-to-contacts' );
		}
		$result['description'] = $explanation . $failed;
		$result['actions']     = $what_to_do;
		return $result;
	}

	/**
	 * Adds the plugin's section to the Info tab (it is also in "Copy site info to clipboard").
	 *
	 * @param array<string, mixed> $info Site Health info sections.
	 * @return array<string, mixed>
	 */
	public static function add_info( $info ): array {
		$info     = is_array( $info ) ? $info : array();
		$counts   = self::counts();
		$settings = Settings::get();
		$schema   = (int) get_option( Schema::VERSION_OPTION, 0 );
		$fields   = array(
			'version'        => array(
				'label' => __( 'Version', 'users-to-contacts' ),
				'value' => VERSION,
			),
			'schema_version' => array(
				'label' => __( 'Database schema version', 'users-to-contacts' ),
				'value' => Schema::VERSION === $schema
					? (string) $schema
					/* translators: 1: the database's schema version, 2: the version this plugin needs. */
					: sprintf( __( '%1$d (this version of the plugin needs %2$d; the upgrade has not run yet)', 'users-to-contacts' ), $schema, Schema::VERSION ),
				'debug' => $schema,
			),
			'php_version'    => array(
				'label' => __( 'PHP version', 'users-to-contacts' ),
				'value' => PHP_VERSION,
			),
			'sync_mode'      => array(
				'label' => __( 'Sync mode', 'users-to-contacts' ),
				'value' => 'mapped' === $settings['sync_mode'] ? __( 'Field mapping', 'users-to-contacts' ) : __( 'Email only', 'users-to-contacts' ),
				'debug' => (string) $settings['sync_mode'],
			),
		);
		$labels   = array(
			'contacts'       => __( 'Contacts', 'users-to-contacts' ),
			'links'          => __( 'Users linked to a contact', 'users-to-contacts' ),
			'pending_events' => __( 'Changes waiting to be synchronized', 'users-to-contacts' ),
			'failed_events'  => __( 'Changes that failed', 'users-to-contacts' ),
		);
		foreach ( $labels as $key => $label ) {
			$fields[ $key ] = array(
				'label' => $label,
				'value' => null === $counts ? __( 'The database could not be read.', 'users-to-contacts' ) : number_format_i18n( $counts[ $key ] ),
				'debug' => null === $counts ? 'unreadable' : $counts[ $key ],
			);
		}
		$info['users-to-contacts'] = array(
			'label'  => __( 'Users to Contacts', 'users-to-contacts' ),
			'fields' => $fields,
		);
		return $info;
	}

	/**
	 * Contacts (not deleted), links and waiting and failed events; null when a table is missing.
	 *
	 * @return array{contacts: int, links: int, pending_events: int, failed_events: int}|null
	 */
	private static function counts(): ?array {
		try {
			$contacts = (int) Database::value( 'SELECT COUNT(*) FROM ' . Schema::table( 'contacts' ) . ' WHERE deleted_at IS NULL' );
			$links    = (int) Database::value( 'SELECT COUNT(*) FROM ' . Schema::table( 'links' ) );
		} catch ( RuntimeException $failure ) {
			return null;
		}
		$events = ( new EventsRepository() )->counts();
		return array(
			'contacts'       => $contacts,
			'links'          => $links,
			'pending_events' => $events['pending'],
			'failed_events'  => $events['failed'],
		);
	}
}
