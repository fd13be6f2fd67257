/**
 * The engine's SyncPort over the REST API: the bulk routes, settings, links and the event outbox.
 * Works with any Transport, so the browser and the sidecar run the same engine.
 */
import type { ApplyOperationResult } from '../engine/operations';
import type { SyncEvent, SyncPort } from '../engine/port';
import type {
	Candidate,
	ContactRecord,
	EngineSettings,
	LinkState,
	UserRecord,
} from '../engine/types';
import { NAMESPACE } from './index';
import type { Transport } from './transport';
import {
	applyOperations,
	getBulkContacts,
	getBulkUsers,
	getContactsByEmails,
} from './bulk';
import type { BulkUser } from './bulk';
import { acknowledgeEvents, claimEvents } from './events';

function toUserRecord( user: BulkUser ): UserRecord {
	const fields: Record< string, string > = {
		first_name: user.first_name,
		last_name: user.last_name,
		display_name: user.display_name,
	};
	for ( const [ key, value ] of Object.entries( user.fields ) ) {
		fields[ key ] = value ?? '';
	}
	return {
		id: user.id,
		login: user.login,
		email: user.email,
		roles: user.roles,
		email_verified: user.email_verified,
		sync_off: user.sync_off,
		fields,
		link: user.link
			? {
					contact_id: user.link.contact_id,
					sync_enabled: user.link.sync_enabled,
					source: user.link.source,
				}
			: null,
	};
}

export interface RestPortOptions {
	/** Emails per contacts-by-emails request, users per page, ids per request. */
	chunkSize?: number;
}

function chunks< T >( items: T[], size: number ): T[][] {
	const result: T[][] = [];
	for ( let index = 0; index < items.length; index += size ) {
		result.push( items.slice( index, index + size ) );
	}
	return result;
}

export function createRestSyncPort(
	transport: Transport,
	options: RestPortOptions = {}
): SyncPort {
	const chunkSize = options.chunkSize ?? 5000;
	return {
		async settings() {
			return (
				await transport.request< EngineSettings >( {
					path: `${ NAMESPACE }/settings`,
				} )
			).data;
		},

		async usersPage( after, limit, fields, synchronized ) {
			const page = await getBulkUsers( transport, {
				after,
				limit,
				fields,
				synchronized: synchronized ?? false,
			} );
			return {
				users: page.users.map( toUserRecord ),
				nextAfter: page.next_after,
				total: page.total ?? 0,
			};
		},

		async usersByIds( ids, fields ) {
			const users: UserRecord[] = [];
			for ( const part of chunks( ids, chunkSize ) ) {
				const page = await getBulkUsers( transport, {
					include: part,
					limit: part.length,
					fields,
				} );
				users.push( ...page.users.map( toUserRecord ) );
			}
			return users;
		},

		async candidates( emails ) {
			const result = new Map< string, Candidate[] >();
			for ( const part of chunks( emails, chunkSize ) ) {
				const { matches } = await getContactsByEmails(
					transport,
					part
				);
				for ( const [ email, found ] of Object.entries( matches ) ) {
					result.set( email, found );
				}
			}
			return result;
		},

		async contacts( ids ) {
			const result = new Map< number, ContactRecord >();
			for ( const part of chunks( [ ...new Set( ids ) ], chunkSize ) ) {
				for ( const contact of await getBulkContacts(
					transport,
					part
				) ) {
					const fields: Record< string, string > = {};
					for ( const [ key, value ] of Object.entries(
						contact.fields
					) ) {
						fields[ key ] = value ?? '';
					}
					result.set( contact.id, {
						id: contact.id,
						email: contact.email,
						emails: contact.emails,
						fields,
						modified_by: contact.modified_by,
					} );
				}
			}
			return result;
		},

		async links( userIds ) {
			const result = new Map< number, LinkState >();
			for ( const part of chunks( [ ...new Set( userIds ) ], 500 ) ) {
				const response = await transport.request<
					Array< LinkState & { user_id: number } >
				>( {
					path: `${ NAMESPACE }/links`,
					query: { include: part.join( ',' ), per_page: part.length },
				} );
				for ( const link of response.data ) {
					result.set( link.user_id, {
						contact_id: link.contact_id,
						sync_enabled: link.sync_enabled,
						source: link.source,
					} );
				}
			}
			return result;
		},

		async apply( operations, runId, cursor ) {
			const results: ApplyOperationResult[] = [];
			let offset = 0;
			for ( const part of chunks( operations, chunkSize ) ) {
				const applied = await applyOperations( transport, {
					...( runId === null ? {} : { run_id: runId } ),
					// The cursor goes with the last chunk, so it only moves once the page is stored.
					...( runId !== null &&
					cursor !== undefined &&
					offset + part.length >= operations.length
						? { cursor }
						: {} ),
					operations: part,
				} );
				results.push(
					...applied.results.map( ( result ) => ( {
						...result,
						index: result.index + offset,
					} ) )
				);
				offset += part.length;
			}
			return { results };
		},

		async claimEvents( limit, leaseSeconds ) {
			const claim = await claimEvents( transport, limit, leaseSeconds );
			const events: SyncEvent[] = claim.events.map( ( event ) => ( {
				id: event.id,
				type: event.type,
				user_id: event.user_id,
				actor_id: event.actor_id,
				payload: event.payload,
			} ) );
			return {
				token: claim.claim_token,
				events,
				...( claim.settings && claim.users
					? {
							settings: claim.settings,
							users: claim.users.map( toUserRecord ),
							...( claim.candidates
								? {
										candidates: new Map(
											Object.entries( claim.candidates )
										),
									}
								: {} ),
						}
					: {} ),
			};
		},

		async ackEvents( token, processed, failed ) {
			if ( processed.length === 0 && failed.length === 0 ) {
				return;
			}
			await acknowledgeEvents( transport, {
				claim_token: token,
				processed,
				failed,
			} );
		},
	};
}
