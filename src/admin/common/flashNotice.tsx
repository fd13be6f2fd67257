/**
 * A notice that survives one page load: a screen that saves and then goes to another screen
 * ("Contact added." on the new contact's edit screen, "Contact deleted." on the list) leaves
 * it here, and the next Contacts screen shows it once, as core's `?updated=1` notices do.
 *
 * Kept in sessionStorage (this tab only) rather than the URL: core's wp_admin_canonical_url()
 * strips `updated`, `message` and the like from the address before scripts can read them.
 */
import { useState } from '@wordpress/element';
import { AdminNotice } from './AdminNotice';
import type { NoticeStatus } from './AdminNotice';

const KEY = 'users-to-contacts-flash-notice';

interface Flash {
	status: NoticeStatus;
	message: string;
}

function isFlash( value: unknown ): value is Flash {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as Flash ).message === 'string' &&
		[ 'success', 'error', 'warning', 'info' ].includes(
			( value as Flash ).status
		)
	);
}

/** Leaves a notice for the next Contacts screen this tab opens. */
export function setFlashNotice( message: string, status: NoticeStatus ) {
	try {
		window.sessionStorage.setItem(
			KEY,
			JSON.stringify( { status, message } )
		);
	} catch {
		// Storage refused (private mode, quota): the notice is only a courtesy.
	}
}

/** The notice left for this screen, removed so it shows once. */
function takeFlashNotice(): Flash | null {
	try {
		const stored = window.sessionStorage.getItem( KEY );
		window.sessionStorage.removeItem( KEY );
		const flash: unknown = stored === null ? null : JSON.parse( stored );
		return isFlash( flash ) ? flash : null;
	} catch {
		return null;
	}
}

/** Shows the notice left by the previous screen, if any, until dismissed. */
export function FlashNotice() {
	const [ flash, setFlash ] = useState< Flash | null >( takeFlashNotice );
	if ( ! flash ) {
		return null;
	}
	return (
		<AdminNotice
			status={ flash.status }
			onDismiss={ () => setFlash( null ) }
		>
			{ flash.message }
		</AdminNotice>
	);
}
