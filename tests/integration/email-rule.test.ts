/**
 * One email rule (R1, R8): the engine (src/engine/email.ts) and PHP (includes/Contacts/
 * EmailAddress.php, through /contacts and /bulk/apply) give every corner case of WordPress's
 * is_email() the same verdict, so an address the engine accepts is never one PHP refuses.
 */
import type { ApplyResult } from '../../src/api/sync';
import { checkEmail } from '../../src/engine/email';
import { EMAIL_CORNER_CASES } from '../support/emailCornerCases';
import { rest } from '../support/site';

const NS = '/users-to-contacts/v1';

describe( 'one email rule for the engine and PHP', () => {
	const made: number[] = [];

	afterAll( async () => {
		// Leave no contact behind that another test's user could match.
		for ( const id of made ) {
			await rest( `${ NS }/contacts/${ id }`, { method: 'DELETE' } );
		}
	} );

	it( 'the engine, POST /contacts and /bulk/apply give each corner case the same verdict', async () => {
		const owner = await rest< { id: number } >( `${ NS }/contacts`, {
			method: 'POST',
			body: { first_name: 'Holder of the valid corner cases' },
		} );
		expect( owner.status ).toBe( 201 );
		made.push( owner.body.id );

		const verdicts: Array< {
			email: string;
			expected: boolean;
			engine: boolean;
			contacts: boolean;
			bulk: boolean;
		} > = [];
		const bulk = await rest< ApplyResult >( `${ NS }/bulk/apply`, {
			method: 'POST',
			body: {
				operations: EMAIL_CORNER_CASES.map( ( [ email ] ) => ( {
					kind: 'update_contact',
					contact_id: owner.body.id,
					add_emails: [ email ],
				} ) ),
			},
		} );
		expect( bulk.status ).toBe( 200 );
		for ( const [
			index,
			[ email, expected ],
		] of EMAIL_CORNER_CASES.entries() ) {
			const created = await rest< { id: number } >( `${ NS }/contacts`, {
				method: 'POST',
				body: { email },
			} );
			if ( created.status === 201 ) {
				made.push( created.body.id );
			}
			verdicts.push( {
				email,
				expected,
				engine: checkEmail( email ).ok,
				contacts: created.status === 201,
				bulk: bulk.body.results[ index ]?.status !== 'refused',
			} );
		}
		expect(
			verdicts.filter(
				( verdict ) =>
					verdict.engine !== verdict.expected ||
					verdict.contacts !== verdict.expected ||
					verdict.bulk !== verdict.expected
			)
		).toEqual( [] );
	} );
} );
