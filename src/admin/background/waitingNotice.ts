/**
 * The notice on the Contacts screens that says whether automatic linking runs and how many
 * changes wait. Plain DOM with core's notice classes: this bundle loads on every wp-admin page,
 * so it brings no React.
 */
import type { SharedStatus } from './backgroundRunner';
import { runnerMessage } from './messages';

export interface WaitingNotice {
	show: ( shared: SharedStatus ) => void;
}

/** Puts the notice right above the screen's app (under core's heading and notices). */
export function createWaitingNotice(
	before: Element,
	now: () => number = () => Date.now()
): WaitingNotice {
	const notice = document.createElement( 'div' );
	notice.className = 'notice inline users-to-contacts-runner-status';
	notice.hidden = true;
	// Read out when what it says changes; the ticking "seconds ago" is not.
	const live = document.createElement( 'p' );
	live.className = 'screen-reader-text';
	live.setAttribute( 'aria-live', 'polite' );
	notice.appendChild( live );
	const text = document.createElement( 'p' );
	text.setAttribute( 'data-testid', 'users-to-contacts-runner-status' );
	notice.appendChild( text );
	before.parentNode?.insertBefore( notice, before );

	return {
		show( shared ) {
			const message = runnerMessage(
				shared.status,
				Math.max( 0, ( now() - shared.at ) / 1000 ),
				shared.processing
			);
			notice.className = `notice notice-${ message.level } inline users-to-contacts-runner-status`;
			notice.hidden = false;
			text.textContent = message.lines.join( ' ' );
			if ( live.textContent !== message.announcement ) {
				live.textContent = message.announcement;
			}
		},
	};
}
