/**
 * Where the Contacts screens and the user screens are, relative to wp-admin (every Contacts
 * screen is wp-admin/admin.php, so these resolve there).
 */

export function contactsListUrl(): string {
	return 'admin.php?page=users-to-contacts';
}

export function contactEditUrl( id: number ): string {
	return `admin.php?page=users-to-contacts-edit&contact=${ id }`;
}

export function userEditUrl( userId: number ): string {
	return `user-edit.php?user_id=${ userId }`;
}

/** The contact this screen edits (`&contact=<id>`), or null when it adds one. */
export function contactIdFromUrl( search: string ): number | null {
	const id = Number( new URLSearchParams( search ).get( 'contact' ) ?? '' );
	return Number.isInteger( id ) && id > 0 ? id : null;
}
