/**
 * Progress figures of a run: done, rate, ETA, for the admin's bar and the CLI's.
 */
export interface ProgressFigures {
	done: number;
	total: number;
	/** 0..1 */
	fraction: number;
	/** Items per second since the start. */
	rate: number;
	/** Seconds left at the current rate; null until there is a rate. */
	etaSeconds: number | null;
}

export function progressFigures(
	done: number,
	total: number,
	elapsedMs: number
): ProgressFigures {
	const fraction = total > 0 ? Math.min( 1, done / total ) : 1;
	const rate = elapsedMs > 0 ? ( done * 1000 ) / elapsedMs : 0;
	const etaSeconds = rate > 0 ? Math.max( 0, ( total - done ) / rate ) : null;
	return { done, total, fraction, rate, etaSeconds };
}

/** `1m 05s`, `12s`, `—` */
export function formatDuration( seconds: number | null ): string {
	if ( seconds === null || ! Number.isFinite( seconds ) ) {
		return '—';
	}
	const whole = Math.round( seconds );
	const minutes = Math.floor( whole / 60 );
	const rest = whole % 60;
	return minutes > 0
		? `${ minutes }m ${ String( rest ).padStart( 2, '0' ) }s`
		: `${ rest }s`;
}

/** A one-line text bar: `[#########-----------]  45% 4,500/10,000 users  2,310/s  ETA 2s` */
export function renderProgressLine(
	figures: ProgressFigures,
	width = 30,
	noun = 'users'
): string {
	const filled = Math.round( figures.fraction * width );
	const bar = '#'.repeat( filled ) + '-'.repeat( width - filled );
	const percent = String( Math.floor( figures.fraction * 100 ) ).padStart(
		3
	);
	const number = ( value: number ) =>
		Math.round( value ).toLocaleString( 'en-US' );
	return `[${ bar }] ${ percent }% ${ number( figures.done ) }/${ number( figures.total ) } ${ noun }  ${ number( figures.rate ) }/s  ETA ${ formatDuration( figures.etaSeconds ) }`;
}
