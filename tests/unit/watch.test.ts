/**
 * The watch loop: keeps going through failures, stops on its signal.
 */
import { watch } from '../../src/engine/watch';
import type { SyncPort } from '../../src/engine/port';

function portWith( claim: SyncPort[ 'claimEvents' ] ): SyncPort {
	const unused = () => Promise.reject( new Error( 'not used' ) );
	return {
		settings: async () => ( {
			sync_mode: 'email_only',
			field_map: [],
			link_when: [ 'registration' ],
			delete_contact_with_user: false,
			delete_user_with_contact: false,
			trust_all_emails: false,
		} ),
		usersPage: unused,
		usersByIds: async () => [],
		candidates: async () => new Map(),
		contacts: async () => new Map(),
		links: async () => new Map(),
		apply: async () => ( { results: [] } ),
		claimEvents: claim,
		ackEvents: async () => {},
	};
}

describe( 'watch', () => {
	it( 'retries while the site is down, says so, and carries on once it is back', async () => {
		const controller = new AbortController();
		const messages: string[] = [];
		let calls = 0;
		const port = portWith( async () => {
			calls += 1;
			if ( calls === 1 ) {
				throw new Error( 'connect ECONNREFUSED' );
			}
			controller.abort();
			return { token: 't', events: [] };
		} );
		const began = Date.now();
		await watch( port, {
			signal: controller.signal,
			log: ( message ) => messages.push( message ),
		} );
		expect( calls ).toBe( 2 );
		expect( messages[ 0 ] ).toMatch(
			/Cannot process events \(connect ECONNREFUSED\); retrying in 0\.\d s\./
		);
		expect( messages[ 1 ] ).toBe( 'Connected again.' );
		expect( Date.now() - began ).toBeLessThan( 2000 );
	} );

	it( 'stops at once when the signal fires while idle', async () => {
		const controller = new AbortController();
		const port = portWith( async () => ( { token: 't', events: [] } ) );
		setTimeout( () => controller.abort(), 50 );
		const began = Date.now();
		await watch( port, { signal: controller.signal, idleMs: 60000 } );
		expect( Date.now() - began ).toBeLessThan( 1000 );
	} );

	it( 'stops without a retry message when stopped while a request fails', async () => {
		const controller = new AbortController();
		const messages: string[] = [];
		const port = portWith( async () => {
			controller.abort();
			throw new Error( 'Stopped while waiting for the site' );
		} );
		await watch( port, {
			signal: controller.signal,
			log: ( message ) => messages.push( message ),
		} );
		expect( messages ).toEqual( [] );
	} );

	it( 'sends a heartbeat before working', async () => {
		const controller = new AbortController();
		let beats = 0;
		const port = portWith( async () => {
			controller.abort();
			return { token: 't', events: [] };
		} );
		await watch( port, {
			signal: controller.signal,
			heartbeat: async () => {
				beats += 1;
			},
		} );
		expect( beats ).toBe( 1 );
	} );
} );
