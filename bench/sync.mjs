#!/usr/bin/env node
/**
 * Benchmark: "Synchronize Users to Contacts" over N users (default 100,000) against 0.6 N
 * contacts, on a throwaway site, three ways side by side in one run:
 *
 *   1. the SQL floor: the same linking done set-based inside MariaDB (rolled back);
 *   2. the product: `users-to-contacts sync` (engine + REST bulk routes);
 *   3. a baseline of one request per user (as tools that loop over users do), on a sample.
 *
 * Usage: npm run bench [-- --users 100000 --sample 300 --page-size 5000]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSystemPackages } from '../scripts/lib/system.mjs';
import { ensureBuild, ensureNodeModules } from '../scripts/lib/project.mjs';
import {
	PROJECT_ROOT,
	findFreePort,
	startSite,
	stopSite,
} from '../scripts/lib/site.mjs';

const args = process.argv.slice( 2 );
const option = ( name, fallback ) => {
	const index = args.indexOf( `--${ name }` );
	return index >= 0 ? Number( args[ index + 1 ] ) : fallback;
};
const USERS = option( 'users', 100000 );
const CONTACTS = Math.round( USERS * 0.6 );
const SAMPLE = option( 'sample', 300 );
const PAGE_SIZE = option( 'page-size', 5000 );

function sql( state, statement ) {
	const result = spawnSync(
		'mariadb',
		[
			'--no-defaults',
			`--socket=${ state.socket }`,
			'-uroot',
			'-N',
			'-B',
			'wordpress',
			'-e',
			statement,
		],
		{
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		}
	);
	if ( result.status !== 0 ) {
		throw new Error( `SQL failed: ${ result.stderr }` );
	}
	return result.stdout.trim();
}

function seed( state ) {
	// Users 'bench<n>' with emails bench<n>@example.com; contacts hold the emails of the first 60 %.
	sql(
		state,
		`INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
		 SELECT CONCAT('bench', seq), '', CONCAT('bench', seq), CONCAT('bench', seq, '@example.com'), UTC_TIMESTAMP(), CONCAT('Bench ', seq) FROM seq_1_to_${ USERS };
		 INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
		 SELECT ID, 'wp_capabilities', 'a:1:{s:10:"subscriber";b:1;}' FROM wp_users WHERE user_login LIKE 'bench%';
		 INSERT INTO wp_utc_contacts (type, first_name, display_name, notes, created, modified)
		 SELECT 'individual', CONCAT('Bench ', seq), CONCAT('Bench ', seq), '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_${ CONTACTS };
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		 SELECT id, CONCAT('bench', id, '@example.com'), 1, id FROM wp_utc_contacts;`
	);
}

/** The floor: the whole job as four set-based statements in one transaction, then rolled back. */
function sqlFloor( state ) {
	const output = sql(
		state,
		`SET @t0 = NOW(6);
		 START TRANSACTION;
		 INSERT INTO wp_utc_links (user_id, contact_id, sync_enabled, source, origin, linked_at)
		   SELECT u.ID, e.contact_id, 1, 'user', 'matched', UTC_TIMESTAMP() FROM wp_users u
		   JOIN wp_utc_contact_emails e ON e.email = LOWER(TRIM(u.user_email)) AND e.is_primary = 1;
		 INSERT INTO wp_utc_contacts (type, display_name, notes, created, modified, former_user_id)
		   SELECT 'individual', u.user_email, '', UTC_TIMESTAMP(), UTC_TIMESTAMP(), u.ID FROM wp_users u
		   LEFT JOIN wp_utc_links l ON l.user_id = u.ID WHERE l.user_id IS NULL;
		 INSERT INTO wp_utc_contact_emails (contact_id, email, is_primary, primary_of)
		   SELECT c.id, LOWER(TRIM(u.user_email)), 1, c.id FROM wp_utc_contacts c JOIN wp_users u ON u.ID = c.former_user_id;
		 INSERT INTO wp_utc_links (user_id, contact_id, sync_enabled, source, origin, linked_at)
		   SELECT c.former_user_id, c.id, 1, 'user', 'created', UTC_TIMESTAMP() FROM wp_utc_contacts c WHERE c.former_user_id IS NOT NULL;
		 SELECT TIMESTAMPDIFF(MICROSECOND, @t0, NOW(6));
		 ROLLBACK;`
	);
	return Number( output.split( '\n' ).pop() ) / 1e6;
}

/** Runs the CLI and follows its peak memory (VmHWM) while it runs. */
function runSync( state, extra = [] ) {
	return new Promise( ( resolve, reject ) => {
		const began = process.hrtime.bigint();
		const child = spawn(
			process.execPath,
			[
				path.join( PROJECT_ROOT, 'bin', 'users-to-contacts.js' ),
				'sync',
				'--json',
				'--page-size',
				String( PAGE_SIZE ),
				...extra,
			],
			{
				env: {
					...process.env,
					USERS_TO_CONTACTS_URL: state.url,
					USERS_TO_CONTACTS_USER: state.adminUser,
					USERS_TO_CONTACTS_APP_PASSWORD: state.appPassword,
				},
			}
		);
		let peakKb = 0;
		const sample = setInterval( () => {
			try {
				const status = readFileSync(
					`/proc/${ child.pid }/status`,
					'utf8'
				);
				peakKb = Math.max(
					peakKb,
					Number( /VmHWM:\s+(\d+)/.exec( status )?.[ 1 ] ?? 0 )
				);
			} catch {}
		}, 100 );
		let out = '';
		let err = '';
		child.stdout.on( 'data', ( chunk ) => ( out += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( err += chunk ) );
		child.on( 'close', ( code ) => {
			clearInterval( sample );
			const seconds = Number( process.hrtime.bigint() - began ) / 1e9;
			if ( code !== 0 ) {
				reject(
					new Error(
						`sync failed (${ code }): ${ err.slice( -500 ) }`
					)
				);
				return;
			}
			resolve( {
				seconds,
				peakMb: peakKb / 1024,
				result: JSON.parse( out ),
			} );
		} );
	} );
}

async function trustAllEmails( state ) {
	const auth = Buffer.from(
		`${ state.adminUser }:${ state.appPassword }`
	).toString( 'base64' );
	const response = await fetch(
		`${ state.url }/?rest_route=/users-to-contacts/v1/settings`,
		{
			method: 'POST',
			headers: {
				Authorization: `Basic ${ auth }`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { trust_all_emails: true } ),
		}
	);
	if ( ! response.ok ) {
		throw new Error(
			`/settings: HTTP ${ response.status } ${ await response.text() }`
		);
	}
}

/** One user at a time: read the user, look up their email, apply one operation. */
async function perUserBaseline( state, count ) {
	const auth =
		'Basic ' +
		Buffer.from( `${ state.adminUser }:${ state.appPassword }` ).toString(
			'base64'
		);
	const call = async ( route, init = {} ) => {
		const response = await fetch(
			`${ state.url }/?rest_route=/users-to-contacts/v1${ route }`,
			{
				...init,
				headers: {
					Authorization: auth,
					'Content-Type': 'application/json',
				},
			}
		);
		if ( ! response.ok ) {
			throw new Error(
				`${ route }: HTTP ${ response.status } ${ await response.text() }`
			);
		}
		return response.json();
	};
	const first = Number(
		sql(
			state,
			"SELECT MIN(ID) FROM wp_users WHERE user_login LIKE 'bench%'"
		)
	);
	const began = process.hrtime.bigint();
	for ( let id = first; id < first + count; id++ ) {
		const { users } = await call( `/bulk/users&include=${ id }` );
		const user = users[ 0 ];
		const email = user.email.trim().toLowerCase();
		const { matches } = await call( '/bulk/contacts-by-emails', {
			method: 'POST',
			body: JSON.stringify( { emails: [ email ] } ),
		} );
		const holder = ( matches[ email ] ?? [] )[ 0 ];
		const operation = holder
			? {
					kind: 'link',
					user_id: id,
					contact_id: holder.contact_id,
					origin: 'matched',
				}
			: {
					kind: 'create_and_link',
					user_id: id,
					contact: { type: 'individual', email },
				};
		await call( '/bulk/apply', {
			method: 'POST',
			body: JSON.stringify( { operations: [ operation ] } ),
		} );
	}
	return Number( process.hrtime.bigint() - began ) / 1e9;
}

async function main() {
	ensureSystemPackages();
	ensureNodeModules();
	ensureBuild();
	const dir = mkdtempSync( path.join( os.tmpdir(), 'utc-bench-' ) );
	try {
		const state = await startSite( {
			dir,
			port: await findFreePort(),
			log: () => {},
		} );
		console.log(
			`Seeding ${ USERS.toLocaleString( 'en-US' ) } users and ${ CONTACTS.toLocaleString( 'en-US' ) } contacts…`
		);
		seed( state );
		// The seeded users have no proof of their email (R6), and the tools compared here match
		// on the address alone: measure that behaviour (the "trust all emails" setting).
		await trustAllEmails( state );
		const floor = sqlFloor( state );
		const baseline = await perUserBaseline( state, SAMPLE );
		const first = await runSync( state );
		const second = await runSync( state );
		const rows = [
			[ 'SQL floor (set-based, in MariaDB)', USERS, floor ],
			[
				`one request per user (${ SAMPLE } users, extrapolated)`,
				USERS,
				( baseline / SAMPLE ) * USERS,
			],
			[ 'users-to-contacts sync, first run', USERS, first.seconds ],
			[
				'users-to-contacts sync, second run (no changes)',
				USERS,
				second.seconds,
			],
		];
		console.log( '' );
		console.log(
			`${ 'method'.padEnd( 52 ) } ${ 'seconds'.padStart( 9 ) } ${ 'users/s'.padStart( 9 ) } ${ 'x floor'.padStart( 8 ) }`
		);
		for ( const [ name, users, seconds ] of rows ) {
			console.log(
				`${ name.padEnd( 52 ) } ${ seconds.toFixed( 2 ).padStart( 9 ) } ${ Math.round(
					users / seconds
				)
					.toLocaleString( 'en-US' )
					.padStart(
						9
					) } ${ ( seconds / floor ).toFixed( 1 ).padStart( 8 ) }`
			);
		}
		console.log( '' );
		console.log(
			`sync vs one request per user: ${ ( ( ( baseline / SAMPLE ) * USERS ) / first.seconds ).toFixed( 1 ) }x faster`
		);
		console.log(
			`sidecar peak memory: first run ${ first.peakMb.toFixed( 0 ) } MB, second run ${ second.peakMb.toFixed( 0 ) } MB`
		);
		console.log( `first run summary: ${ first.result.run.summary }` );
		console.log( `second run summary: ${ second.result.run.summary }` );
	} finally {
		await stopSite( dir, () => {} );
		rmSync( dir, { recursive: true, force: true } );
	}
}

main().catch( ( error ) => {
	console.error( error.message );
	process.exitCode = 1;
} );
