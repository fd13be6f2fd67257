/**
 * Failures explained in terms of what the person can fix.
 */
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

/** Explains a failed request in terms of what the person can fix. */
export function explainFailure( error: unknown, siteUrl: string ): string {
	if ( error instanceof ApiError ) {
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
