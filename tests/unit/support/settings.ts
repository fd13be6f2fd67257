/**
 * Engine settings for unit tests: a fresh install's (email only, linking on registration and
 * login, no delete rules, emails not trusted), with what a test changes on top.
 */
import type { EngineSettings } from '../../../src/engine/types';

export function engineSettings(
	changes: Partial< EngineSettings > = {}
): EngineSettings {
	return {
		sync_mode: 'email_only',
		field_map: [],
		link_when: [ 'registration', 'login' ],
		delete_contact_with_user: false,
		delete_user_with_contact: false,
		trust_all_emails: false,
		...changes,
	};
}
