/**
 * The notices above the list: what a deletion did (with the locked contacts it skipped, B8),
 * errors, and "Showing the N contacts created by the synchronization of …" (B6), which can be
 * removed to show every contact again. Core's `notice` markup.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Run } from '../../api/runs';
import { siteDateTime } from './format';
import { DEFAULT_STATE } from './listState';
import type { ListState } from './listState';
import { NavLink } from './NavLink';

export interface ListNotice {
	kind: 'success' | 'warning' | 'error' | 'info';
	text: string;
}

export function Notices( { notices }: { notices: ListNotice[] } ) {
	if ( notices.length === 0 ) {
		return null;
	}
	return (
		<div
			className="users-to-contacts-notices"
			tabIndex={ -1 }
			id="users-to-contacts-list-notices"
		>
			{ notices.map( ( notice, index ) => (
				<div
					key={ index }
					className={ `notice notice-${ notice.kind } inline` }
				>
					<p>{ notice.text }</p>
				</div>
			) ) }
		</div>
	);
}

interface RunNoticeProps {
	state: ListState;
	/** The run, null while it loads, 'missing' when the site does not know it. */
	run: Run | null | 'missing';
	/** How many contacts the list finds (with every filter). */
	total: number | null;
	navigate: ( next: ListState ) => void;
}

export function RunNotice( { state, run, total, navigate }: RunNoticeProps ) {
	if ( state.run === null || run === null || total === null ) {
		return null;
	}
	const text =
		run === 'missing'
			? sprintf(
					/* translators: %s: how many contacts are shown. */
					_n(
						'Showing the %s contact created by an earlier synchronization.',
						'Showing the %s contacts created by an earlier synchronization.',
						total,
						'users-to-contacts'
					),
					total.toLocaleString()
				)
			: sprintf(
					/* translators: 1: how many contacts are shown, 2: when the synchronization started. */
					_n(
						'Showing the %1$s contact created by the synchronization of %2$s.',
						'Showing the %1$s contacts created by the synchronization of %2$s.',
						total,
						'users-to-contacts'
					),
					total.toLocaleString(),
					siteDateTime( run.started )
				);
	const withoutRun = { ...state, run: null, paged: 1 };
	const everything = {
		...DEFAULT_STATE,
		orderby: state.orderby,
		order: state.order,
	};
	return (
		<div
			className="notice notice-info is-dismissible inline users-to-contacts-run-notice"
			data-testid="users-to-contacts-run-notice"
		>
			<p>
				{ text }{ ' ' }
				<NavLink to={ everything } navigate={ navigate }>
					{ __( 'Show all contacts', 'users-to-contacts' ) }
				</NavLink>
			</p>
			<button
				type="button"
				className="notice-dismiss"
				onClick={ () => navigate( withoutRun ) }
			>
				<span className="screen-reader-text">
					{ __(
						'Stop showing only these contacts',
						'users-to-contacts'
					) }
				</span>
			</button>
		</div>
	);
}
