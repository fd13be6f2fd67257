/**
 * One tab at a time: a lease in localStorage that the tab doing the background work renews.
 * When that tab closes or stops renewing (a hidden tab's timers slow down), the lease expires
 * and another tab takes over. localStorage has no compare-and-swap, so two tabs may both
 * believe they lead for a moment; that only costs a duplicate request (claims are leased on
 * the server, so no event is processed twice).
 */

/** What the tabs share: the lease, and the last status the leader saw. */
export interface SharedStorage {
	getItem: ( key: string ) => string | null;
	setItem: ( key: string, value: string ) => void;
	removeItem: ( key: string ) => void;
}

export const LEASE_KEY = 'users-to-contacts:background-lease';

interface Lease {
	tab: string;
	/** Milliseconds since the epoch. */
	until: number;
}

function readLease( storage: SharedStorage ): Lease | null {
	try {
		const lease = JSON.parse(
			storage.getItem( LEASE_KEY ) ?? 'null'
		) as Partial< Lease > | null;
		return lease &&
			typeof lease.tab === 'string' &&
			typeof lease.until === 'number'
			? { tab: lease.tab, until: lease.until }
			: null;
	} catch {
		return null;
	}
}

/**
 * Takes or renews the lease for `tab` unless another tab holds an unexpired one. Returns
 * whether `tab` holds it. Storage that refuses (disabled, full) leaves each tab on its own.
 */
export function holdLease(
	storage: SharedStorage | null,
	tab: string,
	now: number,
	leaseMs: number
): boolean {
	if ( ! storage ) {
		return true;
	}
	try {
		const current = readLease( storage );
		if ( current && current.tab !== tab && current.until > now ) {
			return false;
		}
		storage.setItem(
			LEASE_KEY,
			JSON.stringify( { tab, until: now + leaseMs } )
		);
		// Another tab that wrote at the same moment wins if its write landed last.
		return readLease( storage )?.tab === tab;
	} catch {
		return true;
	}
}

/** Gives the lease up (the tab is closing), so another tab takes over at once. */
export function releaseLease( storage: SharedStorage | null, tab: string ) {
	try {
		if ( storage && readLease( storage )?.tab === tab ) {
			storage.removeItem( LEASE_KEY );
		}
	} catch {}
}
