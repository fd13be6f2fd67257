<?php
/**
 * The runners' heartbeats: which sidecars and browser tabs are processing events.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Database;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Stores and lists the heartbeats runners send (POST /events/heartbeat), for the status
 * displays and Site Health.
 */
final class RunnersRepository {

	/**
	 * The option holding the runners' last heartbeats.
	 */
	public const OPTION = 'users_to_contacts_runners';

	/**
	 * A runner heard from within this many seconds counts as alive (runners beat every 15 s or so).
	 */
	public const ALIVE_SECONDS = 60;

	/**
	 * Stores a runner's heartbeat; returns the runner as the API shows it.
	 *
	 * Heartbeats live in one small option (runners not seen for a day are dropped). Two runners
	 * beating in the same millisecond can overwrite each other's write; the next beat (every few
	 * seconds) puts it back, which is good enough for an "is a sidecar alive" display.
	 *
	 * @param string $runner   The runner's id.
	 * @param string $kind     sidecar | browser.
	 * @param bool   $stopping The runner says goodbye: it no longer counts as alive.
	 * @return array<string, mixed>
	 */
	public function heartbeat( string $runner, string $kind, bool $stopping = false ): array {
		$runners            = $this->stored_runners();
		$runners[ $runner ] = array(
			'kind'      => $kind,
			'last_seen' => time(),
			'stopped'   => $stopping,
		);
		$cutoff             = time() - DAY_IN_SECONDS;
		$runners            = array_filter(
			$runners,
			static fn( array $entry ): bool => $entry['last_seen'] >= $cutoff
		);
		update_option( self::OPTION, $runners, false );
		return $this->runner_item( $runner, $runners[ $runner ] );
	}

	/**
	 * The runners that sent a heartbeat in the last day, most recent first.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function runners(): array {
		$items  = array();
		$cutoff = time() - DAY_IN_SECONDS;
		foreach ( $this->stored_runners() as $runner => $entry ) {
			if ( $entry['last_seen'] >= $cutoff ) {
				$items[] = $this->runner_item( (string) $runner, $entry );
			}
		}
		usort( $items, static fn( array $a, array $b ): int => $a['seconds_ago'] <=> $b['seconds_ago'] );
		return $items;
	}

	/**
	 * The stored heartbeats, cleaned.
	 *
	 * @return array<string, array{kind: string, last_seen: int, stopped: bool}>
	 */
	private function stored_runners(): array {
		$stored  = get_option( self::OPTION, array() );
		$runners = array();
		foreach ( is_array( $stored ) ? $stored : array() as $runner => $entry ) {
			if ( is_array( $entry ) && isset( $entry['kind'], $entry['last_seen'] ) ) {
				$runners[ (string) $runner ] = array(
					'kind'      => (string) $entry['kind'],
					'last_seen' => (int) $entry['last_seen'],
					'stopped'   => ! empty( $entry['stopped'] ),
				);
			}
		}
		return $runners;
	}

	/**
	 * A heartbeat as the API shows it.
	 *
	 * @param string                                $runner The runner's id.
	 * @param array{kind: string, last_seen: int, stopped?: bool} $entry Its stored heartbeat.
	 * @return array<string, mixed>
	 */
	private function runner_item( string $runner, array $entry ): array {
		$ago = max( 0, time() - $entry['last_seen'] );
		return array(
			'runner'      => $runner,
			'kind'        => $entry['kind'],
			'last_seen'   => gmdate( 'Y-m-d\TH:i:s\Z', $entry['last_seen'] ),
			'seconds_ago' => $ago,
			'alive'       => empty( $entry['stopped'] ) && $ago <= self::ALIVE_SECONDS,
			'stopped'     => ! empty( $entry['stopped'] ),
		);
	}
}
