/**
 * Scenario 3, WordPress restarted under the sidecar: the `php -S` web server is killed (SIGKILL,
 * requests in flight cut) while `watch` runs, and started again a little later. watch keeps
 * retrying, reconnects, and every event is processed exactly once.
 */
import { removeScenario } from './support/database';
import { killWebServer, sleep, startWebServer } from './support/processes';
import { FULL, report, scale, uniquePrefix } from './support/scale';
import { watchThroughFault } from './support/watchThroughFault';

const DOWN_MS = scale( 2000, 5000 );

describe( 'WordPress restarted under the sidecar', () => {
	const prefix = uniquePrefix( 'webrestart' );
	afterAll( () => removeScenario( prefix ) );

	it( `watch reconnects and processes every event once (${
		FULL ? 'killed mid-batch' : 'killed between backlogs'
	})`, async () => {
		const figures = await watchThroughFault( {
			prefix,
			users: scale( 1000, 10000 ),
			midBatch: FULL,
			fault: async () => {
				try {
					await killWebServer();
					await sleep( DOWN_MS );
				} finally {
					await startWebServer();
				}
			},
		} );
		report( 'web restart/watch', { ...figures, downMs: DOWN_MS } );
	} );
} );
