/**
 * A refusal from the site as messages next to the fields: WordPress's own (`rest_invalid_param`,
 * `data.params`) and the plugin's (`data.params` too, or one field in `data.field`). Messages
 * that start with a field's key (`first_name must be…`) start with its label instead.
 */
import { ApiError } from '../../api/transport';

export type FieldErrors< Name extends string > = Partial<
	Record< Name, string >
>;

export function fieldErrorsFrom< Name extends string >(
	error: unknown,
	labels: Record< Name, string >
): FieldErrors< Name > {
	if ( ! ( error instanceof ApiError ) ) {
		return {};
	}
	const data = ( error.data ?? {} ) as {
		params?: Record< string, unknown >;
		field?: unknown;
	};
	const refusals: Array< [ string, string ] > = [];
	if ( data.params && typeof data.params === 'object' ) {
		for ( const [ param, message ] of Object.entries( data.params ) ) {
			refusals.push( [ param, String( message ) ] );
		}
	} else if ( typeof data.field === 'string' ) {
		refusals.push( [ data.field, error.message ] );
	}
	const errors: FieldErrors< Name > = {};
	for ( const [ param, message ] of refusals ) {
		if ( Object.prototype.hasOwnProperty.call( labels, param ) ) {
			const name = param as Name;
			errors[ name ] = message.startsWith( param )
				? labels[ name ] + message.slice( param.length )
				: message;
		}
	}
	return errors;
}
