/**
 * GET, PUT /users-to-contacts/v1/me: the logged-in person's own contact (My details).
 * Mirrors includes/REST/MeController.php and includes/Contacts/VisitorDetails.php.
 */
import { NAMESPACE } from './index';
import type { Transport } from './transport';
import type { VisitorField } from './settings';

export type { VisitorField };

/** The text fields of My details (every visitor field but the email). */
export type MeTextField = Exclude< VisitorField, 'email' >;

/** The longest value of each field, in characters (ContactsRepository::TEXT_COLUMNS, EMAIL_MAX_LENGTH). */
export const VISITOR_FIELD_MAX_LENGTH: Record< VisitorField, number > = {
	first_name: 100,
	last_name: 100,
	email: 254,
	phone: 64,
	street_address: 255,
	city: 100,
	postal_code: 32,
	country: 100,
};

/** GET /me (and the answer to a save). */
export interface Me extends Record< MeTextField, string > {
	user_id: number;
	login: string;
	/** The account's email address. */
	account_email: string;
	/** The contact's primary email; the account's before the person is linked. */
	email: string;
	linked: boolean;
	contact_id: number | null;
	/** Which side leads; null before the person is linked. */
	source: 'user' | 'contact' | null;
	emails: Array< { email: string; primary: boolean } >;
	/** A save waits for the engine to link the person (the answer was 202). */
	pending: boolean;
	/** R6: a contact holds the email; the link waits until the person confirms it. */
	waiting_for_email_confirmation: boolean;
	/** Not linked yet, and saving links (B3). Not linked and false: saving is refused. */
	links_on_save: boolean;
	/** The fields the admin shows visitors, in the form's order. */
	shown_fields: VisitorField[];
	/** Fields that follow the account (the user is the source): changed in the profile. */
	account_fields: VisitorField[];
	/** Fields kept in step with the account while sync is on, whichever side leads. */
	synced_fields: VisitorField[];
	/** Where the person changes their account's details. */
	profile_url: string;
	/** Only in the answer to a save: whether it changed anything. */
	changed?: boolean;
}

export type MeChanges = Partial< Record< VisitorField, string > >;

export interface SavedMe {
	me: Me;
	/** 202: accepted, the engine links the person and stores the details. */
	accepted: boolean;
}

export async function getMe( transport: Transport ): Promise< Me > {
	return ( await transport.request< Me >( { path: `${ NAMESPACE }/me` } ) )
		.data;
}

/**
 * Saves the person's details. Throws an ApiError naming the field (`data.field`, or
 * `data.params` from WordPress's own checks) when the site refuses a value.
 * @param transport
 * @param changes
 */
export async function saveMe(
	transport: Transport,
	changes: MeChanges
): Promise< SavedMe > {
	const response = await transport.request< Me >( {
		path: `${ NAMESPACE }/me`,
		method: 'PUT',
		data: changes,
	} );
	return { me: response.data, accepted: response.status === 202 };
}
