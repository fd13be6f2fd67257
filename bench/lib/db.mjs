/**
 * SQL against the bench site's MariaDB through the `mariadb` client (its socket, as root).
 */
import { execFile, spawnSync } from 'node:child_process';

function clientArgs( state, statement ) {
	return [
		'--no-defaults',
		`--socket=${ state.socket }`,
		'-uroot',
		'-N',
		'-B',
		'wordpress',
		'-e',
		statement,
	];
}

/** Runs statements; returns the output of the last one that printed, trimmed. */
export function sql( state, statement ) {
	const result = spawnSync( 'mariadb', clientArgs( state, statement ), {
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`SQL failed: ${ result.stderr }\n${ statement.slice( 0, 400 ) }`
		);
	}
	return result.stdout.trim();
}

/** The same without blocking the event loop (for polling while requests are in flight). */
export function sqlAsync( state, statement ) {
	return new Promise( ( resolve, reject ) => {
		execFile(
			'mariadb',
			clientArgs( state, statement ),
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
			( error, stdout, stderr ) =>
				error
					? reject( new Error( `SQL failed: ${ stderr }` ) )
					: resolve( stdout.trim() )
		);
	} );
}

/** One row of numbers (tab-separated output) as an array. */
export function numbers( state, statement ) {
	return sql( state, statement ).split( '\t' ).map( Number );
}

/** Seconds a block of statements takes inside MariaDB (NOW(6) before and after). */
export function timedSql( state, statements ) {
	const output = sql(
		state,
		`SET @bench_t0 = NOW(6); ${ statements } SELECT TIMESTAMPDIFF(MICROSECOND, @bench_t0, NOW(6));`
	);
	return Number( output.split( '\n' ).pop() ) / 1e6;
}
