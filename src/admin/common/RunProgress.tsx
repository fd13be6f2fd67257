/**
 * A run's progress as the admin sees it (useBatchRun's phase): the bar, a sentence announced to
 * screen readers, and Pause / Resume / Cancel; once it ends, the run's summary and the users it
 * skipped with the reason. The start button and its confirmation stay with each screen.
 */
import { __, sprintf } from '@wordpress/i18n';
import { ProgressBar } from '../ProgressBar';
import type { RunPhase } from './useBatchRun';
import { skipReason } from './skipReasons';

export interface RunProgressLabels {
	/** The progress bar's accessible name. */
	bar: string;
	/** While it runs: "Updated 10 of 1,000 synchronized users…". */
	running: ( done: number, total: number ) => string;
}

export function RunProgress( {
	phase,
	labels,
	onPause,
	onResume,
	onCancel,
	testId,
}: {
	phase: RunPhase;
	labels: RunProgressLabels;
	onPause: () => void;
	onResume: () => void;
	onCancel: () => void;
	/** data-testid of the summary sentence. */
	testId: string;
} ) {
	if ( phase.kind === 'running' || phase.kind === 'paused' ) {
		const done =
			phase.kind === 'running' ? phase.done : phase.run.counts.checked;
		const total = phase.kind === 'running' ? phase.total : phase.run.total;
		let sentence = labels.running( done, total );
		if ( phase.kind === 'paused' ) {
			sentence = phase.run.summary;
		} else if ( phase.stopping === 'pause' ) {
			sentence = __(
				'Pausing after the users being updated now…',
				'users-to-contacts'
			);
		} else if ( phase.stopping === 'cancel' ) {
			sentence = __(
				'Cancelling after the users being updated now…',
				'users-to-contacts'
			);
		}
		return (
			<div className="users-to-contacts-run">
				<ProgressBar
					done={ done }
					total={ total }
					label={ labels.bar }
				/>
				<p role="status" aria-live="polite">
					{ sentence }
				</p>
				<p className="users-to-contacts-run__actions">
					{ phase.kind === 'running' ? (
						<button
							type="button"
							className="button"
							onClick={ onPause }
							disabled={ phase.stopping !== null }
						>
							{ __( 'Pause', 'users-to-contacts' ) }
						</button>
					) : (
						<button
							type="button"
							className="button button-primary"
							onClick={ onResume }
						>
							{ __( 'Resume', 'users-to-contacts' ) }
						</button>
					) }{ ' ' }
					<button
						type="button"
						className="button"
						onClick={ onCancel }
						disabled={
							phase.kind === 'running' && phase.stopping !== null
						}
					>
						{ __( 'Cancel', 'users-to-contacts' ) }
					</button>
				</p>
			</div>
		);
	}
	if ( phase.kind === 'finished' ) {
		const completed = phase.run.status === 'completed';
		return (
			<div
				className={ `notice inline ${
					completed ? 'notice-success' : 'notice-warning'
				}` }
			>
				<p role="status" data-testid={ testId }>
					{ phase.run.summary }
				</p>
				{ phase.skipped.length > 0 && (
					<>
						<p>{ __( 'Skipped users:', 'users-to-contacts' ) }</p>
						<ul className="users-to-contacts-run__skipped">
							{ phase.skipped.map( ( item ) => (
								<li key={ item.user_id }>
									<a
										href={ `user-edit.php?user_id=${ item.user_id }` }
									>
										{ sprintf(
											/* translators: %d: user id. */
											__(
												'User #%d',
												'users-to-contacts'
											),
											item.user_id
										) }
									</a>
									{ ': ' }
									{ skipReason( item.reason ) }
								</li>
							) ) }
						</ul>
					</>
				) }
			</div>
		);
	}
	if ( phase.kind === 'failed' ) {
		return (
			<div className="notice inline notice-error">
				<p role="alert">
					{ sprintf(
						/* translators: %s: the error message from the site. */
						__(
							'It stopped: %s You can carry on where it stopped.',
							'users-to-contacts'
						),
						phase.message
					) }
				</p>
				<p>
					<button
						type="button"
						className="button"
						onClick={ onResume }
					>
						{ __( 'Resume', 'users-to-contacts' ) }
					</button>
				</p>
			</div>
		);
	}
	return null;
}
