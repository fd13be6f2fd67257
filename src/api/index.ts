/**
 * The plugin's REST API, typed. Every screen and the engine go through these functions.
 */
import type { Transport } from './transport';
import type { Status } from './types';

export const NAMESPACE = '/users-to-contacts/v1';

export async function getStatus( transport: Transport ): Promise< Status > {
	const response = await transport.request< Status >( {
		path: `${ NAMESPACE }/status`,
	} );
	return response.data;
}

export type { Status } from './types';
export type {
	Transport,
	TransportRequest,
	TransportResponse,
} from './transport';
export { ApiError } from './transport';
