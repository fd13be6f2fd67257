/**
 * Scenario 7: a corpus of hostile requests over every route of the plugin (read from the REST
 * index). Every answer is a 4xx, never a 5xx, no answer shows a database error, and the plugin's
 * tables and wp_users / wp_usermeta are exactly as they were.
 */
import { createUser, rest } from '../support/site';
import type { Credentials } from '../support/site';
import { settleEvents, sqlNumber, tablesChecksum } from './support/database';
import { hostileCorpus, hostileReads } from './support/hostileCorpus';
import type { HostileRequest, RouteIndex } from './support/hostileCorpus';
import { siteState } from './support/processes';
import { FULL, report } from './support/scale';

const SELF_SERVICE = new Set( [ '/users-to-contacts/v1/me' ] );
const CONCURRENCY = 4;

interface Answer {
	request: HostileRequest;
	status: number;
	text: string;
}

function authorization(
	request: HostileRequest,
	subscriber: Credentials
): string | undefined {
	const site = siteState();
	const basic = ( user: string, password: string ) =>
		'Basic ' +
		Buffer.from( `${ user }:${ password }` ).toString( 'base64' );
	switch ( request.who ) {
		case 'admin':
			return basic( site.adminUser, site.appPassword );
		case 'subscriber':
			return basic( subscriber.user, subscriber.password );
		case 'bad-auth':
			return 'Basic !!!not-base64' + "' OR 1=1 --";
		default:
			return undefined;
	}
}

async function send(
	request: HostileRequest,
	subscriber: Credentials
): Promise< Answer > {
	const site = siteState();
	const query = request.query
		? '&' + new URLSearchParams( request.query ).toString()
		: '';
	const headers: Record< string, string > = { Accept: 'application/json' };
	const auth = authorization( request, subscriber );
	if ( auth ) {
		headers.Authorization = auth;
	}
	if ( request.rawBody !== undefined ) {
		headers[ 'Content-Type' ] = request.contentType ?? 'application/json';
	}
	try {
		const response = await fetch(
			`${ site.url }/?rest_route=${ encodeURIComponent( request.path ) }${ query }`,
			{ method: request.method, headers, body: request.rawBody ?? null }
		);
		return {
			request,
			status: response.status,
			text: await response.text(),
		};
	} catch ( error ) {
		// No answer at all (the connection was closed): counted as wrong, with the reason.
		return {
			request,
			status: 0,
			text: String( ( error as Error ).cause ?? error ),
		};
	}
}

async function sendAll(
	requests: HostileRequest[],
	subscriber: Credentials
): Promise< Answer[] > {
	const answers: Answer[] = [];
	let next = 0;
	await Promise.all(
		Array.from( { length: CONCURRENCY }, async () => {
			while ( next < requests.length ) {
				const request = requests[ next++ ] as HostileRequest;
				answers.push( await send( request, subscriber ) );
			}
		} )
	);
	return answers;
}

const describeAnswer = ( answer: Answer ) =>
	`${ answer.request.who } ${ answer.request.method } ${ answer.request.path } (${ answer.request.name }): ${ answer.status } ${ answer.text.slice( 0, 160 ) }`;

/** What a database error looks like in an answer (it must never reach a client). */
const DATABASE_ERROR =
	/WordPress database error|SQL syntax|mysqli|Error establishing/i;

describe( 'hostile requests over every route', () => {
	let corpus: HostileRequest[];
	let subscriber: Credentials;
	let before: Record< string, string >;

	beforeAll( async () => {
		const index = await rest< RouteIndex >( '/users-to-contacts/v1' );
		expect( index.status ).toBe( 200 );
		// Real items, so that a bad argument is what gets refused, not a missing item.
		const contact = await rest< { id: number } >(
			'/users-to-contacts/v1/contacts',
			{
				method: 'POST',
				body: {
					type: 'individual',
					first_name: 'Hostile',
					email: `hostile${ Date.now() }@example.com`,
				},
			}
		);
		const created = await createUser( 'subscriber' );
		subscriber = created.credentials;
		// A finished run (cancelled at once, so it never holds up a later sync).
		const run = await rest< { id: number } >(
			'/users-to-contacts/v1/runs',
			{
				method: 'POST',
				body: { kind: 'sync_users' },
			}
		);
		if ( run.status === 201 ) {
			await rest( `/users-to-contacts/v1/runs/${ run.body.id }`, {
				method: 'PATCH',
				body: { status: 'cancelled' },
			} );
		}
		const everything = hostileCorpus(
			index.body,
			{
				contactId: contact.body.id,
				userId: created.id,
				runId: sqlNumber( 'SELECT MAX( id ) FROM wp_utc_runs' ),
			},
			SELF_SERVICE
		);
		// Light: every route-level request and one in four per-argument ones, rotating so that
		// every kind of bad value still shows up.
		corpus = FULL
			? everything
			: everything.filter(
					( request, position ) =>
						! request.perArgument || position % 4 === 0
				);
		// No event waits (a claim in the corpus would take it).
		settleEvents();
		// Each password's first use of the day is recorded on the user: do it before the checksum.
		await rest( '/users-to-contacts/v1/me', { auth: subscriber } );
		await rest( '/users-to-contacts/v1/status' );
		before = tablesChecksum();
	} );

	it( 'has at least 300 requests and reaches every route', () => {
		expect( corpus.length ).toBeGreaterThanOrEqual( 300 );
		const routes = new Set(
			corpus.map( ( request ) =>
				request.path.replace( /\/[^/]*\d[^/]*(?=\/|$)/g, '/{id}' )
			)
		);
		expect( routes.size ).toBeGreaterThanOrEqual( 20 );
	} );

	it( 'answers every one with a 4xx, never a 5xx or a database error, and changes nothing', async () => {
		const began = Date.now();
		const answers = await sendAll( corpus, subscriber );
		const seconds = ( Date.now() - began ) / 1000;
		const wrong = answers.filter(
			( answer ) =>
				answer.status < 400 ||
				answer.status > 499 ||
				DATABASE_ERROR.test( answer.text )
		);
		const byStatus: Record< string, number > = {};
		answers.forEach(
			( answer ) =>
				( byStatus[ answer.status ] =
					( byStatus[ answer.status ] ?? 0 ) + 1 )
		);
		report( 'hostile requests', {
			requests: answers.length,
			statuses: JSON.stringify( byStatus ),
			wrong: wrong.length,
			seconds: seconds.toFixed( 1 ),
		} );
		expect( wrong.map( describeAnswer ) ).toEqual( [] );
		expect( tablesChecksum() ).toEqual( before );
	} );

	it( 'answers reads carrying SQL and HTML in free text without an error, and changes nothing', async () => {
		const answers = await sendAll( hostileReads(), subscriber );
		const wrong = answers.filter(
			( answer ) =>
				answer.status >= 500 || DATABASE_ERROR.test( answer.text )
		);
		expect( wrong.map( describeAnswer ) ).toEqual( [] );
		expect( tablesChecksum() ).toEqual( before );
	} );
} );
