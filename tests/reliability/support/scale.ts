/**
 * Light sizes by default (they fit in `npm test` on a 2-core CI machine); the issue's full
 * sizes with RELIABILITY_FULL=1, which `npm run test:reliability -- --full` sets.
 */
export const FULL = process.env.RELIABILITY_FULL === '1';

/** `light` normally, `full` with RELIABILITY_FULL=1. */
export function scale< T >( light: T, full: T ): T {
	return FULL ? full : light;
}

/** A prefix no other scenario uses, for logins and emails (letters and digits only). */
export function uniquePrefix( name: string ): string {
	return `${ name }${ Date.now().toString( 36 ) }x`;
}

/** Prints a scenario's figures, so the run's log carries them. */
export function report( scenario: string, figures: Record< string, unknown > ) {
	process.stdout.write(
		`[reliability] ${ scenario }: ${ Object.entries( figures )
			.map( ( [ name, value ] ) => `${ name }=${ String( value ) }` )
			.join( ' ' ) }\n`
	);
}
