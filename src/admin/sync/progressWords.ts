/**
 * A running batch's figures in words: how far, how fast, how long still.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { RunCounts } from '../../api/runs';

/** What a run's progress shows: counts for the whole run, speed for this page's share. */
export interface LiveProgress {
	/** The run's total and counts before this page took it up (a resumed run has some). */
	total: number;
	before: RunCounts;
	/** What this page checked so far. */
	session: RunCounts;
	/** When this page took it up (ms). */
	startedAt: number;
}

export function addCounts( one: RunCounts, other: RunCounts ): RunCounts {
	return {
		checked: one.checked + other.checked,
		matched: one.matched + other.matched,
		created: one.created + other.created,
		skipped: one.skipped + other.skipped,
		updated: one.updated + other.updated,
	};
}

export const NO_COUNTS: RunCounts = {
	checked: 0,
	matched: 0,
	created: 0,
	skipped: 0,
	updated: 0,
};

export interface Figures {
	checked: number;
	total: number;
	percent: number;
	/** Users per second in this page's share of the run; null before the first page. */
	rate: number | null;
	/** Seconds left at that rate; null while unknown. */
	secondsLeft: number | null;
}

export function figures( progress: LiveProgress, now: number ): Figures {
	const checked = Math.min(
		progress.total || Infinity,
		progress.before.checked + progress.session.checked
	);
	const total = Math.max( progress.total, checked );
	const elapsed = ( now - progress.startedAt ) / 1000;
	const rate =
		progress.session.checked > 0 && elapsed > 0
			? progress.session.checked / elapsed
			: null;
	return {
		checked,
		total,
		percent: total > 0 ? Math.floor( ( checked / total ) * 100 ) : 0,
		rate,
		secondsLeft: rate ? Math.max( 0, ( total - checked ) / rate ) : null,
	};
}

/** "about 45 seconds left", "about 3 minutes left", "about 2 hours left". */
export function timeLeftInWords( seconds: number ): string {
	if ( seconds < 60 ) {
		const whole = Math.max( 1, Math.ceil( seconds ) );
		return sprintf(
			/* translators: %d: seconds. */
			_n(
				'about %d second left',
				'about %d seconds left',
				whole,
				'users-to-contacts'
			),
			whole
		);
	}
	if ( seconds < 3600 ) {
		const minutes = Math.round( seconds / 60 );
		return sprintf(
			/* translators: %d: minutes. */
			_n(
				'about %d minute left',
				'about %d minutes left',
				minutes,
				'users-to-contacts'
			),
			minutes
		);
	}
	const hours = Math.round( seconds / 3600 );
	return sprintf(
		/* translators: %d: hours. */
		_n(
			'about %d hour left',
			'about %d hours left',
			hours,
			'users-to-contacts'
		),
		hours
	);
}

/** "1,234 users per second, about 13 seconds left" or, before the first page, "Starting…". */
export function speedInWords( figure: Figures ): string {
	if ( figure.rate === null || figure.secondsLeft === null ) {
		return __( 'Measuring the speed…', 'users-to-contacts' );
	}
	return sprintf(
		/* translators: 1: users per second, 2: time left ("about 13 seconds left"). */
		__( '%1$s users per second, %2$s.', 'users-to-contacts' ),
		Math.round( figure.rate ).toLocaleString(),
		timeLeftInWords( figure.secondsLeft )
	);
}

/** "Checked 4,000 of 20,000 user records (20%)." */
export function checkedInWords( figure: Figures ): string {
	return sprintf(
		/* translators: 1: users checked, 2: users on the site, 3: percent done. */
		__(
			'Checked %1$s of %2$s user records (%3$s%%).',
			'users-to-contacts'
		),
		figure.checked.toLocaleString(),
		figure.total.toLocaleString(),
		String( figure.percent )
	);
}
