/**
 * What the Synchronize screen shows for a run: its progress while it works (or waits paused or
 * interrupted), what a preview found, and how a run ended.
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Run } from '../../api/runs';
import type { Transport } from '../../api/transport';
import { ProgressBar } from '../ProgressBar';
import { createdContactsUrl, runDate } from './PastRuns';
import { checkedInWords, figures, speedInWords } from './progressWords';
import type { LiveProgress } from './progressWords';
import { RunItemsTable } from './RunItemsTable';
import type { Mode } from './useSyncRun';

/** Moves focus to a panel's heading when it appears, so keyboard users land on the news. */
function useFocusOnMount< T extends HTMLElement >() {
	const ref = useRef< T >( null );
	useEffect( () => ref.current?.focus(), [] );
	return ref;
}

function CountsList( {
	matched,
	created,
	skipped,
	preview,
}: {
	matched: number;
	created: number;
	skipped: number;
	preview: boolean;
} ) {
	const line = ( testId: string, count: number, text: string ) => (
		<li data-testid={ testId }>
			<strong>{ count.toLocaleString() }</strong> { text }
		</li>
	);
	return (
		<ul className="users-to-contacts-sync-counts">
			{ line(
				'users-to-contacts-sync-matched',
				matched,
				preview
					? _n(
							'user would be linked to the contact with their email address',
							'users would be linked to the contact with their email address',
							matched,
							'users-to-contacts'
						)
					: _n(
							'user linked to the contact with their email address',
							'users linked to the contact with their email address',
							matched,
							'users-to-contacts'
						)
			) }
			{ line(
				'users-to-contacts-sync-created',
				created,
				preview
					? _n(
							'user would get a new contact',
							'users would get a new contact',
							created,
							'users-to-contacts'
						)
					: _n(
							'user got a new contact',
							'users got a new contact',
							created,
							'users-to-contacts'
						)
			) }
			{ line(
				'users-to-contacts-sync-skipped',
				skipped,
				preview
					? _n(
							'user would be skipped',
							'users would be skipped',
							skipped,
							'users-to-contacts'
						)
					: _n(
							'user skipped',
							'users skipped',
							skipped,
							'users-to-contacts'
						)
			) }
		</ul>
	);
}

/** The bar, the figures (every second), and Pause / Cancel, while a run or preview works. */
export function WorkingPanel( {
	mode,
	progress,
	stopping,
	onPause,
	onCancel,
}: {
	mode: Mode;
	progress: LiveProgress;
	stopping: 'pause' | 'cancel' | null;
	onPause: () => void;
	onCancel: () => void;
} ) {
	const heading = useFocusOnMount< HTMLHeadingElement >();
	// Speed and time left move every second, between pages too.
	const [ now, setNow ] = useState( Date.now() );
	useEffect( () => {
		const timer = window.setInterval( () => setNow( Date.now() ), 1000 );
		return () => window.clearInterval( timer );
	}, [] );
	const figure = figures( progress, Math.max( now, Date.now() ) );
	const counts = {
		matched: progress.before.matched + progress.session.matched,
		created: progress.before.created + progress.session.created,
		skipped: progress.before.skipped + progress.session.skipped,
	};
	let status = checkedInWords( figure );
	if ( stopping === 'pause' ) {
		status = __(
			'Pausing once the users being saved now are done…',
			'users-to-contacts'
		);
	} else if ( stopping === 'cancel' ) {
		status = __(
			'Cancelling once the users being saved now are done…',
			'users-to-contacts'
		);
	}
	return (
		<div className="users-to-contacts-sync-panel">
			<h2 tabIndex={ -1 } ref={ heading }>
				{ mode === 'preview'
					? __( 'Previewing…', 'users-to-contacts' )
					: __( 'Synchronizing…', 'users-to-contacts' ) }
			</h2>
			<ProgressBar
				done={ figure.checked }
				total={ figure.total }
				label={
					mode === 'preview'
						? __( 'Preview progress', 'users-to-contacts' )
						: __( 'Synchronization progress', 'users-to-contacts' )
				}
			/>
			<p data-testid="users-to-contacts-sync-progress">
				<strong>{ status }</strong>
			</p>
			<p data-testid="users-to-contacts-sync-speed">
				{ speedInWords( figure ) }
			</p>
			<CountsList { ...counts } preview={ mode === 'preview' } />
			<p className="users-to-contacts-sync-actions">
				{ mode === 'sync' && (
					<button
						type="button"
						className="button"
						onClick={ onPause }
						disabled={ stopping !== null }
						aria-disabled={ stopping !== null }
					>
						{ stopping === 'pause'
							? __( 'Pausing…', 'users-to-contacts' )
							: __( 'Pause', 'users-to-contacts' ) }
					</button>
				) }{ ' ' }
				<button
					type="button"
					className="button"
					onClick={ onCancel }
					disabled={ stopping !== null }
				>
					{ mode === 'preview'
						? __( 'Stop the preview', 'users-to-contacts' )
						: __( 'Cancel…', 'users-to-contacts' ) }
				</button>
			</p>
		</div>
	);
}

/** A run that waits: paused here, or found in progress when the screen opened. */
export function WaitingPanel( {
	run,
	startedBy,
	interrupted,
	onResume,
	onCancel,
}: {
	run: Run;
	startedBy: string;
	interrupted: boolean;
	onResume: () => void;
	onCancel: () => void;
} ) {
	const heading = useFocusOnMount< HTMLHeadingElement >();
	const checked = run.counts.checked.toLocaleString();
	const total = Math.max( run.total, run.counts.checked ).toLocaleString();
	return (
		<div className="users-to-contacts-sync-panel">
			<h2 tabIndex={ -1 } ref={ heading }>
				{ interrupted
					? __(
							'A synchronization did not finish',
							'users-to-contacts'
						)
					: __( 'Paused', 'users-to-contacts' ) }
			</h2>
			<div
				className={ `notice inline ${
					interrupted ? 'notice-warning' : 'notice-info'
				}` }
			>
				<p data-testid="users-to-contacts-sync-waiting">
					{ interrupted
						? sprintf(
								/* translators: 1: a person's name, 2: date and time, 3: users checked, 4: users on the site. */
								__(
									'The synchronization started by %1$s on %2$s stopped after checking %3$s of %4$s user records. Resume it to carry on where it stopped.',
									'users-to-contacts'
								),
								startedBy,
								runDate( run.started ),
								checked,
								total
							)
						: sprintf(
								/* translators: 1: users checked, 2: users on the site. */
								__(
									'Paused after checking %1$s of %2$s user records. Resume carries on where it stopped.',
									'users-to-contacts'
								),
								checked,
								total
							) }
				</p>
			</div>
			<ProgressBar
				done={ run.counts.checked }
				total={ Math.max( run.total, run.counts.checked ) }
				label={ __( 'Synchronization progress', 'users-to-contacts' ) }
			/>
			<CountsList { ...run.counts } preview={ false } />
			<p className="users-to-contacts-sync-actions">
				<button
					type="button"
					className="button button-primary"
					onClick={ onResume }
				>
					{ __( 'Resume', 'users-to-contacts' ) }
				</button>{ ' ' }
				<button type="button" className="button" onClick={ onCancel }>
					{ __( 'Cancel…', 'users-to-contacts' ) }
				</button>
			</p>
		</div>
	);
}

/** What a completed preview found: the counts, a few users of each kind, every skipped user. */
export function PreviewPanel( {
	transport,
	run,
}: {
	transport: Transport;
	run: Run;
} ) {
	const heading = useFocusOnMount< HTMLHeadingElement >();
	return (
		<div className="users-to-contacts-sync-panel">
			<h2 tabIndex={ -1 } ref={ heading }>
				{ __( 'Preview', 'users-to-contacts' ) }
			</h2>
			<p>
				{ sprintf(
					/* translators: %s: number of users checked. */
					_n(
						'Nothing has been changed yet. Checked %s user record; if you synchronize now:',
						'Nothing has been changed yet. Checked %s user records; if you synchronize now:',
						run.counts.checked,
						'users-to-contacts'
					),
					run.counts.checked.toLocaleString()
				) }
			</p>
			<CountsList { ...run.counts } preview />
			{ run.counts.matched > 0 && (
				<>
					<h3>
						{ __(
							'Linked to the contact with their email address',
							'users-to-contacts'
						) }
					</h3>
					<RunItemsTable
						transport={ transport }
						runId={ run.id }
						outcome="matched"
						caption={ __(
							'Users who would be linked to a contact',
							'users-to-contacts'
						) }
						perPage={ 5 }
						paged={ false }
						testId="users-to-contacts-sync-sample-matched"
					/>
				</>
			) }
			{ run.counts.created > 0 && (
				<>
					<h3>{ __( 'Get a new contact', 'users-to-contacts' ) }</h3>
					<RunItemsTable
						transport={ transport }
						runId={ run.id }
						outcome="created"
						caption={ __(
							'Users who would get a new contact',
							'users-to-contacts'
						) }
						perPage={ 5 }
						paged={ false }
						testId="users-to-contacts-sync-sample-created"
					/>
				</>
			) }
			{ run.counts.skipped > 0 && (
				<>
					<h3>{ __( 'Skipped', 'users-to-contacts' ) }</h3>
					<RunItemsTable
						transport={ transport }
						runId={ run.id }
						outcome="skipped"
						caption={ __(
							'Users who would be skipped',
							'users-to-contacts'
						) }
						perPage={ 20 }
						paged
						testId="users-to-contacts-sync-sample-skipped"
					/>
				</>
			) }
		</div>
	);
}

/** How a run ended: the summary sentence, the contacts it created, the users it skipped. */
export function EndedPanel( {
	transport,
	run,
}: {
	transport: Transport;
	run: Run;
} ) {
	const heading = useFocusOnMount< HTMLHeadingElement >();
	const completed = run.status === 'completed';
	return (
		<div className="users-to-contacts-sync-panel">
			<h2 tabIndex={ -1 } ref={ heading }>
				{ completed
					? __( 'Done', 'users-to-contacts' )
					: __( 'Cancelled', 'users-to-contacts' ) }
			</h2>
			<div
				className={ `notice inline ${
					completed ? 'notice-success' : 'notice-warning'
				}` }
			>
				<p data-testid="users-to-contacts-sync-summary">
					{ run.summary }
				</p>
			</div>
			{ run.counts.created > 0 && (
				<p>
					<a href={ createdContactsUrl( run.id ) }>
						{ sprintf(
							/* translators: %s: number of contacts. */
							_n(
								'View the %s contact this run created',
								'View the %s contacts this run created',
								run.counts.created,
								'users-to-contacts'
							),
							run.counts.created.toLocaleString()
						) }
					</a>
				</p>
			) }
			{ run.counts.skipped > 0 && (
				<>
					<h3>
						{ sprintf(
							/* translators: %s: number of users. */
							__( 'Skipped users (%s)', 'users-to-contacts' ),
							run.counts.skipped.toLocaleString()
						) }
					</h3>
					<RunItemsTable
						transport={ transport }
						runId={ run.id }
						outcome="skipped"
						caption={ __( 'Skipped users', 'users-to-contacts' ) }
						perPage={ 20 }
						paged
						testId="users-to-contacts-sync-skipped"
					/>
				</>
			) }
		</div>
	);
}
