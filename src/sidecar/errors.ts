/**
 * Failures explained in terms of what the person can fix.
 */
import { SiteUnavailableError } from '../api/retry';
import type { RetryNotice, TransientKind } from '../api/retry';
import { ApiError } from '../api/transport';

/** Why a request got no answer, in words (Node's fetch says only "fetch failed"). */
export function networkReason( error: unknown ): string {
	const cause = (
		error as { cause?: { code?: unknown; message?: unknown } } | null
	 )?.cause;
	if ( cause?.message === 'bad port' ) {
		return "that port is one fetch refuses to use; use the site's usual port";
	}
	switch ( cause?.code ) {
		case 'ECONNREFUSED':
			return 'nothing answers at that address (connection refused)';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name is unknown';
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return 'the connection timed out';
		default:
			return error instanceof Error ? error.message : String( error );
	}
}

/** "0.4 s", "45 s", "10 min": how long, as people say it. */
export function duration( ms: number ): string {
	if ( ms < 10000 ) {
		return `${ ( ms / 1000 ).toFixed( 1 ) } s`;
	}
	if ( ms < 120000 ) {
		return `${ Math.round( ms / 1000 ) } s`;
	}
	return `${ Math.round( ms / 60000 ) } min`;
}

/** What an outage looks like from here, in words. */
export function describeOutage(
	kind: TransientKind,
	error: unknown,
	siteUrl: string
): string {
	const answer =
		error instanceof ApiError
			? `HTTP ${ error.status }: ${ error.message }`
			: '';
	switch ( kind ) {
		case 'database':
			return `The site's database is not answering (${ answer })`;
		case 'server':
			return `${ siteUrl } cannot answer for now (${ answer })`;
		default:
			return `Could not reach ${ siteUrl }: ${ networkReason( error ) }`;
	}
}

/** One retry while the site is down: why, and when the next attempt comes. */
export function retryMessage( notice: RetryNotice, siteUrl: string ): string {
	return (
		`${ describeOutage( notice.kind, notice.error, siteUrl ) }; retrying in ${ duration(
			notice.delayMs
		) }` +
		( notice.retries === 1
			? `, for up to ${ duration( notice.maxWaitMs ) }.`
			: '.' )
	);
}

/** Explains a failed request in terms of what the person can fix. */
export function explainFailure( error: unknown, siteUrl: string ): string {
	if ( error instanceof SiteUnavailableError ) {
		const outage = describeOutage( error.kind, error.cause, siteUrl );
		return error.stopped
			? `Stopped while waiting for the site. ${ outage }.`
			: `Gave up after waiting ${ duration( error.waitedMs ) } (${ error.retries } retries). ${ outage }.`;
	}
	if ( error instanceof ApiError ) {
		if ( error.code === 'users_to_contacts_redirect_loop' ) {
			return `${ siteUrl } answers with redirects instead of the REST API. ${ error.message }`;
		}
		if ( error.code === 'rest_no_route' ) {
			return `${ siteUrl } answered, but Users to Contacts is not active there.`;
		}
		if ( error.status === 401 ) {
			return `${ siteUrl } refused the user name or application password (${ error.message }).`;
		}
		if ( error.status === 403 ) {
			return `That user may not manage contacts on ${ siteUrl }.`;
		}
		if ( error.code === 'users_to_contacts_unexpected_response' ) {
			return `${ siteUrl } does not look like a WordPress site (HTTP ${ error.status }).`;
		}
		return `${ siteUrl }: ${ error.message } (${ error.code }).`;
	}
	return `Could not reach ${ siteUrl }: ${ networkReason( error ) }.`;
}
