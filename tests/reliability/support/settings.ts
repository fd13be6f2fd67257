/**
 * Settings the scenarios rely on.
 */
import { rest } from '../../support/site';

/**
 * These scenarios test faults, not email ownership (R6): users inserted straight into the
 * database have never confirmed their address, so their matches to existing contacts would wait
 * for a confirmation. Sites that verify addresses elsewhere trust them all; so does this suite.
 * A plugin without the setting trusts every email anyway: it refuses the unknown field, fine.
 */
export async function trustAllEmails(): Promise< void > {
	const answer = await rest< { code?: string } >(
		'/users-to-contacts/v1/settings',
		{ method: 'PATCH', body: { trust_all_emails: true } }
	);
	if (
		answer.status !== 200 &&
		answer.body.code !== 'users_to_contacts_unknown_field'
	) {
		throw new Error(
			`Could not trust all emails: ${ JSON.stringify( answer.body ) }`
		);
	}
}
