/**
 * The bench scripts' command line: `--name value` options and `--name` flags.
 */
export const ARGS = process.argv.slice( 2 );

/** The value after `--name`, or `fallback` when it is not given. */
export function option( name, fallback ) {
	const index = ARGS.indexOf( `--${ name }` );
	return index >= 0 ? ARGS[ index + 1 ] : fallback;
}

/** Whether `--name` is given. */
export function flag( name ) {
	return ARGS.includes( `--${ name }` );
}
