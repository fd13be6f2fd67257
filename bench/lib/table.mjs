/**
 * The one table: every method at each size, with its ratio to the SQL floor and how many
 * times faster it is than each baseline model, all from the same run; then the targets.
 */
const n = ( value, digits = 0 ) =>
	value === undefined || value === null || Number.isNaN( value )
		? '–'
		: Number( value ).toLocaleString( 'en-US', {
				minimumFractionDigits: digits,
				maximumFractionDigits: digits,
			} );

const times = ( value ) =>
	value >= 100 ? `${ n( value ) }×` : `${ n( value, value >= 10 ? 1 : 2 ) }×`;

export function printTable( results, log = console.log ) {
	const cliAt = ( users ) =>
		results.sizes
			.find( ( size ) => size.users === users )
			?.rows.find( ( row ) => row.key === 'cli' )?.seconds;
	for ( const size of results.sizes ) {
		const by = Object.fromEntries(
			size.rows.map( ( row ) => [ row.key, row ] )
		);
		const floor = by.floor?.seconds;
		log(
			`${ n( size.total ) } users (${ n( Math.round( size.users * 0.6 ) ) } contacts; ${ size.expected.matched } to match, ${ size.expected.created } to create, ${ size.expected.skipped } to skip; database ${ n( size.databaseMb ) } MB)`
		);
		const header = [
			'method'.padEnd( 50 ),
			'seconds'.padStart( 9 ),
			'users/s'.padStart( 9 ),
			'× floor'.padStart( 8 ),
			'vs CiviCRM'.padStart( 11 ),
			'vs importer'.padStart( 12 ),
			'vs 1/user'.padStart( 10 ),
			'requests'.padStart( 9 ),
			'PHP MB'.padStart( 7 ),
			'Node/JS MB'.padStart( 11 ),
			'check'.padStart( 7 ),
		];
		log( header.join( ' ' ) );
		for ( const row of size.rows ) {
			const faster = ( key ) =>
				by[ key ] && row.key !== key && row.users === size.total
					? times( by[ key ].seconds / row.seconds )
					: '';
			const client = row.heapPeakMb ?? row.nodePeakMb;
			let label = row.label;
			if ( row.measuredUsers < row.users ) {
				label += ` [${ n( row.measuredUsers ) } measured]`;
			} else if ( row.users !== size.total ) {
				label += ` [${ n( row.users ) } linked]`;
			}
			log(
				[
					label.padEnd( 50 ),
					n( row.seconds, 2 ).padStart( 9 ),
					n( row.users / row.seconds ).padStart( 9 ),
					( row.users === size.total && floor
						? times( row.seconds / floor )
						: ''
					).padStart( 8 ),
					faster( 'civicrm' ).padStart( 11 ),
					faster( 'importer' ).padStart( 12 ),
					faster( 'peruser' ).padStart( 10 ),
					( row.key === 'floor' ? '' : n( row.requests ) ).padStart(
						9
					),
					( row.key === 'floor'
						? ''
						: n( row.phpPeakMb, 1 )
					).padStart( 7 ),
					( client
						? `${ n( client ) }${ row.heapPeakMb ? ' JS' : '' }`
						: ''
					).padStart( 11 ),
					row.check.padStart( 7 ),
				].join( ' ' )
			);
		}
		if ( by.civicrm ) {
			log(
				`  CiviCRM model: ${ n( by.civicrm.measuredUsers ) } users in ${ n( by.civicrm.measuredSeconds, 1 ) } s in one request; at this rate its 300 s cap ends the run after about ${ n(
					( 300 * by.civicrm.measuredUsers ) /
						by.civicrm.measuredSeconds
				) } users (CiviCRM's real tool is reported to fail near 10,000 users, under 35 users/s).`
			);
		}
		log( '  Targets:' );
		const target = ( text, met ) =>
			log( `    ${ met ? 'met    ' : 'NOT met' }  ${ text }` );
		if ( by.cli && floor ) {
			target(
				`CLI ≤ 5× the SQL floor: ${ times( by.cli.seconds / floor ) }`,
				by.cli.seconds <= 5 * floor
			);
		}
		if ( by.browser && by.cli ) {
			target(
				`browser ≤ 1.5× the CLI: ${ times( by.browser.seconds / by.cli.seconds ) }`,
				by.browser.seconds <= 1.5 * by.cli.seconds
			);
		}
		for ( const key of [ 'cli', 'browser' ] ) {
			if ( by[ key ] && by.civicrm ) {
				target(
					`${ key } ≥ 10× the CiviCRM model's users/s: ${ times( by.civicrm.seconds / by[ key ].seconds ) }`,
					by.civicrm.seconds >= 10 * by[ key ].seconds
				);
			}
			if ( by[ key ] && by.peruser ) {
				target(
					`${ key } ≥ 500× one request per user: ${ times( by.peruser.seconds / by[ key ].seconds ) }`,
					by.peruser.seconds >= 500 * by[ key ].seconds
				);
			}
		}
		const phpPeak = Math.max(
			...size.rows
				.filter(
					( row ) =>
						! [ 'floor', 'civicrm', 'importer' ].includes( row.key )
				)
				.map( ( row ) => row.phpPeakMb ?? 0 )
		);
		target(
			`PHP ≤ 64 MB per request (ours): ${ n( phpPeak, 1 ) } MB`,
			phpPeak <= 64
		);
		const nodePeak = Math.max(
			...size.rows
				.filter(
					( row ) =>
						row.key.startsWith( 'cli' ) ||
						row.key === 'mapped' ||
						row.key === 'resync'
				)
				.map( ( row ) => row.nodePeakMb ?? 0 )
		);
		target( `Node ≤ 150 MB: ${ n( nodePeak ) } MB`, nodePeak <= 150 );
		if ( by.browser ) {
			target(
				`browser JS heap ≤ 100 MB: ${ n( by.browser.heapPeakMb ) } MB`,
				by.browser.heapPeakMb <= 100
			);
		}
		// Scaling, when the run has both sizes: ten times the users in at most 12 times the time.
		const tenth = cliAt( size.users / 10 );
		if ( by.cli && tenth ) {
			target(
				`CLI ≤ 12× its time at ${ n( size.users / 10 ) } users: ${ times( by.cli.seconds / tenth ) }`,
				by.cli.seconds <= 12 * tenth
			);
		}
		log( '' );
	}
	const rt = results.realtime;
	if ( rt ) {
		log( 'Real time' );
		log(
			`  registration through wp-login.php: median ${ n( rt.registration.activeMedianMs, 1 ) } ms with the plugin, ${ n( rt.registration.inactiveMedianMs, 1 ) } ms without: ${ n( rt.registration.ratio, 3 ) }× (target ≤ 1.05: ${ rt.registration.ratio <= 1.05 ? 'met' : 'NOT met' })`
		);
		log(
			`  watch, ${ rt.watch.rate } registrations/s for ${ rt.watch.seconds } s: ${ rt.watch.linked } of ${ rt.watch.registrations } linked; lag p50 ${ n( rt.watch.p50Ms ) } ms, p95 ${ n( rt.watch.p95Ms ) } ms, p99 ${ n( rt.watch.p99Ms ) } ms (target p95 ≤ 1 s: ${ rt.watch.p95Ms <= 1000 ? 'met' : 'NOT met' })`
		);
	}
	const m = results.machine;
	log(
		`\nMachine: ${ m.cpus } × ${ m.cpu }, ${ m.memoryGb } GB, load ${ m.loadAverage.join( ' ' ) }; Node ${ m.node }, PHP ${ m.php }, ${ m.mariadb }; every commit flushed to disk (innodb_flush_log_at_trx_commit=1, MariaDB's default)`
	);
}
