/**
 * Every fetch() of an integration test process asks the server to close its connection after
 * the answer (jest setupFiles, tests/integration/jest.config.js).
 *
 * Why: the tests block this process in runPhp() and runCli() (spawnSync) for longer than a
 * server keeps an idle connection open (WordPress Playground's Node server: 5 s). A connection
 * kept from before, which the server closed meanwhile, was then reused for the next request,
 * which failed with "fetch failed: other side closed". A process that is never blocked (the CLI)
 * notices such a close in time; this one cannot. With nothing kept, nothing goes stale.
 */
const fetchKeepingConnections = globalThis.fetch;

globalThis.fetch = ( input, init = {} ) => {
	const headers = new Headers(
		init.headers ?? ( input instanceof Request ? input.headers : undefined )
	);
	headers.set( 'Connection', 'close' );
	return fetchKeepingConnections( input, { ...init, headers } );
};
