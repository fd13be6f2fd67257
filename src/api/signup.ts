/**
 * POST /users-to-contacts/v1/signup: a visitor leaves their name and email without an
 * account. Mirrors includes/REST/SignupController.php.
 */
import { NAMESPACE } from './index';
import type { Transport } from './transport';

export interface SignupRequest {
	first_name: string;
	last_name: string;
	email: string;
	/** The hidden field people never see; anything in it marks a bot. */
	homepage?: string;
}

export interface SignupResult {
	/** The same words whether the address was new, known, or dropped. */
	message: string;
}

export async function signUp(
	transport: Transport,
	request: SignupRequest
): Promise< SignupResult > {
	return (
		await transport.request< SignupResult >( {
			path: `${ NAMESPACE }/signup`,
			method: 'POST',
			data: request,
		} )
	).data;
}
