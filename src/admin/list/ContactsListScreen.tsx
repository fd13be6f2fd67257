/**
 * Contacts › All Contacts (screen `list`): the list an admin opens first, in the shape of core's
 * Users › All Users. Views, search, filters (type, date ranges, the run that created the
 * contacts: B6), sortable columns, pages, the linked user with the profile icon and the lock
 * (B8, B13), and Delete for one contact or in bulk, where locked contacts are skipped and named.
 */
import {
	createInterpolateElement,
	useEffect,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { MouseEvent, ReactNode } from 'react';
import { getContact } from '../../api/contacts';
import type { Contact, ContactUser } from '../../api/contacts';
import type { Transport } from '../../api/transport';
import { BulkActions } from './BulkActions';
import { ContactsTable } from './ContactsTable';
import { DeleteDialog, nameList } from './DeleteDialog';
import type { DeleteRequest } from './DeleteDialog';
import { deleteContacts } from './deleteContacts';
import type { DeleteOutcome } from './deleteContacts';
import { Filters } from './Filters';
import { contactName } from './format';
import { Notices, RunNotice } from './ListNotices';
import type { ListNotice } from './ListNotices';
import { DEFAULT_STATE, isFiltered } from './listState';
import type { ListState } from './listState';
import { NavLink } from './NavLink';
import { Pagination } from './Pagination';
import { SearchBox } from './SearchBox';
import { useContactsList } from './useContactsList';
import { ViewLinks } from './ViewLinks';
import './list.css';

function outcomeNotices( outcome: DeleteOutcome ): ListNotice[] {
	const notices: ListNotice[] = [];
	if ( outcome.deleted.length > 0 ) {
		notices.push( {
			kind: 'success',
			text: sprintf(
				/* translators: %s: how many contacts were deleted. */
				_n(
					'%s contact deleted.',
					'%s contacts deleted.',
					outcome.deleted.length,
					'users-to-contacts'
				),
				outcome.deleted.length.toLocaleString()
			),
		} );
	}
	if ( outcome.locked.length > 0 ) {
		notices.push( {
			kind: 'warning',
			text: sprintf(
				/* translators: %s: contact names. */
				_n(
					'Not deleted: %s. It is locked: its linked user is its source, so it changes only with that user. To delete it, open it and make the contact the source, or turn off “Synchronize user to contact” for the user.',
					'Not deleted: %s. They are locked: their linked user is their source, so they change only with that user. To delete one, open it and make the contact the source, or turn off “Synchronize user to contact” for its user.',
					outcome.locked.length,
					'users-to-contacts'
				),
				nameList( outcome.locked )
			),
		} );
	}
	for ( const { contact, message } of outcome.failed ) {
		notices.push( {
			kind: 'error',
			text: sprintf(
				/* translators: 1: a contact's name, 2: the site's reason. */
				__( '“%1$s” was not deleted: %2$s', 'users-to-contacts' ),
				contactName( contact ),
				message
			),
		} );
	}
	return notices;
}

/** A link whose text a translation gives (createInterpolateElement fills the children). */
function PageLink( {
	href,
	children,
}: {
	href: string;
	children?: ReactNode;
} ) {
	return <a href={ href }>{ children }</a>;
}

export function ContactsListScreen( { transport }: { transport: Transport } ) {
	const list = useContactsList( transport );
	const { state, page, counts } = list;
	const items = page?.items ?? null;
	const [ selected, setSelected ] = useState< Set< number > >( new Set() );
	const anchor = useRef< number | null >( null );
	const [ expanded, setExpanded ] = useState< Set< number > >( new Set() );
	const [ notices, setNotices ] = useState< ListNotice[] >( [] );
	const [ confirm, setConfirm ] = useState< DeleteRequest | null >( null );
	const [ live, setLive ] = useState( '' );
	const [ deletions, setDeletions ] = useState( 0 );
	const announceResults = useRef( false );
	const focusNotices = useRef( false );

	// Another page, another selection.
	useEffect( () => {
		setSelected( new Set() );
		setExpanded( new Set() );
		anchor.current = null;
	}, [ page ] );

	useEffect( () => {
		if ( announceResults.current && page && ! list.loading ) {
			announceResults.current = false;
			setLive(
				sprintf(
					/* translators: %s: how many contacts the list finds. */
					_n(
						'%s contact found.',
						'%s contacts found.',
						page.total,
						'users-to-contacts'
					),
					page.total.toLocaleString()
				)
			);
		}
	}, [ page, list.loading ] );

	useEffect( () => {
		if ( focusNotices.current && notices.length > 0 ) {
			focusNotices.current = false;
			document
				.getElementById( 'users-to-contacts-list-notices' )
				?.focus();
		}
	}, [ notices ] );

	function navigate( next: ListState ) {
		announceResults.current = true;
		setNotices( [] );
		list.navigate( next );
	}

	function showNotices( next: ListNotice[] ) {
		focusNotices.current = true;
		setNotices( next );
		setLive( next.map( ( notice ) => notice.text ).join( ' ' ) );
	}

	function select( contact: Contact, event: MouseEvent< HTMLInputElement > ) {
		// Core's common.js would also act on the click (ranges), behind React's back.
		event.stopPropagation();
		if ( ! items ) {
			return;
		}
		const checked = event.currentTarget.checked;
		const index = items.indexOf( contact );
		const from =
			event.shiftKey && anchor.current !== null ? anchor.current : index;
		const next = new Set( selected );
		for (
			let row = Math.min( from, index );
			row <= Math.max( from, index );
			row++
		) {
			const id = items[ row ]?.id;
			if ( id !== undefined ) {
				if ( checked ) {
					next.add( id );
				} else {
					next.delete( id );
				}
			}
		}
		anchor.current = index;
		setSelected( next );
	}

	async function askToDelete( contacts: Contact[] ) {
		if ( contacts.length === 0 ) {
			showNotices( [
				{
					kind: 'warning',
					text: __(
						'Select one or more contacts to delete.',
						'users-to-contacts'
					),
				},
			] );
			return;
		}
		const deletable = contacts.filter( ( contact ) => ! contact.locked );
		if ( deletable.length === 0 ) {
			showNotices(
				outcomeNotices( { deleted: [], locked: contacts, failed: [] } )
			);
			return;
		}
		// B12: say which users go too, as the site would decide it now.
		let usersDeleted: ContactUser[] | null = [];
		try {
			const linked = await Promise.all(
				deletable
					.filter( ( contact ) => contact.user !== null )
					.map( ( contact ) => getContact( transport, contact.id ) )
			);
			usersDeleted = linked.flatMap( ( contact ) =>
				contact.user_deletion?.deletes_user && contact.user
					? [ contact.user ]
					: []
			);
		} catch {
			usersDeleted = null;
		}
		setConfirm( { contacts, usersDeleted } );
	}

	async function confirmDelete() {
		if ( ! confirm ) {
			return;
		}
		const { contacts } = confirm;
		setConfirm( null );
		setLive( __( 'Deleting…', 'users-to-contacts' ) );
		const outcome = await deleteContacts( transport, contacts );
		setDeletions( ( count ) => count + 1 );
		showNotices( outcomeNotices( outcome ) );
		list.reload();
	}

	const filtered = isFiltered( state );
	let empty = (
		<>
			{ __( 'No contacts found.', 'users-to-contacts' ) }{ ' ' }
			<NavLink
				to={ {
					...DEFAULT_STATE,
					orderby: state.orderby,
					order: state.order,
				} }
				navigate={ navigate }
			>
				{ __( 'Show all contacts', 'users-to-contacts' ) }
			</NavLink>
		</>
	);
	if ( list.error ) {
		empty = (
			<>
				{ __(
					'The contacts could not be loaded.',
					'users-to-contacts'
				) }
			</>
		);
	} else if ( ! filtered ) {
		empty = (
			<p className="users-to-contacts-empty">
				{ createInterpolateElement(
					__(
						'No contacts yet. <add>Add a contact</add>, or <sync>synchronize your users</sync> to create contacts for them.',
						'users-to-contacts'
					),
					{
						add: (
							<PageLink href="admin.php?page=users-to-contacts-edit" />
						),
						sync: (
							<PageLink href="admin.php?page=users-to-contacts-sync" />
						),
					}
				) }
			</p>
		);
	}

	/** Core's bar above and below the table: bulk actions and pages. */
	const tablenav = ( which: 'top' | 'bottom' ) => (
		<div className={ `tablenav ${ which }` }>
			<BulkActions
				which={ which }
				done={ deletions }
				onApply={ () =>
					askToDelete(
						( items ?? [] ).filter( ( contact ) =>
							selected.has( contact.id )
						)
					)
				}
			/>
			<Pagination
				which={ which }
				state={ state }
				total={ page?.total ?? 0 }
				totalPages={ page?.totalPages ?? 0 }
				navigate={ navigate }
			/>
			<br className="clear" />
		</div>
	);

	return (
		<div className="users-to-contacts-list">
			<div className="screen-reader-text" aria-live="polite">
				{ live }
			</div>
			<RunNotice
				state={ state }
				run={ list.run }
				total={ page && ! list.loading ? page.total : null }
				navigate={ navigate }
			/>
			<Notices notices={ notices } />
			{ list.error && (
				<div className="notice notice-error inline">
					<p>{ list.error }</p>
				</div>
			) }
			<ViewLinks
				state={ state }
				counts={ counts }
				navigate={ navigate }
			/>
			<SearchBox state={ state } navigate={ navigate } />
			<Filters state={ state } navigate={ navigate } />
			{ tablenav( 'top' ) }
			<ContactsTable
				state={ state }
				navigate={ navigate }
				contacts={ items ?? ( list.error ? [] : null ) }
				loading={ list.loading }
				selected={ selected }
				expanded={ expanded }
				onSelect={ select }
				onSelectAll={ ( checked ) =>
					setSelected(
						new Set(
							checked
								? ( items ?? [] ).map(
										( contact ) => contact.id
									)
								: []
						)
					)
				}
				onExpand={ ( contact ) => {
					const next = new Set( expanded );
					if ( ! next.delete( contact.id ) ) {
						next.add( contact.id );
					}
					setExpanded( next );
				} }
				onDelete={ ( contact ) => askToDelete( [ contact ] ) }
				empty={ empty }
			/>
			{ tablenav( 'bottom' ) }
			{ confirm && (
				<DeleteDialog
					request={ confirm }
					onConfirm={ confirmDelete }
					onCancel={ () => setConfirm( null ) }
				/>
			) }
		</div>
	);
}
