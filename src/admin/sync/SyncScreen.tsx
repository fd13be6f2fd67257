/**
 * Contacts › Synchronize (screen `sync`): "Synchronize Users to Contacts" (B5) from preview to
 * summary, and the past runs. PHP prints the heading; this renders what goes below it.
 */
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Run } from '../../api/runs';
import type { Transport } from '../../api/transport';
import { PastRuns } from './PastRuns';
import { userNames } from './people';
import {
	EndedPanel,
	PreviewPanel,
	WaitingPanel,
	WorkingPanel,
} from './RunPanels';
import { useSyncRun } from './useSyncRun';
import type { SyncPhase } from './useSyncRun';
import './sync.css';

/** What a screen reader hears when the phase changes. */
function announcement( phase: SyncPhase ): string {
	switch ( phase.kind ) {
		case 'working':
			if ( phase.stopping === 'pause' ) {
				return __( 'Pausing…', 'users-to-contacts' );
			}
			return phase.mode === 'preview'
				? __( 'Preview started.', 'users-to-contacts' )
				: __( 'Synchronization started.', 'users-to-contacts' );
		case 'paused':
			return __( 'Synchronization paused.', 'users-to-contacts' );
		case 'previewed':
			return __( 'Preview ready.', 'users-to-contacts' );
		case 'ended':
			return phase.run.summary;
		case 'failed':
			return phase.message;
		default:
			return '';
	}
}

function ConfirmStart( {
	preview,
	onConfirm,
	onClose,
}: {
	/** A completed preview, whose figures the question repeats. */
	preview: Run | null;
	onConfirm: () => void;
	onClose: () => void;
} ) {
	return (
		<ConfirmDialog
			title={ __(
				'Synchronize Users to Contacts?',
				'users-to-contacts'
			) }
			confirmLabel={ __( 'Start', 'users-to-contacts' ) }
			onConfirm={ onConfirm }
			onCancel={ onClose }
		>
			<p>
				{ preview
					? sprintf(
							/* translators: 1: users to link, 2: users to get a new contact, 3: users to skip. */
							__(
								'As the preview found: %1$s users will be linked to the contact with their email address, %2$s will get a new contact, and %3$s will be skipped (if nothing changed since).',
								'users-to-contacts'
							),
							preview.counts.matched.toLocaleString(),
							preview.counts.created.toLocaleString(),
							preview.counts.skipped.toLocaleString()
						)
					: __(
							'Every user account will be linked to the contact with its email address, or get a new contact.',
							'users-to-contacts'
						) }
			</p>
			<p>
				{ __(
					'Nothing is deleted. On a large site this takes a while; you can pause it, or leave the page and resume later.',
					'users-to-contacts'
				) }
			</p>
		</ConfirmDialog>
	);
}

function ConfirmCancel( {
	checked,
	onConfirm,
	onClose,
}: {
	/** Users checked so far. */
	checked: number;
	onConfirm: () => void;
	onClose: () => void;
} ) {
	return (
		<ConfirmDialog
			title={ __( 'Cancel the synchronization?', 'users-to-contacts' ) }
			confirmLabel={ __(
				'Cancel the synchronization',
				'users-to-contacts'
			) }
			cancelLabel={ __( 'Keep it', 'users-to-contacts' ) }
			onConfirm={ onConfirm }
			onCancel={ onClose }
		>
			<p>
				{ sprintf(
					/* translators: %s: number of users checked. */
					_n(
						'What it did stays: %s user record was checked, and its link or new contact is kept. It cannot be resumed afterwards; a new run checks every user again.',
						'What it did stays: %s user records were checked, and their links and new contacts are kept. It cannot be resumed afterwards; a new run checks every user again.',
						checked,
						'users-to-contacts'
					),
					checked.toLocaleString()
				) }
			</p>
		</ConfirmDialog>
	);
}

export function SyncScreen( { transport }: { transport: Transport } ) {
	const sync = useSyncRun( transport );
	const { phase } = sync;
	const [ confirming, setConfirming ] = useState< 'start' | 'cancel' | null >(
		null
	);
	const [ startedBy, setStartedBy ] = useState( '' );
	const waitingRun =
		phase.kind === 'interrupted' || phase.kind === 'paused'
			? phase.run
			: null;

	useEffect( () => {
		if ( ! waitingRun ) {
			return;
		}
		let current = true;
		userNames( transport, [ waitingRun.started_by ] ).then(
			( names ) =>
				current &&
				setStartedBy(
					names.get( waitingRun.started_by )?.name ??
						__( 'a user who was deleted', 'users-to-contacts' )
				),
			() => undefined
		);
		return () => {
			current = false;
		};
	}, [ transport, waitingRun ] );

	const canStart =
		phase.kind === 'idle' ||
		phase.kind === 'previewed' ||
		phase.kind === 'ended' ||
		( phase.kind === 'failed' && phase.run === null );
	// What Cancel would leave: the users checked so far.
	let cancellable: number | null = null;
	if ( phase.kind === 'working' ) {
		cancellable =
			phase.progress.before.checked + phase.progress.session.checked;
	} else if ( waitingRun ) {
		cancellable = waitingRun.counts.checked;
	}
	const shownAbove =
		phase.kind === 'working' ? phase.run.id : ( waitingRun?.id ?? null );
	const synchronizeButton = ( className: string ) => (
		<button
			type="button"
			className={ className }
			onClick={ () => setConfirming( 'start' ) }
		>
			{ __( 'Synchronize Users to Contacts…', 'users-to-contacts' ) }
		</button>
	);

	return (
		<div className="users-to-contacts-sync">
			<p className="users-to-contacts-sync-intro">
				{ __(
					'Checks every user account: links it to the contact with the same email address, or creates a contact for it. Nothing is deleted, and running it again changes nothing that is already linked.',
					'users-to-contacts'
				) }
			</p>
			<p className="screen-reader-text" aria-live="polite">
				{ announcement( phase ) }
			</p>

			{ phase.kind === 'loading' && (
				<p>{ __( 'Loading…', 'users-to-contacts' ) }</p>
			) }
			{ phase.kind === 'working' && (
				<WorkingPanel
					mode={ phase.mode }
					progress={ phase.progress }
					stopping={ phase.stopping }
					onPause={ sync.pause }
					onCancel={
						phase.mode === 'preview'
							? sync.cancel
							: () => setConfirming( 'cancel' )
					}
				/>
			) }
			{ waitingRun && (
				<WaitingPanel
					run={ waitingRun }
					startedBy={ startedBy }
					interrupted={ phase.kind === 'interrupted' }
					onResume={ sync.synchronize }
					onCancel={ () => setConfirming( 'cancel' ) }
				/>
			) }
			{ phase.kind === 'previewed' && (
				<PreviewPanel transport={ transport } run={ phase.run } />
			) }
			{ phase.kind === 'ended' && (
				<EndedPanel transport={ transport } run={ phase.run } />
			) }
			{ phase.kind === 'failed' && (
				<div className="notice notice-error inline">
					<p>
						{ sprintf(
							/* translators: %s: the error message from the site. */
							__(
								'The synchronization stopped: %s',
								'users-to-contacts'
							),
							phase.message
						) }
					</p>
					{ phase.run && ! phase.run.dry_run && (
						<p>
							<button
								type="button"
								className="button button-primary"
								onClick={ sync.synchronize }
							>
								{ __( 'Resume', 'users-to-contacts' ) }
							</button>
						</p>
					) }
				</div>
			) }

			{ canStart && (
				<div className="users-to-contacts-sync-start">
					{ phase.kind === 'idle' && (
						<p className="description">
							{ __(
								'Preview shows what would happen, without changing anything.',
								'users-to-contacts'
							) }
						</p>
					) }
					<p className="users-to-contacts-sync-actions">
						{ phase.kind === 'previewed' ? (
							<>
								{ synchronizeButton( 'button button-primary' ) }{ ' ' }
								<button
									type="button"
									className="button"
									onClick={ sync.preview }
								>
									{ __(
										'Preview again',
										'users-to-contacts'
									) }
								</button>
							</>
						) : (
							<>
								<button
									type="button"
									className="button button-primary"
									onClick={ sync.preview }
								>
									{ __( 'Preview', 'users-to-contacts' ) }
								</button>{ ' ' }
								{ synchronizeButton( 'button' ) }
							</>
						) }
					</p>
				</div>
			) }

			<h2>{ __( 'Past runs', 'users-to-contacts' ) }</h2>
			<PastRuns
				transport={ transport }
				refresh={ sync.version }
				shownAbove={ shownAbove }
			/>

			{ confirming === 'start' && (
				<ConfirmStart
					preview={ phase.kind === 'previewed' ? phase.run : null }
					onClose={ () => setConfirming( null ) }
					onConfirm={ () => {
						setConfirming( null );
						sync.synchronize();
					} }
				/>
			) }
			{ confirming === 'cancel' && cancellable !== null && (
				<ConfirmCancel
					checked={ cancellable }
					onClose={ () => setConfirming( null ) }
					onConfirm={ () => {
						setConfirming( null );
						sync.cancel();
					} }
				/>
			) }
		</div>
	);
}
