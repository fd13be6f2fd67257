/**
 * A link to another state of the list: a real URL (open in a new tab, copy, reload all work),
 * followed in place with history.pushState on a plain click.
 */
import type { MouseEvent, ReactNode } from 'react';
import { listUrl } from './listState';
import type { ListState } from './listState';

interface Props {
	to: ListState;
	navigate: ( next: ListState ) => void;
	className?: string;
	children: ReactNode;
	'aria-current'?: 'page';
}

export function NavLink( { to, navigate, children, ...rest }: Props ) {
	function follow( event: MouseEvent< HTMLAnchorElement > ) {
		if (
			event.button !== 0 ||
			event.metaKey ||
			event.ctrlKey ||
			event.shiftKey ||
			event.altKey
		) {
			return;
		}
		event.preventDefault();
		navigate( to );
	}
	return (
		<a href={ listUrl( to ) } onClick={ follow } { ...rest }>
			{ children }
		</a>
	);
}
