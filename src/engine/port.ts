/**
 * What the runners need from WordPress (a SyncPort), and the events they are given. All I/O goes
 * through a port, so the same runners work in the browser and in the Node sidecar;
 * src/api/syncPort.ts implements it over REST.
 */
import type { ApplyOperationResult, Operation } from './operations';
import type {
	Candidate,
	ContactRecord,
	EngineSettings,
	LinkState,
	UserRecord,
} from './types';

export type EventType =
	| 'user_registered'
	| 'user_updated'
	| 'user_logged_in'
	| 'user_deleted'
	| 'crm_action'
	| 'contact_updated'
	| 'contact_deleted'
	| 'link_changed'
	| 'email_confirmed'
	| 'sync_requested';

export interface SyncEvent {
	id: number;
	type: EventType;
	user_id: number;
	/** R7: who made it happen; 0 or absent when no one was logged in. */
	actor_id?: number;
	payload: Record< string, unknown >;
}

/** A run's counts: checked = matched + created + skipped; updated counts alongside. */
export interface RunCounts {
	checked: number;
	matched: number;
	created: number;
	skipped: number;
	updated: number;
}

/** The route's answer per operation, indexes counted over everything passed to apply(). */
export interface ApplyOutcome {
	results: ApplyOperationResult[];
}

/** What the runners need from WordPress. */
export interface SyncPort {
	settings: () => Promise< EngineSettings >;
	/** `synchronized`: only users linked with the switch on ("Update all synchronized users"). */
	usersPage: (
		after: number,
		limit: number,
		fields: string[],
		synchronized?: boolean
	) => Promise< {
		users: UserRecord[];
		nextAfter: number | null;
		total: number;
	} >;
	usersByIds: ( ids: number[], fields: string[] ) => Promise< UserRecord[] >;
	/** Contacts holding each email (keys are normalised emails). */
	candidates: ( emails: string[] ) => Promise< Map< string, Candidate[] > >;
	contacts: ( ids: number[] ) => Promise< Map< number, ContactRecord > >;
	links: ( userIds: number[] ) => Promise< Map< number, LinkState > >;
	/** Applies all or nothing; with a run, also records run items and stores the cursor. */
	apply: (
		operations: Operation[],
		runId: number | null,
		cursor?: number
	) => Promise< ApplyOutcome >;
	/**
	 * A site may send, with the events, the settings, the events' users (read with the fields
	 * the settings need) and the candidates for the unlinked users' emails (every email looked
	 * up is a key) in the same request; the runner then does not ask for them again.
	 */
	claimEvents: (
		limit: number,
		leaseSeconds: number
	) => Promise< {
		token: string;
		events: SyncEvent[];
		settings?: EngineSettings;
		users?: UserRecord[];
		candidates?: Map< string, Candidate[] >;
	} >;
	ackEvents: (
		token: string,
		processed: number[],
		/** retry false: a refusal another attempt would only repeat (R7); it stays failed. */
		failed: Array< { id: number; error: string; retry?: boolean } >
	) => Promise< void >;
}
