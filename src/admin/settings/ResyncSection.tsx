/**
 * "Update all synchronized users" (B10): a run that brings every linked user with the switch on
 * up to date with the saved settings, in the direction of each link. Confirm, progress, pause,
 * resume, cancel, summary; leaving the page and coming back carries it on.
 */
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Transport } from '../../api/transport';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { RunProgress } from '../common/RunProgress';
import { useBatchRun } from '../common/useBatchRun';

export function ResyncSection( {
	transport,
	unsaved,
}: {
	transport: Transport;
	/** The form has changes not saved yet: the update would not use them. */
	unsaved: boolean;
} ) {
	const { phase, start, pause, cancel } = useBatchRun(
		transport,
		'resync_all'
	);
	const [ confirming, setConfirming ] = useState( false );
	const inProgress = phase.kind === 'running' || phase.kind === 'paused';
	return (
		<div className="users-to-contacts-resync">
			<h2 className="title">
				{ __( 'Update all synchronized users', 'users-to-contacts' ) }
			</h2>
			<p>
				{ __(
					'Settings apply from the next synchronization of each user. To apply them to everyone now, update all synchronized users: each linked user whose synchronization is on is brought up to date, from the user to the contact, or from the contact to the user where the link is reversed.',
					'users-to-contacts'
				) }
			</p>
			<RunProgress
				phase={ phase }
				labels={ {
					bar: __( 'Update progress', 'users-to-contacts' ),
					running: ( done, total ) =>
						sprintf(
							/* translators: 1: users updated so far, 2: synchronized users. */
							__(
								'Checked %1$d of %2$d synchronized users…',
								'users-to-contacts'
							),
							done,
							total
						),
				} }
				onPause={ pause }
				onResume={ start }
				onCancel={ cancel }
				testId="users-to-contacts-resync-summary"
			/>
			{ ! inProgress && phase.kind !== 'loading' && (
				<p>
					<button
						type="button"
						className="button"
						disabled={ unsaved }
						aria-describedby={
							unsaved
								? 'users-to-contacts-resync-unsaved'
								: undefined
						}
						onClick={ () => setConfirming( true ) }
					>
						{ __(
							'Update all synchronized users…',
							'users-to-contacts'
						) }
					</button>
				</p>
			) }
			{ ! inProgress && phase.kind !== 'loading' && unsaved && (
				<p
					id="users-to-contacts-resync-unsaved"
					className="description"
				>
					{ __(
						'Save your changes first: the update uses the saved settings.',
						'users-to-contacts'
					) }
				</p>
			) }
			{ confirming && (
				<ConfirmDialog
					title={ __(
						'Update all synchronized users?',
						'users-to-contacts'
					) }
					confirmLabel={ __( 'Start', 'users-to-contacts' ) }
					onCancel={ () => setConfirming( false ) }
					onConfirm={ () => {
						setConfirming( false );
						start();
					} }
				>
					<p>
						{ __(
							'Every linked user whose synchronization is on is brought up to date with the saved settings. Where a link is reversed, the contact’s details overwrite the user’s. This can take a while on large sites; you can pause it.',
							'users-to-contacts'
						) }
					</p>
				</ConfirmDialog>
			) }
		</div>
	);
}
