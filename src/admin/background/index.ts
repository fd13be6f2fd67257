/**
 * Entry of the `background` bundle, loaded on every wp-admin page of a person who may manage
 * contacts (includes/Admin/BackgroundProcessing.php): waiting work is processed in the browser
 * while no sidecar runs, and the Contacts screens say how many changes wait.
 */
import domReady from '@wordpress/dom-ready';
import { createApiFetchTransport } from '../../api/apiFetchTransport';
import {
	STATUS_KEY,
	readSharedStatus,
	startBackgroundProcessing,
} from './backgroundRunner';
import type { SharedStorage } from './leader';
import { createWaitingNotice } from './waitingNotice';

function pageStorage(): SharedStorage | null {
	try {
		return window.localStorage;
	} catch {
		// Storage blocked: this tab works on its own.
		return null;
	}
}

// A status older than this is not shown while the first fresh one is on its way.
const FRESH_MS = 35000;

domReady( () => {
	const storage = pageStorage();
	const screen = document.getElementById( 'users-to-contacts-admin' );
	const notice = screen ? createWaitingNotice( screen ) : null;
	const tab = Math.random().toString( 36 ).slice( 2, 10 );
	const start = () =>
		startBackgroundProcessing( {
			transport: createApiFetchTransport(),
			storage,
			tab,
			...( notice ? { onStatus: notice.show } : {} ),
		} );
	let stop = start();
	window.addEventListener( 'pagehide', () => stop() );
	// Back from the back/forward cache: the page lives again, so does its loop.
	window.addEventListener( 'pageshow', ( event ) => {
		if ( event.persisted ) {
			stop = start();
		}
	} );
	if ( notice ) {
		const shared = readSharedStatus( storage );
		if ( shared && Date.now() - shared.at < FRESH_MS ) {
			notice.show( shared );
		}
		// What the leading tab saw, at once.
		window.addEventListener( 'storage', ( event ) => {
			if ( event.key === STATUS_KEY ) {
				const changed = readSharedStatus( storage );
				if ( changed ) {
					notice.show( changed );
				}
			}
		} );
	}
} );
