/**
 * The users a run (or a preview) linked, created a contact for, or skipped, with their names,
 * a page at a time: a run of a million users lists its skipped users without loading them all.
 */
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { listRunItems } from '../../api/runs';
import type { RunItem, RunItemOutcome } from '../../api/runs';
import type { Transport } from '../../api/transport';
import { ListTable, Pagination } from './ListTable';
import type { Column } from './ListTable';
import { contactNames, userNames } from './people';
import type { Names } from './people';
import { skipReason } from '../common/skipReasons';

interface Loaded {
	items: RunItem[];
	total: number;
	users: Names;
	contacts: Names;
}

export function RunItemsTable( {
	transport,
	runId,
	outcome,
	caption,
	perPage,
	paged,
	testId,
}: {
	transport: Transport;
	runId: number;
	outcome: RunItemOutcome;
	caption: string;
	perPage: number;
	/** With pagination; without, the first page and "and N more". */
	paged: boolean;
	testId?: string;
} ) {
	const [ page, setPage ] = useState( 1 );
	const [ loaded, setLoaded ] = useState< Loaded | null >( null );
	const [ error, setError ] = useState( '' );

	useEffect( () => {
		let current = true;
		( async () => {
			const found = await listRunItems( transport, runId, {
				outcome,
				page,
				per_page: perPage,
			} );
			const [ users, contacts ] = await Promise.all( [
				userNames(
					transport,
					found.items.map( ( item ) => item.user_id )
				),
				outcome === 'matched'
					? contactNames(
							transport,
							found.items.map( ( item ) => item.contact_id ?? 0 )
						)
					: Promise.resolve< Names >( new Map() ),
			] );
			if ( current ) {
				setLoaded( {
					items: found.items,
					total: found.total,
					users,
					contacts,
				} );
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
	}, [ transport, runId, outcome, page, perPage ] );

	if ( error ) {
		return (
			<div className="notice notice-error inline">
				<p>
					{ sprintf(
						/* translators: %s: the error message from the site. */
						__(
							'The list could not be loaded: %s',
							'users-to-contacts'
						),
						error
					) }
				</p>
			</div>
		);
	}
	if ( ! loaded ) {
		return (
			<p className="users-to-contacts-sync-loading">
				{ __( 'Loading…', 'users-to-contacts' ) }
			</p>
		);
	}
	const columns: Column[] = [
		{ key: 'user', label: __( 'User', 'users-to-contacts' ) },
		{ key: 'email', label: __( 'Email', 'users-to-contacts' ) },
	];
	if ( outcome === 'matched' ) {
		columns.push( {
			key: 'contact',
			label: __( 'Matching contact', 'users-to-contacts' ),
		} );
	}
	if ( outcome === 'skipped' ) {
		columns.push( {
			key: 'reason',
			label: __( 'Why it was skipped', 'users-to-contacts' ),
		} );
	}
	const rows = loaded.items.map( ( item ) => {
		const user = loaded.users.get( item.user_id );
		const contact =
			item.contact_id === null
				? undefined
				: loaded.contacts.get( item.contact_id );
		return {
			key: item.id,
			cells: {
				user: (
					<a href={ `user-edit.php?user_id=${ item.user_id }` }>
						{ user
							? user.name
							: sprintf(
									/* translators: %d: user id. */
									__( 'User %d', 'users-to-contacts' ),
									item.user_id
								) }
					</a>
				),
				email: user?.email ?? '',
				contact:
					item.contact_id === null ? (
						''
					) : (
						<a
							href={ `admin.php?page=users-to-contacts-edit&contact=${ item.contact_id }` }
						>
							{ contact?.name ||
								__( '(no name)', 'users-to-contacts' ) }
						</a>
					),
				reason: skipReason( item.reason ),
			},
		};
	} );
	const more = loaded.total - loaded.items.length;
	return (
		<>
			<ListTable
				columns={ columns }
				rows={ rows }
				caption={ caption }
				empty={ __( 'No users.', 'users-to-contacts' ) }
				{ ...( testId ? { testId } : {} ) }
			/>
			{ paged && loaded.total > perPage && (
				<Pagination
					page={ page }
					perPage={ perPage }
					total={ loaded.total }
					onPage={ setPage }
					label={ caption }
				/>
			) }
			{ ! paged && more > 0 && (
				<p className="description">
					{ sprintf(
						/* translators: %s: number of users not shown. */
						_n(
							'… and %s more user.',
							'… and %s more users.',
							more,
							'users-to-contacts'
						),
						more.toLocaleString()
					) }
				</p>
			) }
		</>
	);
}
