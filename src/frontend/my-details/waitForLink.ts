/**
 * After a save answered 202 (B3: the engine links the visitor), asks /me until the link is made
 * or the save was handled without one (R6: waiting for the email's confirmation).
 */
import { getMe } from '../../api/me';
import type { Me } from '../../api/me';
import type { Transport } from '../../api/transport';

/** How long the form waits before saying the link will come later. */
export const LINK_WAIT_MS = 60000;
const ASK_EVERY_MS = 1000;

/**
 * The visitor's details once the engine has handled the save, or null when it has not within
 * `timeoutMs` (no runner active) or the form went away.
 * @param transport
 * @param signal
 * @param timeoutMs
 * @param askEveryMs
 */
export async function waitForLink(
	transport: Transport,
	signal: AbortSignal,
	timeoutMs = LINK_WAIT_MS,
	askEveryMs = ASK_EVERY_MS
): Promise< Me | null > {
	const began = Date.now();
	while ( ! signal.aborted && Date.now() - began < timeoutMs ) {
		await new Promise( ( resolve ) => setTimeout( resolve, askEveryMs ) );
		if ( signal.aborted ) {
			return null;
		}
		try {
			const me = await getMe( transport );
			if ( me.linked || ! me.pending ) {
				return me;
			}
		} catch {
			// A failed look is asked again at the next beat.
		}
	}
	return null;
}
