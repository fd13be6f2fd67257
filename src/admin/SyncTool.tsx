/**
 * "Synchronize Users to Contacts" (B5) in the browser: confirm, a progress bar, the summary and
 * the users skipped with their reasons. The engine runs right here, through api-fetch.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Modal,
	Notice,
} from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { listSkippedItems, startOrResumeRun, updateRun } from '../api/sync';
import type { RunItem } from '../api/sync';
import { createRestSyncPort } from '../api/syncPort';
import type { Transport } from '../api/transport';
import { runBatch } from '../engine/runner';
import { ProgressBar } from './ProgressBar';

type Phase =
	| { kind: 'idle' }
	| { kind: 'confirm' }
	| { kind: 'running'; done: number; total: number }
	| { kind: 'paused'; done: number; total: number }
	| { kind: 'done'; summary: string; skipped: RunItem[] }
	| { kind: 'failed'; message: string };

const REASONS: Record< string, string > = {
	empty_email: __( 'no email address', 'users-to-contacts' ),
	invalid_email: __( 'the email address is not valid', 'users-to-contacts' ),
	// R6: a contact holds the address, which the user has not confirmed yet.
	email_unverified: __(
		'waiting for email confirmation',
		'users-to-contacts'
	),
	// R7: the person whose data the contact carries may not make that change to the user.
	not_allowed_to_edit_user: __(
		'the person who last changed the contact may not edit this user',
		'users-to-contacts'
	),
	not_allowed_to_delete_user: __(
		'the person who deleted the contact may not delete this user',
		'users-to-contacts'
	),
};

export function SyncTool( { transport }: { transport: Transport } ) {
	const [ phase, setPhase ] = useState< Phase >( { kind: 'idle' } );
	const stopRequested = useRef( false );

	async function run() {
		stopRequested.current = false;
		setPhase( { kind: 'running', done: 0, total: 0 } );
		try {
			const { run: started } = await startOrResumeRun(
				transport,
				'sync_users'
			);
			// A resumed run already checked some users; the bar shows the whole run.
			const before = started.counts.checked;
			setPhase( { kind: 'running', done: before, total: started.total } );
			const result = await runBatch( createRestSyncPort( transport ), {
				runId: started.id,
				startAfter: started.cursor,
				shouldStop: () => stopRequested.current,
				onProgress: ( progress ) =>
					setPhase( {
						kind: 'running',
						done: before + progress.done,
						total: Math.max(
							started.total,
							before + progress.done
						),
					} ),
			} );
			if ( result.stopped ) {
				await updateRun( transport, started.id, { status: 'paused' } );
				setPhase( {
					kind: 'paused',
					done: before + result.done,
					total: started.total,
				} );
				return;
			}
			const finished = await updateRun( transport, started.id, {
				status: 'completed',
			} );
			setPhase( {
				kind: 'done',
				summary: finished.summary,
				skipped: await listSkippedItems( transport, started.id ),
			} );
		} catch ( error ) {
			setPhase( {
				kind: 'failed',
				message:
					error instanceof Error ? error.message : String( error ),
			} );
		}
	}

	const busy = phase.kind === 'running';
	return (
		<Card className="users-to-contacts-sync-tool">
			<CardHeader>
				<h2>
					{ __(
						'Synchronize Users to Contacts',
						'users-to-contacts'
					) }
				</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ __(
						'Checks every user account: links it to the contact with the same email address, or creates a contact for it. Nothing is deleted, and running it again changes nothing that is already linked.',
						'users-to-contacts'
					) }
				</p>
				{ ( phase.kind === 'running' || phase.kind === 'paused' ) && (
					<div className="users-to-contacts-progress">
						<ProgressBar
							done={ phase.done }
							total={ phase.total }
							label={ __(
								'Synchronization progress',
								'users-to-contacts'
							) }
						/>
						<p role="status" aria-live="polite">
							{ phase.kind === 'running'
								? sprintf(
										/* translators: 1: users checked, 2: users on the site. */
										__(
											'Checked %1$d of %2$d user records…',
											'users-to-contacts'
										),
										phase.done,
										phase.total
									)
								: sprintf(
										/* translators: 1: users checked, 2: users on the site. */
										__(
											'Paused after %1$d of %2$d user records. Start again to carry on where it stopped.',
											'users-to-contacts'
										),
										phase.done,
										phase.total
									) }
						</p>
					</div>
				) }
				{ phase.kind === 'done' && (
					<Notice status="success" isDismissible={ false }>
						<p data-testid="users-to-contacts-sync-summary">
							{ phase.summary }
						</p>
						{ phase.skipped.length > 0 && (
							<>
								<p>
									{ __(
										'Skipped user records:',
										'users-to-contacts'
									) }
								</p>
								<ul>
									{ phase.skipped.map( ( item ) => (
										<li key={ item.user_id }>
											{ sprintf(
												/* translators: 1: user id, 2: why it was skipped. */
												__(
													'User %1$d: %2$s',
													'users-to-contacts'
												),
												item.user_id,
												REASONS[ item.reason ] ??
													item.reason
											) }
										</li>
									) ) }
								</ul>
							</>
						) }
					</Notice>
				) }
				{ phase.kind === 'failed' && (
					<Notice status="error" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: the error. */
							__(
								'The synchronization stopped: %s Start it again to carry on where it stopped.',
								'users-to-contacts'
							),
							phase.message
						) }
					</Notice>
				) }
				<p>
					{ busy ? (
						<Button
							variant="secondary"
							onClick={ () => ( stopRequested.current = true ) }
						>
							{ __( 'Pause', 'users-to-contacts' ) }
						</Button>
					) : (
						<Button
							variant="primary"
							onClick={ () => setPhase( { kind: 'confirm' } ) }
						>
							{ __(
								'Synchronize Users to Contacts…',
								'users-to-contacts'
							) }
						</Button>
					) }
				</p>
				{ phase.kind === 'confirm' && (
					<Modal
						title={ __(
							'Synchronize Users to Contacts?',
							'users-to-contacts'
						) }
						onRequestClose={ () => setPhase( { kind: 'idle' } ) }
					>
						<p>
							{ __(
								'Every user account will be linked to the contact with its email address, or get a new contact. This can take a while on large sites; you can pause it.',
								'users-to-contacts'
							) }
						</p>
						<Button
							variant="tertiary"
							onClick={ () => setPhase( { kind: 'idle' } ) }
						>
							{ __( 'Cancel', 'users-to-contacts' ) }
						</Button>{ ' ' }
						<Button variant="primary" onClick={ run }>
							{ __( 'Start', 'users-to-contacts' ) }
						</Button>
					</Modal>
				) }
			</CardBody>
		</Card>
	);
}
