/**
 * The sync settings and the field catalogue, typed: mirrors includes/REST/SettingsController.php
 * and includes/REST/FieldsController.php.
 */
import { NAMESPACE } from './index';
import type { Transport } from './transport';
import type { FieldPair, LinkMoment, SyncMode } from '../engine/types';

export type { FieldPair, LinkMoment, SyncMode };

/** GET/PUT /settings. */
export interface Settings {
	sync_mode: SyncMode;
	field_map: FieldPair[];
	link_when: LinkMoment[];
	delete_contact_with_user: boolean;
	delete_user_with_contact: boolean;
	/** R6: match users to existing contacts on any email, confirmed or not. */
	trust_all_emails: boolean;
	remove_data_on_uninstall: boolean;
	/** The contact fields visitors see and edit in My details, in the form's order. */
	visitor_fields: VisitorField[];
}

/** The fields the My details form can show (includes/Contacts/VisitorDetails.php FIELDS). */
export const VISITOR_FIELDS = [
	'first_name',
	'last_name',
	'email',
	'phone',
	'street_address',
	'city',
	'postal_code',
	'country',
] as const;

export type VisitorField = ( typeof VISITOR_FIELDS )[ number ];

export interface UserField {
	key: string;
	label: string;
	/** A WordPress profile field, or a user meta key present on the site. */
	kind: 'core' | 'meta';
}

export interface ContactField {
	key: string;
	label: string;
}

/** GET /fields. */
export interface FieldCatalogue {
	user_fields: UserField[];
	contact_fields: ContactField[];
	/** User fields synchronised whatever the mapping (the email). */
	always_synced: string[];
	/** B11: every user field paired with its same-meaning contact field. */
	default_map: FieldPair[];
}

export async function getSettings( transport: Transport ): Promise< Settings > {
	return (
		await transport.request< Settings >( {
			path: `${ NAMESPACE }/settings`,
		} )
	).data;
}

/**
 * Saves the settings given; the rest stay. Throws an ApiError with the site's message when it
 * refuses them (a field mapped twice, a field that does not exist).
 * @param transport
 * @param changes
 */
export async function saveSettings(
	transport: Transport,
	changes: Partial< Settings >
): Promise< Settings > {
	return (
		await transport.request< Settings >( {
			path: `${ NAMESPACE }/settings`,
			method: 'PUT',
			data: changes,
		} )
	).data;
}

export async function getFieldCatalogue(
	transport: Transport
): Promise< FieldCatalogue > {
	return (
		await transport.request< FieldCatalogue >( {
			path: `${ NAMESPACE }/fields`,
		} )
	).data;
}
