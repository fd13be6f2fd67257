/**
 * Waiting work in the browser (src/admin/background): one tab at a time asks the site, processes
 * waiting events only while no sidecar runs, and the Contacts screens' words for it.
 */
import type { RunnerStatus } from '../../src/api/runnerStatus';
import type {
	Transport,
	TransportRequest,
	TransportResponse,
} from '../../src/api/transport';
import {
	STATUS_KEY,
	startBackgroundProcessing,
} from '../../src/admin/background/backgroundRunner';
import type { SharedStatus } from '../../src/admin/background/backgroundRunner';
import {
	LEASE_KEY,
	holdLease,
	releaseLease,
} from '../../src/admin/background/leader';
import type { SharedStorage } from '../../src/admin/background/leader';
import { runnerMessage } from '../../src/admin/background/messages';

function memoryStorage(): SharedStorage & { items: Map< string, string > } {
	const items = new Map< string, string >();
	return {
		items,
		getItem: ( key ) => items.get( key ) ?? null,
		setItem: ( key, value ) => void items.set( key, value ),
		removeItem: ( key ) => void items.delete( key ),
	};
}

/** A site that answers the runner-status, heartbeat and claim routes, and counts the calls. */
function fakeSite( status: RunnerStatus ) {
	const calls: string[] = [];
	const transport: Transport = {
		async request< T >(
			request: TransportRequest
		): Promise< TransportResponse< T > > {
			const route = request.path.replace( '/users-to-contacts/v1/', '' );
			calls.push( route );
			let data: unknown = {};
			if ( route === 'runner-status' ) {
				data = status;
			} else if ( route === 'events/claim' ) {
				data = {
					claim_token: 'a'.repeat( 32 ),
					lease_until: null,
					events: [],
				};
			}
			return { data: data as T, status: 200, headers: {} };
		},
	};
	return { transport, calls, status };
}

/** Timers run by hand: each run() fires what is due (the loop schedules one at a time). */
function manualClock() {
	let time = 1_000_000;
	let pending: Array< { at: number; callback: () => void } > = [];
	return {
		now: () => time,
		setTimer: ( callback: () => void, ms: number ) =>
			void pending.push( { at: time + ms, callback } ),
		/** Moves the clock to the next timer, fires it and lets its requests settle. */
		async next() {
			const due = pending.sort( ( a, b ) => a.at - b.at )[ 0 ];
			if ( ! due ) {
				throw new Error( 'nothing scheduled' );
			}
			pending = pending.filter( ( item ) => item !== due );
			time = Math.max( time, due.at );
			due.callback();
			for ( let i = 0; i < 20; i++ ) {
				await Promise.resolve();
			}
			await new Promise( ( resolve ) => setImmediate( resolve ) );
		},
		advance: ( ms: number ) => void ( time += ms ),
	};
}

const IDLE: RunnerStatus = {
	pending: 0,
	failed: 0,
	sidecar_alive: false,
	sidecar_seconds_ago: null,
};

describe( 'the lease: one tab at a time', () => {
	it( 'goes to the first tab, is renewed by it, and refused to others until it expires', () => {
		const storage = memoryStorage();
		expect( holdLease( storage, 'a', 0, 15000 ) ).toBe( true );
		expect( holdLease( storage, 'b', 1000, 15000 ) ).toBe( false );
		expect( holdLease( storage, 'a', 10000, 15000 ) ).toBe( true );
		expect( holdLease( storage, 'b', 20000, 15000 ) ).toBe( false );
		expect( holdLease( storage, 'b', 25001, 15000 ) ).toBe( true );
	} );

	it( 'is given up by a closing tab, so another takes over at once', () => {
		const storage = memoryStorage();
		holdLease( storage, 'a', 0, 15000 );
		releaseLease( storage, 'b' );
		expect( storage.items.has( LEASE_KEY ) ).toBe( true );
		releaseLease( storage, 'a' );
		expect( holdLease( storage, 'b', 1, 15000 ) ).toBe( true );
	} );

	it( 'leaves each tab on its own when storage is blocked or broken', () => {
		expect( holdLease( null, 'a', 0, 15000 ) ).toBe( true );
		const broken = memoryStorage();
		broken.items.set( LEASE_KEY, '{not json' );
		expect( holdLease( broken, 'a', 0, 15000 ) ).toBe( true );
	} );
} );

describe( 'background processing', () => {
	it( 'processes waiting events while no sidecar runs, and publishes what it saw', async () => {
		const storage = memoryStorage();
		const clock = manualClock();
		const site = fakeSite( { ...IDLE, pending: 3 } );
		const seen: SharedStatus[] = [];
		const stop = startBackgroundProcessing( {
			transport: site.transport,
			storage,
			tab: 'a',
			setTimer: clock.setTimer,
			now: clock.now,
			onStatus: ( shared ) => seen.push( shared ),
		} );
		await clock.next();
		expect( site.calls ).toEqual( [
			'runner-status',
			'events/heartbeat',
			'events/claim',
			'runner-status',
		] );
		expect( seen.map( ( shared ) => shared.processing ) ).toEqual( [
			false,
			true,
			false,
		] );
		expect(
			JSON.parse( storage.items.get( STATUS_KEY ) ?? '{}' ).status.pending
		).toBe( 3 );
		stop();
		expect( storage.items.has( LEASE_KEY ) ).toBe( false );
	} );

	it( 'asks once every few seconds and claims nothing while a sidecar runs', async () => {
		const clock = manualClock();
		const site = fakeSite( {
			...IDLE,
			pending: 5,
			sidecar_alive: true,
			sidecar_seconds_ago: 3,
		} );
		startBackgroundProcessing( {
			transport: site.transport,
			storage: memoryStorage(),
			tab: 'a',
			setTimer: clock.setTimer,
			now: clock.now,
			intervalMs: 5000,
			sidecarIntervalMs: 30000,
		} );
		// Ticks every 5 s for a minute: with a sidecar, one status request per 30 s.
		for ( let tick = 0; tick < 13; tick++ ) {
			await clock.next();
		}
		expect( site.calls ).toEqual( [
			'runner-status',
			'runner-status',
			'runner-status',
		] );

		// The sidecar stops: within the next half minute the browser takes the events on.
		site.status.sidecar_alive = false;
		for ( let tick = 0; tick < 7; tick++ ) {
			await clock.next();
		}
		expect( site.calls ).toContain( 'events/claim' );
	} );

	it( 'sends nothing from a tab while another one leads', async () => {
		const storage = memoryStorage();
		const clock = manualClock();
		holdLease( storage, 'other', clock.now(), 60000 );
		storage.setItem(
			STATUS_KEY,
			JSON.stringify( {
				status: { ...IDLE, pending: 2 },
				at: clock.now(),
				processing: true,
			} )
		);
		const site = fakeSite( { ...IDLE, pending: 2 } );
		const seen: SharedStatus[] = [];
		startBackgroundProcessing( {
			transport: site.transport,
			storage,
			tab: 'a',
			setTimer: clock.setTimer,
			now: clock.now,
			onStatus: ( shared ) => seen.push( shared ),
		} );
		for ( let tick = 0; tick < 5; tick++ ) {
			await clock.next();
		}
		expect( site.calls ).toEqual( [] );
		// It shows what the leading tab saw.
		expect( seen[ 0 ]?.status.pending ).toBe( 2 );
	} );

	it( 'waits out the interval when a page opens right after another asked', async () => {
		const storage = memoryStorage();
		const clock = manualClock();
		storage.setItem(
			STATUS_KEY,
			JSON.stringify( {
				status: IDLE,
				at: clock.now() - 2000,
				processing: false,
			} )
		);
		const site = fakeSite( IDLE );
		startBackgroundProcessing( {
			transport: site.transport,
			storage,
			tab: 'a',
			setTimer: clock.setTimer,
			now: clock.now,
			intervalMs: 5000,
		} );
		const began = clock.now();
		await clock.next();
		expect( clock.now() - began ).toBe( 3000 );
		expect( site.calls ).toEqual( [ 'runner-status' ] );
	} );
} );

describe( 'what the Contacts screens say', () => {
	it( 'says automatic linking runs, and when it was last heard from', () => {
		expect(
			runnerMessage(
				{ ...IDLE, sidecar_alive: true, sidecar_seconds_ago: 4 },
				1,
				false
			)
		).toMatchObject( {
			level: 'success',
			lines: [ 'Automatic linking is running (checked 5 seconds ago).' ],
			announcement: 'Automatic linking is running.',
		} );
		expect(
			runnerMessage(
				{ ...IDLE, sidecar_alive: true, sidecar_seconds_ago: 1 },
				0,
				false
			).lines[ 0 ]
		).toBe( 'Automatic linking is running (checked 1 second ago).' );
	} );

	it( 'says how many changes wait and that this page processes them', () => {
		expect(
			runnerMessage( { ...IDLE, pending: 3 }, 0, false ).lines
		).toEqual( [
			'Automatic linking is not running: 3 user changes are waiting.',
			'They are processed while this page is open.',
		] );
		expect(
			runnerMessage( { ...IDLE, pending: 1, failed: 2 }, 0, true ).lines
		).toEqual( [
			'Automatic linking is not running: 1 user change is waiting.',
			'Processing it in this browser now…',
			'2 user changes could not be processed.',
		] );
	} );

	it( 'says nothing waits, in plain words', () => {
		const message = runnerMessage( IDLE, 0, false );
		expect( message.level ).toBe( 'info' );
		expect( message.lines.join( ' ' ) ).not.toMatch( /sidecar|event/i );
	} );
} );
