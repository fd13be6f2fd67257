/**
 * The event outbox and the runners' heartbeats, typed: mirrors includes/REST/EventsController.php.
 */
import { NAMESPACE } from './index';
import type { EventType } from '../engine/port';
import type { Candidate, EngineSettings } from '../engine/types';
import type { BulkUser } from './bulk';
import { requestPage } from './transport';
import type { Page, Transport } from './transport';

// Event types are the engine's (src/engine/port.ts), which decides what each one means.
export type { EventType };

export type EventStatus = 'pending' | 'processed' | 'failed';

/** What the hook saw; every field is optional because a CRM action carries its own. */
export interface EventPayload {
	/** The user's email (after the change, for user_updated). */
	email?: string;
	login?: string;
	/** user_updated: the email before the change. */
	old_email?: string;
	/** user_deleted: who gets the user's content, or null. */
	reassign?: number | null;
	/** contact_updated, contact_deleted, link_changed: the contact. */
	contact_id?: number;
	[ key: string ]: unknown;
}

/** A row of the outbox. */
export interface Event {
	id: number;
	type: EventType;
	user_id: number;
	/** R7: who made it happen (the user whose request recorded it); 0 when no one was logged in. */
	actor_id: number;
	payload: EventPayload;
	/** ISO 8601 UTC. */
	created: string;
	/** failed: the last attempt reported an error, or it ran out of attempts (will_retry false). */
	status: EventStatus;
	/** How many times a runner claimed it (at most 10). */
	attempts: number;
	will_retry: boolean;
	error: string | null;
	/** A runner holds it right now. */
	claimed: boolean;
	/** When its lease or retry delay ends; null when it is claimable now or processed. */
	available_at: string | null;
	processed_at: string | null;
}

export interface EventCounts {
	pending: number;
	failed: number;
	processed: number;
}

export interface ClaimResult {
	/** 32 hex characters; acknowledge with it. */
	claim_token: string;
	/** When the lease ends; null when nothing was claimed. */
	lease_until: string | null;
	/** Oldest first. */
	events: Event[];
	/** With events: the settings, as GET /settings gives them (what a runner reads next). */
	settings?: EngineSettings;
	/** With events: their users that still exist, with the fields the field map reads. */
	users?: BulkUser[];
	/** With events: for every valid email of the unlinked users, the contacts holding it. */
	candidates?: Record< string, Candidate[] >;
}

export interface AckRequest {
	claim_token: string;
	processed?: number[];
	/** retry false: a refusal another attempt would only repeat; the event stays failed. */
	failed?: Array< { id: number; error: string; retry?: boolean } >;
}

/** The ids acknowledged; not_held: ids the token does not hold (left unchanged). */
export interface AckResult {
	processed: number[];
	failed: number[];
	not_held: number[];
}

export type RunnerKind = 'sidecar' | 'browser';

export interface Heartbeat {
	runner: string;
	kind: RunnerKind;
	last_seen: string;
	seconds_ago: number;
	/** Heard from within the last 60 seconds, and has not said it stopped. */
	alive: boolean;
	stopped: boolean;
}

export interface EventListQuery {
	status?: EventStatus;
	type?: EventType;
	user_id?: number;
	page?: number;
	per_page?: number;
}

export function listEvents(
	transport: Transport,
	query: EventListQuery = {}
): Promise< Page< Event > > {
	return requestPage< Event >( transport, `${ NAMESPACE }/events`, query );
}

export async function getEventCounts(
	transport: Transport
): Promise< EventCounts > {
	return (
		await transport.request< EventCounts >( {
			path: `${ NAMESPACE }/events/counts`,
		} )
	).data;
}

/** A new claim token: 32 hex characters. */
export function newClaimToken(): string {
	return Array.from(
		crypto.getRandomValues( new Uint8Array( 16 ) ),
		( byte ) => byte.toString( 16 ).padStart( 2, '0' )
	).join( '' );
}

/**
 * Leases up to `limit` (1..1000) events for `leaseSeconds` (5..600) under `token`. The request
 * carries its token, so a retry of a claim whose answer was lost (a transport with retries sends
 * the same request again) gets the events that claim took, not others.
 * @param transport
 * @param limit
 * @param leaseSeconds
 * @param token        From newClaimToken().
 */
export async function claimEvents(
	transport: Transport,
	limit: number,
	leaseSeconds: number,
	token: string = newClaimToken()
): Promise< ClaimResult > {
	return (
		await transport.request< ClaimResult >( {
			path: `${ NAMESPACE }/events/claim`,
			method: 'POST',
			data: { limit, lease_seconds: leaseSeconds, claim_token: token },
		} )
	).data;
}

/**
 * Acknowledges claimed events. Throws an ApiError with code
 * `users_to_contacts_claim_not_held` (409) when the token holds none of them.
 * @param transport
 * @param request
 */
export async function acknowledgeEvents(
	transport: Transport,
	request: AckRequest
): Promise< AckResult > {
	return (
		await transport.request< AckResult >( {
			path: `${ NAMESPACE }/events/ack`,
			method: 'POST',
			data: request,
		} )
	).data;
}

/** Tells the site this runner is alive; `stopping` says goodbye, so it no longer counts. */
export async function sendHeartbeat(
	transport: Transport,
	runner: string,
	kind: RunnerKind,
	stopping = false
): Promise< Heartbeat > {
	return (
		await transport.request< Heartbeat >( {
			path: `${ NAMESPACE }/events/heartbeat`,
			method: 'POST',
			data: { runner, kind, ...( stopping ? { stopping } : {} ) },
		} )
	).data;
}

export async function listRunners(
	transport: Transport
): Promise< Heartbeat[] > {
	return (
		await transport.request< Heartbeat[] >( {
			path: `${ NAMESPACE }/events/heartbeat`,
		} )
	).data;
}
