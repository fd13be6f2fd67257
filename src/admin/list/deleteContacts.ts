/**
 * Deleting the contacts an admin picked: each through DELETE /contacts/{id}, the route every
 * delete goes through (lock, link removal, the contact_deleted event of B12), a few at a time.
 * A locked contact (B8: its user is the source) is not sent, and one the site answers locked
 * is skipped the same way; any other refusal is reported with the site's words.
 */
import { deleteContact } from '../../api/contacts';
import type { Contact } from '../../api/contacts';
import { ApiError } from '../../api/transport';
import type { Transport } from '../../api/transport';

export interface DeleteOutcome {
	deleted: Contact[];
	/** Not deleted because they are locked. */
	locked: Contact[];
	/** Not deleted for another reason, with the site's message. */
	failed: Array< { contact: Contact; message: string } >;
}

/** Requests at once: a page of deletions goes quickly without crowding the site. */
const PARALLEL = 4;

export async function deleteContacts(
	transport: Transport,
	contacts: Contact[]
): Promise< DeleteOutcome > {
	const outcome: DeleteOutcome = { deleted: [], locked: [], failed: [] };
	const queue = contacts.filter( ( contact ) => {
		if ( contact.locked ) {
			outcome.locked.push( contact );
		}
		return ! contact.locked;
	} );
	async function worker(): Promise< void > {
		for (
			let contact = queue.shift();
			contact !== undefined;
			contact = queue.shift()
		) {
			try {
				await deleteContact( transport, contact.id );
				outcome.deleted.push( contact );
			} catch ( error ) {
				if (
					error instanceof ApiError &&
					error.code === 'users_to_contacts_contact_locked'
				) {
					outcome.locked.push( contact );
				} else if (
					error instanceof ApiError &&
					error.code === 'users_to_contacts_contact_not_found'
				) {
					// Someone else deleted it meanwhile: it is gone, as asked.
					outcome.deleted.push( contact );
				} else {
					outcome.failed.push( {
						contact,
						message:
							error instanceof Error
								? error.message
								: String( error ),
					} );
				}
			}
		}
	}
	await Promise.all(
		Array.from( { length: Math.min( PARALLEL, queue.length ) }, worker )
	);
	// In the order the admin saw them.
	const order = ( contact: Contact ) => contacts.indexOf( contact );
	outcome.deleted.sort( ( a, b ) => order( a ) - order( b ) );
	outcome.locked.sort( ( a, b ) => order( a ) - order( b ) );
	outcome.failed.sort( ( a, b ) => order( a.contact ) - order( b.contact ) );
	return outcome;
}
