/**
 * Whether the component is still on the page: an action it started may replace it (a contact
 * that turns locked renders another view), and React 17 reports a state update after that as
 * a console error.
 */
import { useEffect, useRef } from '@wordpress/element';

export function useMounted(): { readonly current: boolean } {
	const mounted = useRef( true );
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[]
	);
	return mounted;
}
