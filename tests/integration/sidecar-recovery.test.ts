/**
 * watch keeps going while WordPress cannot be reached, and catches up once it can: events wait,
 * nothing is lost. The site is "down" behind a port where nothing listens, then a TCP relay to
 * the real site opens on that port.
 */
import net from 'node:net';
import { rest, testSite } from '../support/site';
import { eventually, registerThroughForm } from '../support/people';
import { startWatch } from '../support/sidecar';

function freePort(): Promise< number > {
	return new Promise( ( resolve ) => {
		const server = net.createServer();
		server.listen( 0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close( () => resolve( port ) );
		} );
	} );
}

/** Relays every connection on `port` to the test site. */
function relay( port: number, target: number ): Promise< net.Server > {
	const server = net.createServer( ( inbound ) => {
		const outbound = net.connect( target, '127.0.0.1' );
		inbound.pipe( outbound ).pipe( inbound );
		inbound.on( 'error', () => outbound.destroy() );
		outbound.on( 'error', () => inbound.destroy() );
	} );
	return new Promise( ( resolve ) =>
		server.listen( port, '127.0.0.1', () => resolve( server ) )
	);
}

describe( 'watch while the site is down', () => {
	it( 'retries with backoff, then processes what waited, and stops cleanly on SIGTERM', async () => {
		await rest( '/users-to-contacts/v1/settings', {
			method: 'PATCH',
			body: { link_when: [ 'registration', 'login' ] },
		} );
		const port = await freePort();
		const watcher = await startWatch( {
			url: `http://127.0.0.1:${ port }`,
		} );
		let server: net.Server | undefined;
		try {
			await eventually(
				async () =>
					watcher.output().includes( 'retrying in' )
						? true
						: undefined,
				10000,
				'a retry message'
			);
			expect( watcher.output() ).toContain(
				`Could not reach http://127.0.0.1:${ port }`
			);

			const login = `downtime${ Date.now().toString( 36 ) }`;
			const userId = await registerThroughForm(
				login,
				`${ login }@example.com`
			);

			server = await relay(
				port,
				Number( new URL( testSite().url ).port )
			);
			const { value: link } = await eventually(
				async () => {
					const response = await rest< { contact_id: number } >(
						`/users-to-contacts/v1/links/${ userId }`
					);
					return response.status === 200 ? response.body : undefined;
				},
				20000,
				'linking once the site is back'
			);
			expect( link.contact_id ).toBeGreaterThan( 0 );
			await eventually(
				async () =>
					watcher.output().includes( 'Connected again.' )
						? true
						: undefined,
				5000,
				'saying so'
			);
		} finally {
			const code = await watcher.stop();
			server?.close();
			expect( code ).toBe( 0 );
			expect( watcher.output() ).toContain( 'Stopped.' );
		}
	}, 40000 );
} );
