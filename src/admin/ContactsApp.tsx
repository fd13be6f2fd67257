/**
 * The Contacts screen.
 */
import {
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { getStatus } from '../api';
import type { Status, Transport } from '../api';
import { RunnerStatus } from './RunnerStatus';
import { SyncTool } from './SyncTool';

type LoadState =
	| { kind: 'loading' }
	| { kind: 'ready'; status: Status }
	| { kind: 'failed'; message: string };

export function ContactsApp( { transport }: { transport: Transport } ) {
	const [ state, setState ] = useState< LoadState >( { kind: 'loading' } );

	useEffect( () => {
		let cancelled = false;
		getStatus( transport ).then(
			( status ) => ! cancelled && setState( { kind: 'ready', status } ),
			( error: unknown ) =>
				! cancelled &&
				setState( {
					kind: 'failed',
					message:
						error instanceof Error
							? error.message
							: String( error ),
				} )
		);
		return () => {
			cancelled = true;
		};
	}, [ transport ] );

	if ( state.kind === 'loading' ) {
		return (
			<p className="users-to-contacts-loading">
				<Spinner /> { __( 'Loading contacts…', 'users-to-contacts' ) }
			</p>
		);
	}
	if ( state.kind === 'failed' ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ sprintf(
					/* translators: %s: the error message from the site. */
					__(
						'The Contacts screen could not reach the site: %s',
						'users-to-contacts'
					),
					state.message
				) }
			</Notice>
		);
	}
	return (
		<div
			className="users-to-contacts-screen"
			style={ {
				display: 'flex',
				flexDirection: 'column',
				gap: '16px',
				maxWidth: '960px',
			} }
		>
			<Card className="users-to-contacts-status">
				<CardHeader>
					<h2>
						{ __(
							'Users to Contacts is running',
							'users-to-contacts'
						) }
					</h2>
				</CardHeader>
				<CardBody>
					<p data-testid="users-to-contacts-status">
						{ sprintf(
							/* translators: 1: plugin version, 2: WordPress version, 3: PHP version. */
							__(
								'Version %1$s on WordPress %2$s, PHP %3$s.',
								'users-to-contacts'
							),
							state.status.plugin_version,
							state.status.wordpress_version,
							state.status.php_version
						) }
					</p>
				</CardBody>
			</Card>
			<RunnerStatus transport={ transport } />
			<SyncTool transport={ transport } />
		</div>
	);
}
