/**
 * Schema upgrade under concurrent requests (issue 8): requests that find the schema at version 1
 * at the same moment upgrade it once. Before the upgrade took a lock, two of them ran
 * `ALTER TABLE … ADD COLUMN actor_id` and the second failed: "Duplicate column name".
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql, sqlNumber } from './support/database';
import { siteState } from './support/processes';
import { report } from './support/scale';

const ROUNDS = 4;
const REQUESTS = 8;

/** The schema as version 1 left it: no actor columns, version option 1. */
function backToVersion1(): void {
	sql(
		`ALTER TABLE wp_utc_events DROP COLUMN actor_id;
		 ALTER TABLE wp_utc_contacts DROP COLUMN modified_by;
		 UPDATE wp_options SET option_value = '1' WHERE option_name = 'users_to_contacts_schema_version';`
	);
}

/** What WordPress logged (debug.log) since `offset`. */
function loggedSince( file: string, offset: number ): string {
	let size = 0;
	try {
		size = statSync( file ).size;
	} catch {
		return '';
	}
	if ( size <= offset ) {
		return '';
	}
	const buffer = Buffer.alloc( size - offset );
	const fd = openSync( file, 'r' );
	try {
		readSync( fd, buffer, 0, buffer.length, offset );
	} finally {
		closeSync( fd );
	}
	return buffer.toString( 'utf8' );
}

const columnExists = ( table: string, column: string ) =>
	sql( `SHOW COLUMNS FROM ${ table } LIKE '${ column }'` ).length === 1;

describe( 'schema upgrade', () => {
	it( `from version 1, ${ REQUESTS } requests at once upgrade it once (${ ROUNDS } rounds)`, async () => {
		const state = siteState();
		const log = path.join( state.dir, 'debug.log' );
		const statuses: number[] = [];
		let duplicates = 0;
		let databaseErrors = 0;
		for ( let round = 0; round < ROUNDS; round++ ) {
			backToVersion1();
			let offset = 0;
			try {
				offset = statSync( log ).size;
			} catch {
				// No log yet.
			}
			const answers = await Promise.all(
				Array.from( { length: REQUESTS }, () =>
					fetch( `${ state.url }/?rest_route=/`, {
						signal: AbortSignal.timeout( 60000 ),
					} )
				)
			);
			statuses.push( ...answers.map( ( answer ) => answer.status ) );
			const logged = loggedSince( log, offset );
			duplicates += logged.match( /Duplicate column/g )?.length ?? 0;
			databaseErrors +=
				logged.match( /WordPress database error/g )?.length ?? 0;
			expect( columnExists( 'wp_utc_events', 'actor_id' ) ).toBe( true );
			expect( columnExists( 'wp_utc_contacts', 'modified_by' ) ).toBe(
				true
			);
			expect(
				sqlNumber(
					"SELECT option_value FROM wp_options WHERE option_name = 'users_to_contacts_schema_version'"
				)
			).toBe( 2 );
		}
		report( 'schema upgrade', {
			rounds: ROUNDS,
			requests: REQUESTS,
			duplicateColumnErrors: duplicates,
			databaseErrors,
			non200: statuses.filter( ( status ) => status !== 200 ).length,
		} );
		expect( duplicates ).toBe( 0 );
		expect( databaseErrors ).toBe( 0 );
		expect( statuses.every( ( status ) => status === 200 ) ).toBe( true );
	} );
} );
