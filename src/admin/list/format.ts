/**
 * How the list writes a contact's values: names, types and dates in the site's own format and
 * time zone (Settings › General), as core's lists do.
 */
import { dateI18n, getSettings } from '@wordpress/date';
import { __, sprintf } from '@wordpress/i18n';
import type { Contact, ContactType } from '../../api/contacts';

export const TYPE_LABELS: Record< ContactType, string > = {
	individual: __( 'Individual', 'users-to-contacts' ),
	organization: __( 'Organization', 'users-to-contacts' ),
	household: __( 'Household', 'users-to-contacts' ),
};

/** The name a contact is listed under. */
export function contactName( contact: Contact ): string {
	const name =
		contact.display_name.trim() ||
		[ contact.first_name, contact.last_name ].join( ' ' ).trim() ||
		contact.organization_name.trim() ||
		contact.email;
	return name || __( '(no name)', 'users-to-contacts' );
}

/** A stored time (ISO 8601, UTC) as the site writes dates, such as "November 22, 2026". */
export function siteDate( iso: string ): string {
	return dateI18n( getSettings().formats.date, iso );
}

/** A stored time as the site writes times of day, such as "4:26 am". */
export function siteTime( iso: string ): string {
	return dateI18n( getSettings().formats.time, iso );
}

/** A stored time as the site writes dates and times, such as "November 22, 2026 at 4:26 am". */
export function siteDateTime( iso: string ): string {
	const { formats } = getSettings();
	return sprintf(
		/* translators: 1: a date, 2: a time of day. */
		__( '%1$s at %2$s', 'users-to-contacts' ),
		dateI18n( formats.date, iso ),
		dateI18n( formats.time, iso )
	);
}
