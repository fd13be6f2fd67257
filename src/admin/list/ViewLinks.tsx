/**
 * The views "All (N) | Linked (N) | Not linked (N)" above the list, as core's `subsubsub`.
 * A view keeps the other filters and starts again at page 1.
 */
import { Fragment } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ContactCounts } from '../../api/contacts';
import type { LinkedView, ListState } from './listState';
import { NavLink } from './NavLink';

interface Props {
	state: ListState;
	counts: ContactCounts | null;
	navigate: ( next: ListState ) => void;
}

export function ViewLinks( { state, counts, navigate }: Props ) {
	const views: Array< { view: LinkedView; label: string; count?: number } > =
		[
			{
				view: 'all',
				label: __( 'All', 'users-to-contacts' ),
				...( counts ? { count: counts.all } : {} ),
			},
			{
				view: 'linked',
				label: __( 'Linked', 'users-to-contacts' ),
				...( counts ? { count: counts.linked } : {} ),
			},
			{
				view: 'not_linked',
				label: __( 'Not linked', 'users-to-contacts' ),
				...( counts ? { count: counts.not_linked } : {} ),
			},
		];
	return (
		<>
			<h2 className="screen-reader-text">
				{ __( 'Filter contacts list', 'users-to-contacts' ) }
			</h2>
			<ul className="subsubsub">
				{ views.map( ( { view, label, count }, index ) => {
					const current = state.view === view;
					// Core's items are inline blocks with whitespace between them.
					return (
						<Fragment key={ view }>
							{ index > 0 && ' ' }
							<li className={ view }>
								<NavLink
									to={ { ...state, view, paged: 1 } }
									navigate={ navigate }
									{ ...( current
										? {
												className: 'current',
												'aria-current': 'page' as const,
											}
										: {} ) }
								>
									{ label }{ ' ' }
									{ count !== undefined && (
										<span className="count">
											({ count.toLocaleString() })
										</span>
									) }
								</NavLink>
								{ index < views.length - 1 ? ' |' : '' }
							</li>
						</Fragment>
					);
				} ) }
			</ul>
		</>
	);
}
