/**
 * Core's list table markup (wp-list-table widefat fixed striped) for the Synchronize screen's
 * small tables, with core's small-screen behaviour: below 782 px only the first (primary)
 * column shows, and "Show more details" opens the rest of a row.
 */
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

export interface Column {
	key: string;
	label: string;
	/** Core's column-{key} classes size some columns (e.g. num). */
	className?: string;
}

export interface Row {
	key: string | number;
	cells: Record< string, ReactNode >;
}

export function ListTable( {
	columns,
	rows,
	caption,
	empty,
	testId,
}: {
	/** The first column is the primary one. */
	columns: Column[];
	rows: Row[];
	/** Read by screen readers (core's tables carry one too). */
	caption: string;
	empty: string;
	testId?: string;
} ) {
	const [ expanded, setExpanded ] = useState< Set< string | number > >(
		new Set()
	);
	const toggle = ( key: string | number ) =>
		setExpanded( ( current ) => {
			const next = new Set( current );
			if ( ! next.delete( key ) ) {
				next.add( key );
			}
			return next;
		} );
	return (
		<table
			className="wp-list-table widefat fixed striped table-view-list"
			data-testid={ testId }
		>
			<caption className="screen-reader-text">{ caption }</caption>
			<thead>
				<tr>
					{ columns.map( ( column, index ) => (
						<th
							key={ column.key }
							scope="col"
							className={ `manage-column column-${ column.key }${
								index === 0 ? ' column-primary' : ''
							}${ column.className ? ' ' + column.className : '' }` }
						>
							{ column.label }
						</th>
					) ) }
				</tr>
			</thead>
			<tbody>
				{ rows.length === 0 && (
					<tr className="no-items">
						<td
							className="colspanchange"
							colSpan={ columns.length }
						>
							{ empty }
						</td>
					</tr>
				) }
				{ rows.map( ( row ) => (
					<tr
						key={ row.key }
						className={
							expanded.has( row.key ) ? 'is-expanded' : undefined
						}
					>
						{ columns.map( ( column, index ) =>
							index === 0 ? (
								<td
									key={ column.key }
									className={ `column-${ column.key } column-primary` }
									data-colname={ column.label }
								>
									{ row.cells[ column.key ] }
									{ columns.length > 1 && (
										<button
											type="button"
											className="toggle-row"
											aria-expanded={ expanded.has(
												row.key
											) }
											onClick={ () => toggle( row.key ) }
										>
											<span className="screen-reader-text">
												{ __(
													'Show more details',
													'users-to-contacts'
												) }
											</span>
										</button>
									) }
								</td>
							) : (
								<td
									key={ column.key }
									className={ `column-${ column.key }${
										column.className
											? ' ' + column.className
											: ''
									}` }
									data-colname={ column.label }
								>
									{ row.cells[ column.key ] }
								</td>
							)
						) }
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

/** Core's pagination links under a list table ("12 items « ‹ 1 of 3 › »"). */
export function Pagination( {
	page,
	perPage,
	total,
	onPage,
	label,
}: {
	page: number;
	perPage: number;
	total: number;
	onPage: ( page: number ) => void;
	/** What the pages are of, for screen readers ("Skipped users"). */
	label: string;
} ) {
	const pages = Math.max( 1, Math.ceil( total / perPage ) );
	const button = (
		target: number,
		className: string,
		symbol: string,
		text: string
	) =>
		target === page || target < 1 || target > pages ? (
			<span
				className="tablenav-pages-navspan button disabled"
				aria-hidden="true"
			>
				{ symbol }
			</span>
		) : (
			<button
				type="button"
				className={ `${ className } button` }
				onClick={ () => onPage( target ) }
			>
				<span className="screen-reader-text">{ text }</span>
				<span aria-hidden="true">{ symbol }</span>
			</button>
		);
	return (
		<div className="tablenav bottom">
			<nav
				className={ `tablenav-pages${ pages === 1 ? ' one-page' : '' }` }
				aria-label={ label }
			>
				<span className="displaying-num">
					{ sprintf(
						/* translators: %s: number of items. */
						_n( '%s item', '%s items', total, 'users-to-contacts' ),
						total.toLocaleString()
					) }
				</span>
				{ pages > 1 && (
					<span className="pagination-links">
						{ button(
							1,
							'first-page',
							'«',
							__( 'First page', 'users-to-contacts' )
						) }{ ' ' }
						{ button(
							page - 1,
							'prev-page',
							'‹',
							__( 'Previous page', 'users-to-contacts' )
						) }{ ' ' }
						<span className="paging-input">
							<span className="tablenav-paging-text">
								{ sprintf(
									/* translators: 1: current page, 2: number of pages. */
									__( '%1$s of %2$s', 'users-to-contacts' ),
									page.toLocaleString(),
									pages.toLocaleString()
								) }
							</span>
						</span>{ ' ' }
						{ button(
							page + 1,
							'next-page',
							'›',
							__( 'Next page', 'users-to-contacts' )
						) }{ ' ' }
						{ button(
							pages,
							'last-page',
							'»',
							__( 'Last page', 'users-to-contacts' )
						) }
					</span>
				) }
			</nav>
			<br className="clear" />
		</div>
	);
}
