/**
 * "N items" and the page links, in core's list-table markup (WP_List_Table::pagination), so
 * core's CSS lays them out at every width. The top one has the page number field.
 */
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';
import type { ListState } from './listState';
import { NavLink } from './NavLink';

interface Props {
	which: 'top' | 'bottom';
	state: ListState;
	total: number;
	totalPages: number;
	navigate: ( next: ListState ) => void;
}

export function Pagination( {
	which,
	state,
	total,
	totalPages,
	navigate,
}: Props ) {
	const current = Math.min( state.paged, Math.max( totalPages, 1 ) );
	const [ typed, setTyped ] = useState( String( current ) );
	useEffect( () => setTyped( String( current ) ), [ current ] );

	const go = ( paged: number ) => ( { ...state, paged } );
	let pagesClass = '';
	if ( totalPages === 0 ) {
		pagesClass = ' no-pages';
	} else if ( totalPages === 1 ) {
		pagesClass = ' one-page';
	}

	function link(
		paged: number,
		enabled: boolean,
		className: string,
		label: string,
		symbol: string
	) {
		if ( ! enabled ) {
			return (
				<span
					className="tablenav-pages-navspan button disabled"
					aria-hidden="true"
				>
					{ symbol }
				</span>
			);
		}
		return (
			<NavLink
				className={ `${ className } button` }
				to={ go( paged ) }
				navigate={ navigate }
			>
				<span className="screen-reader-text">{ label }</span>
				<span aria-hidden="true">{ symbol }</span>
			</NavLink>
		);
	}

	// Enter in the page field opens that page, as in core's lists.
	function goToTyped( event: KeyboardEvent< HTMLInputElement > ) {
		if ( event.key !== 'Enter' ) {
			return;
		}
		event.preventDefault();
		const paged = Math.round( Number( typed ) );
		if ( Number.isFinite( paged ) && totalPages > 0 ) {
			navigate( go( Math.min( Math.max( paged, 1 ), totalPages ) ) );
		}
	}

	return (
		<div className={ `tablenav-pages${ pagesClass }` }>
			<span className="displaying-num">
				{ sprintf(
					/* translators: %s: how many contacts the list holds. */
					_n( '%s item', '%s items', total, 'users-to-contacts' ),
					total.toLocaleString()
				) }
			</span>
			<span className="pagination-links">
				{ link(
					1,
					current > 2,
					'first-page',
					__( 'First page', 'users-to-contacts' ),
					'«'
				) }{ ' ' }
				{ link(
					current - 1,
					current > 1,
					'prev-page',
					__( 'Previous page', 'users-to-contacts' ),
					'‹'
				) }{ ' ' }
				{ which === 'top' ? (
					<span className="paging-input">
						<label
							htmlFor="current-page-selector"
							className="screen-reader-text"
						>
							{ __( 'Current Page', 'users-to-contacts' ) }
						</label>
						<input
							className="current-page"
							id="current-page-selector"
							type="text"
							inputMode="numeric"
							value={ typed }
							size={ Math.max( 1, String( totalPages ).length ) }
							aria-describedby="table-paging"
							onChange={ ( event ) =>
								setTyped( event.target.value )
							}
							onKeyDown={ goToTyped }
						/>
						<span className="tablenav-paging-text">
							{ ' ' }
							{ sprintf(
								/* translators: %s: how many pages the list has. */
								__( 'of %s', 'users-to-contacts' ),
								totalPages.toLocaleString()
							) }
						</span>
					</span>
				) : (
					<span id="table-paging" className="paging-input">
						<span className="tablenav-paging-text">
							{ sprintf(
								/* translators: 1: the page shown, 2: how many pages the list has. */
								__( '%1$s of %2$s', 'users-to-contacts' ),
								current.toLocaleString(),
								totalPages.toLocaleString()
							) }
						</span>
					</span>
				) }{ ' ' }
				{ link(
					current + 1,
					current < totalPages,
					'next-page',
					__( 'Next page', 'users-to-contacts' ),
					'›'
				) }{ ' ' }
				{ link(
					totalPages,
					current < totalPages - 1,
					'last-page',
					__( 'Last page', 'users-to-contacts' ),
					'»'
				) }
			</span>
		</div>
	);
}
