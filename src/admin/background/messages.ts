/**
 * What the Contacts screens say about automatic linking, in words a site admin understands.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { RunnerStatus } from '../../api/runnerStatus';

export interface RunnerMessage {
	/** Core's notice colours: notice-success, notice-warning, notice-info. */
	level: 'success' | 'warning' | 'info';
	/** The sentences, in order. */
	lines: string[];
	/** What a screen reader is told when it changes (no ticking seconds). */
	announcement: string;
}

/**
 * @param status     The last status read.
 * @param ageSeconds How long ago it was read.
 * @param processing This browser is processing waiting changes right now.
 */
export function runnerMessage(
	status: RunnerStatus,
	ageSeconds: number,
	processing: boolean
): RunnerMessage {
	const failed =
		status.failed > 0
			? [
					sprintf(
						/* translators: %d: number of changes to user accounts. */
						_n(
							'%d user change could not be processed.',
							'%d user changes could not be processed.',
							status.failed,
							'users-to-contacts'
						),
						status.failed
					),
				]
			: [];
	if ( status.sidecar_alive ) {
		const seconds = Math.max(
			0,
			Math.round( ( status.sidecar_seconds_ago ?? 0 ) + ageSeconds )
		);
		const running = __(
			'Automatic linking is running.',
			'users-to-contacts'
		);
		return {
			level: failed.length > 0 ? 'warning' : 'success',
			lines: [
				sprintf(
					/* translators: %d: seconds since the automatic linking was last heard from. */
					_n(
						'Automatic linking is running (checked %d second ago).',
						'Automatic linking is running (checked %d seconds ago).',
						seconds,
						'users-to-contacts'
					),
					seconds
				),
				...failed,
			],
			announcement: [ running, ...failed ].join( ' ' ),
		};
	}
	if ( status.pending > 0 ) {
		const waiting = sprintf(
			/* translators: %d: number of registrations, logins and profile changes waiting. */
			_n(
				'Automatic linking is not running: %d user change is waiting.',
				'Automatic linking is not running: %d user changes are waiting.',
				status.pending,
				'users-to-contacts'
			),
			status.pending
		);
		const how = processing
			? _n(
					'Processing it in this browser now…',
					'Processing them in this browser now…',
					status.pending,
					'users-to-contacts'
				)
			: _n(
					'It is processed while this page is open.',
					'They are processed while this page is open.',
					status.pending,
					'users-to-contacts'
				);
		return {
			level: 'warning',
			lines: [ waiting, how, ...failed ],
			announcement: [ waiting, ...failed ].join( ' ' ),
		};
	}
	const idle = __(
		'Automatic linking is not running. Registrations and profile changes are processed while an administrator has a wp-admin page open; none is waiting now.',
		'users-to-contacts'
	);
	return {
		level: failed.length > 0 ? 'warning' : 'info',
		lines: [ idle, ...failed ],
		announcement: [ idle, ...failed ].join( ' ' ),
	};
}
