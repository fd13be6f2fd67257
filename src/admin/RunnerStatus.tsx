/**
 * Whether anything processes events right now. With no sidecar alive, events wait (visibly, with
 * a count) and the admin can process them here, in the browser, with the same engine.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { getEventCounts, listRunners, sendHeartbeat } from '../api/sync';
import type { EventCounts, Heartbeat } from '../api/sync';
import { createRestSyncPort } from '../api/syncPort';
import type { Transport } from '../api/transport';
import { processEvents } from '../engine/events';

const BROWSER_RUNNER = `browser-${ Math.random().toString( 36 ).slice( 2, 10 ) }`;

export function RunnerStatus( { transport }: { transport: Transport } ) {
	const [ runners, setRunners ] = useState< Heartbeat[] | null >( null );
	const [ counts, setCounts ] = useState< EventCounts | null >( null );
	const [ processing, setProcessing ] = useState( false );
	const [ error, setError ] = useState( '' );

	const refresh = useCallback( async () => {
		try {
			const [ heard, waiting ] = await Promise.all( [
				listRunners( transport ),
				getEventCounts( transport ),
			] );
			setRunners( heard );
			setCounts( waiting );
		} catch ( failure ) {
			setError(
				failure instanceof Error ? failure.message : String( failure )
			);
		}
	}, [ transport ] );

	useEffect( () => {
		refresh();
		const timer = setInterval( refresh, 5000 );
		return () => clearInterval( timer );
	}, [ refresh ] );

	async function processNow() {
		setProcessing( true );
		setError( '' );
		try {
			const port = createRestSyncPort( transport );
			await sendHeartbeat( transport, BROWSER_RUNNER, 'browser' );
			// Until nothing is left to claim.
			while ( ( await processEvents( port ) ).claimed > 0 ) {
				await sendHeartbeat( transport, BROWSER_RUNNER, 'browser' );
			}
		} catch ( failure ) {
			setError(
				failure instanceof Error ? failure.message : String( failure )
			);
		}
		setProcessing( false );
		refresh();
	}

	if ( runners === null || counts === null ) {
		return error ? (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		) : (
			<Spinner />
		);
	}
	const sidecar = runners.find(
		( runner ) => runner.kind === 'sidecar' && runner.alive
	);
	return (
		<div className="users-to-contacts-runner-status">
			{ sidecar ? (
				<Notice status="success" isDismissible={ false }>
					{ sprintf(
						/* translators: 1: runner name, 2: seconds since it was last heard from. */
						__(
							'Real-time sync is on: the sidecar %1$s was heard from %2$d seconds ago.',
							'users-to-contacts'
						),
						sidecar.runner,
						sidecar.seconds_ago
					) }
				</Notice>
			) : (
				<Notice status="warning" isDismissible={ false }>
					<p>
						{ __(
							'No sidecar is running, so registrations, logins and profile changes are not synchronized yet. Nothing is lost: they wait until something processes them.',
							'users-to-contacts'
						) }
					</p>
					<p data-testid="users-to-contacts-pending">
						{ sprintf(
							/* translators: %d: number of events. */
							_n(
								'%d event is waiting.',
								'%d events are waiting.',
								counts.pending,
								'users-to-contacts'
							),
							counts.pending
						) }
					</p>
				</Notice>
			) }
			{ ! sidecar && counts.pending > 0 && (
				// Outside the Notice: WordPress 6.1's Notice serializes its children to speak them,
				// which breaks components that use hooks.
				<p>
					<Button
						variant="secondary"
						isBusy={ processing }
						disabled={ processing }
						onClick={ processNow }
					>
						{ processing
							? __( 'Processing…', 'users-to-contacts' )
							: __( 'Process them now', 'users-to-contacts' ) }
					</Button>
				</p>
			) }
			{ counts.failed > 0 && (
				<Notice status="error" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of events. */
						_n(
							'%d event failed; it is retried automatically.',
							'%d events failed; they are retried automatically.',
							counts.failed,
							'users-to-contacts'
						),
						counts.failed
					) }
				</Notice>
			) }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
		</div>
	);
}
