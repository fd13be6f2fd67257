/**
 * Past runs of "Synchronize Users to Contacts": when, who started it, the counts and the
 * summary, newest first, ten to a page.
 */
import { dateI18n, getSettings } from '@wordpress/date';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { listRuns } from '../../api/runs';
import type { Run, RunStatus } from '../../api/runs';
import type { Transport } from '../../api/transport';
import { ListTable, Pagination } from './ListTable';
import { userNames } from './people';
import type { Names } from './people';

const PER_PAGE = 10;

export function statusInWords( run: Run ): string {
	const words: Record< RunStatus, string > = {
		running: __( 'Running', 'users-to-contacts' ),
		paused: __( 'Paused', 'users-to-contacts' ),
		completed: __( 'Completed', 'users-to-contacts' ),
		cancelled: __( 'Cancelled', 'users-to-contacts' ),
		failed: __( 'Failed', 'users-to-contacts' ),
	};
	return run.dry_run
		? sprintf(
				/* translators: %s: the preview's status (Completed, Cancelled, …). */
				__( 'Preview: %s', 'users-to-contacts' ),
				words[ run.status ]
			)
		: words[ run.status ];
}

/** A run's start time in the site's date and time format. */
export function runDate( iso: string ): string {
	const formats = getSettings().formats;
	return dateI18n( `${ formats.date } ${ formats.time }`, iso, undefined );
}

export function createdContactsUrl( runId: number ): string {
	return `admin.php?page=users-to-contacts&created_by_run=${ runId }`;
}

export function PastRuns( {
	transport,
	refresh,
	shownAbove,
}: {
	transport: Transport;
	/** Changes when a run starts or ends, so the table reloads. */
	refresh: number;
	/** The run the screen shows in progress above (its row here would lag behind). */
	shownAbove: number | null;
} ) {
	const [ page, setPage ] = useState( 1 );
	const [ loaded, setLoaded ] = useState< {
		runs: Run[];
		total: number;
		names: Names;
	} | null >( null );
	const [ error, setError ] = useState( '' );

	useEffect( () => {
		let current = true;
		( async () => {
			const found = await listRuns( transport, {
				kind: 'sync_users',
				page,
				per_page: PER_PAGE,
			} );
			const names = await userNames(
				transport,
				found.items.map( ( run ) => run.started_by )
			);
			if ( current ) {
				setLoaded( { runs: found.items, total: found.total, names } );
			}
		} )().catch(
			( failure: unknown ) =>
				current &&
				setError(
					failure instanceof Error
						? failure.message
						: String( failure )
				)
		);
		return () => {
			current = false;
		};
	}, [ transport, page, refresh ] );

	if ( error ) {
		return (
			<div className="notice notice-error inline">
				<p>
					{ sprintf(
						/* translators: %s: the error message from the site. */
						__(
							'The past runs could not be loaded: %s',
							'users-to-contacts'
						),
						error
					) }
				</p>
			</div>
		);
	}
	if ( ! loaded ) {
		return <p>{ __( 'Loading…', 'users-to-contacts' ) }</p>;
	}
	const number = ( value: number ) => value.toLocaleString();
	const runs = loaded.runs.filter( ( run ) => run.id !== shownAbove );
	const total = loaded.total - ( loaded.runs.length - runs.length );
	return (
		<>
			<ListTable
				testId="users-to-contacts-past-runs"
				caption={ __( 'Past runs', 'users-to-contacts' ) }
				empty={ __(
					'Synchronize Users to Contacts has not run yet.',
					'users-to-contacts'
				) }
				columns={ [
					{ key: 'date', label: __( 'Date', 'users-to-contacts' ) },
					{
						key: 'by',
						label: __( 'Started by', 'users-to-contacts' ),
					},
					{
						key: 'status',
						label: __( 'Status', 'users-to-contacts' ),
					},
					{
						key: 'checked',
						label: __( 'Checked', 'users-to-contacts' ),
						className: 'num',
					},
					{
						key: 'matched',
						label: __( 'Matched', 'users-to-contacts' ),
						className: 'num',
					},
					{
						key: 'created',
						label: __( 'Created', 'users-to-contacts' ),
						className: 'num',
					},
					{
						key: 'skipped',
						label: __( 'Skipped', 'users-to-contacts' ),
						className: 'num',
					},
					{
						key: 'summary',
						label: __( 'Summary', 'users-to-contacts' ),
					},
				] }
				rows={ runs.map( ( run ) => ( {
					key: run.id,
					cells: {
						date: runDate( run.started ),
						by:
							loaded.names.get( run.started_by )?.name ??
							__( '(deleted user)', 'users-to-contacts' ),
						status: statusInWords( run ),
						checked: number( run.counts.checked ),
						matched: number( run.counts.matched ),
						created:
							run.counts.created > 0 && ! run.dry_run ? (
								<a href={ createdContactsUrl( run.id ) }>
									{ number( run.counts.created ) }
								</a>
							) : (
								number( run.counts.created )
							),
						skipped: number( run.counts.skipped ),
						summary: run.summary,
					},
				} ) ) }
			/>
			{ loaded.total > PER_PAGE && (
				<Pagination
					page={ page }
					perPage={ PER_PAGE }
					total={ total }
					onPage={ setPage }
					label={ __( 'Past runs', 'users-to-contacts' ) }
				/>
			) }
		</>
	);
}
