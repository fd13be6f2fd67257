/**
 * The table of contacts in core's list-table markup (`wp-list-table widefat fixed striped
 * table-view-list`): select-all checkboxes, sortable headers, the rows, and the row that says
 * there is nothing to show.
 */
import { __ } from '@wordpress/i18n';
import type { MouseEvent, ReactNode } from 'react';
import type { Contact } from '../../api/contacts';
import { ContactRow } from './ContactRow';
import { firstOrder } from './listState';
import type { ListState, SortColumn } from './listState';
import { NavLink } from './NavLink';

interface Column {
	key: string;
	label: string;
	sort?: SortColumn;
}

const COLUMNS: Column[] = [
	{ key: 'name', label: __( 'Name', 'users-to-contacts' ), sort: 'name' },
	{ key: 'type', label: __( 'Type', 'users-to-contacts' ) },
	{ key: 'email', label: __( 'Email', 'users-to-contacts' ) },
	{ key: 'phone', label: __( 'Phone', 'users-to-contacts' ) },
	{ key: 'user', label: __( 'User', 'users-to-contacts' ) },
	{
		key: 'created',
		label: __( 'Created', 'users-to-contacts' ),
		sort: 'created',
	},
	{
		key: 'modified',
		label: __( 'Modified', 'users-to-contacts' ),
		sort: 'modified',
	},
];

interface Props {
	state: ListState;
	navigate: ( next: ListState ) => void;
	/** Null until the first page arrives. */
	contacts: Contact[] | null;
	loading: boolean;
	selected: ReadonlySet< number >;
	expanded: ReadonlySet< number >;
	onSelect: (
		contact: Contact,
		event: MouseEvent< HTMLInputElement >
	) => void;
	onSelectAll: ( checked: boolean ) => void;
	onExpand: ( contact: Contact ) => void;
	onDelete: ( contact: Contact ) => void;
	/** What the table says when it has no row. */
	empty: ReactNode;
}

function Headers( {
	which,
	state,
	navigate,
	allSelected,
	onSelectAll,
}: Pick< Props, 'state' | 'navigate' | 'onSelectAll' > & {
	which: 1 | 2;
	allSelected: boolean;
} ) {
	return (
		<tr>
			<td
				{ ...( which === 1 ? { id: 'cb' } : {} ) }
				className="manage-column column-cb check-column"
			>
				<label
					className="screen-reader-text"
					htmlFor={ `cb-select-all-${ which }` }
				>
					{ __( 'Select All', 'users-to-contacts' ) }
				</label>
				<input
					id={ `cb-select-all-${ which }` }
					type="checkbox"
					checked={ allSelected }
					onClick={ ( event ) => {
						// Core's common.js would also flip the boxes, behind React's back.
						event.stopPropagation();
						onSelectAll( event.currentTarget.checked );
					} }
					onChange={ () => {} }
				/>
			</td>
			{ COLUMNS.map( ( column ) => {
				const classes = [ 'manage-column', `column-${ column.key }` ];
				if ( column.key === 'name' ) {
					classes.push( 'column-primary' );
				}
				const sorted = column.sort && state.orderby === column.sort;
				let content: ReactNode = column.label;
				if ( column.sort ) {
					// Core's classes: `sorted asc|desc` on the sorted column; `sortable` plus
					// the order a click would NOT give, on the others (the arrow shows on hover).
					const opposite = ( order: 'asc' | 'desc' ) =>
						order === 'asc' ? 'desc' : 'asc';
					const nextOrder = sorted
						? opposite( state.order )
						: firstOrder( column.sort );
					classes.push( sorted ? 'sorted' : 'sortable' );
					classes.push(
						sorted ? state.order : opposite( nextOrder )
					);
					content = (
						<NavLink
							to={ {
								...state,
								orderby: column.sort,
								order: nextOrder,
								paged: 1,
							} }
							navigate={ navigate }
						>
							<span>{ column.label }</span>
							<span className="sorting-indicator" />
							<span className="screen-reader-text">
								{ nextOrder === 'asc'
									? __(
											'Sort ascending.',
											'users-to-contacts'
										)
									: __(
											'Sort descending.',
											'users-to-contacts'
										) }
							</span>
						</NavLink>
					);
				}
				let ariaSort: 'ascending' | 'descending' | undefined;
				if ( sorted ) {
					ariaSort =
						state.order === 'asc' ? 'ascending' : 'descending';
				}
				return (
					<th
						key={ column.key }
						scope="col"
						{ ...( which === 1 ? { id: column.key } : {} ) }
						className={ classes.join( ' ' ) }
						{ ...( ariaSort ? { 'aria-sort': ariaSort } : {} ) }
					>
						{ content }
					</th>
				);
			} ) }
		</tr>
	);
}

export function ContactsTable( props: Props ) {
	const { contacts, loading, selected, expanded, empty } = props;
	const allSelected =
		contacts !== null &&
		contacts.length > 0 &&
		contacts.every( ( contact ) => selected.has( contact.id ) );
	return (
		<table
			className="wp-list-table widefat fixed striped table-view-list users-to-contacts-table"
			aria-busy={ loading }
		>
			<caption className="screen-reader-text">
				{ __( 'Contacts list', 'users-to-contacts' ) }
			</caption>
			<thead>
				<Headers which={ 1 } allSelected={ allSelected } { ...props } />
			</thead>
			<tbody id="the-list">
				{ contacts === null || contacts.length === 0 ? (
					<tr className="no-items">
						<td
							className="colspanchange"
							colSpan={ COLUMNS.length + 1 }
						>
							{ contacts === null
								? __( 'Loading contacts…', 'users-to-contacts' )
								: empty }
						</td>
					</tr>
				) : (
					contacts.map( ( contact ) => (
						<ContactRow
							key={ contact.id }
							contact={ contact }
							selected={ selected.has( contact.id ) }
							expanded={ expanded.has( contact.id ) }
							onSelect={ props.onSelect }
							onExpand={ props.onExpand }
							onDelete={ props.onDelete }
						/>
					) )
				) }
			</tbody>
			<tfoot>
				<Headers which={ 2 } allSelected={ allSelected } { ...props } />
			</tfoot>
		</table>
	);
}
