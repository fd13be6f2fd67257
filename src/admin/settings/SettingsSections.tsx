/**
 * The plain sections of Contacts › Settings, in core's form-table markup (as Settings › General):
 * sync mode (B11), when to link (B1–B3, R6), delete rules (B12) and uninstall.
 */
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { LinkMoment, Settings, SyncMode } from '../../api/settings';

type Change = ( changes: Partial< Settings > ) => void;

/** A checkbox with its label and the sentence under it saying what it means. */
function Checkbox( {
	id,
	checked,
	onChange,
	label,
	description,
}: {
	id: string;
	checked: boolean;
	onChange: ( checked: boolean ) => void;
	label: string;
	description: ReactNode;
} ) {
	return (
		<div className="users-to-contacts-choice">
			<label htmlFor={ id }>
				<input
					id={ id }
					type="checkbox"
					checked={ checked }
					aria-describedby={ `${ id }-description` }
					onChange={ ( event ) => onChange( event.target.checked ) }
				/>{ ' ' }
				{ label }
			</label>
			<p id={ `${ id }-description` } className="description">
				{ description }
			</p>
		</div>
	);
}

/** One row of a form-table: a heading and a fieldset of choices. */
function Row( { title, children }: { title: string; children: ReactNode } ) {
	return (
		<tr>
			<th scope="row">{ title }</th>
			<td>
				<fieldset>
					<legend className="screen-reader-text">
						<span>{ title }</span>
					</legend>
					{ children }
				</fieldset>
			</td>
		</tr>
	);
}

/** A titled section in core's form-table markup. */
function Section( {
	title,
	children,
}: {
	title: string;
	children: ReactNode;
} ) {
	return (
		<>
			<h2 className="title">{ title }</h2>
			<table className="form-table" role="presentation">
				<tbody>{ children }</tbody>
			</table>
		</>
	);
}

type SwitchSetting =
	| 'trust_all_emails'
	| 'delete_contact_with_user'
	| 'delete_user_with_contact'
	| 'remove_data_on_uninstall';

/** A form-table row holding one on/off setting. */
function SwitchRow( {
	title,
	setting,
	settings,
	onChange,
	id,
	label,
	description,
}: {
	title: string;
	setting: SwitchSetting;
	settings: Settings;
	onChange: Change;
	id: string;
	label: string;
	description: string;
} ) {
	return (
		<Row title={ title }>
			<Checkbox
				id={ id }
				checked={ settings[ setting ] }
				onChange={ ( on ) => onChange( { [ setting ]: on } ) }
				label={ label }
				description={ description }
			/>
		</Row>
	);
}

export function SyncModeSection( {
	mode,
	onChange,
}: {
	mode: SyncMode;
	onChange: ( mode: SyncMode ) => void;
} ) {
	const choices: Array< { value: SyncMode; label: string; text: string } > = [
		{
			value: 'email_only',
			label: __( 'Email only', 'users-to-contacts' ),
			text: __(
				'Only the email address is synchronized: a user’s email is their contact’s primary email. A new contact takes the user’s name once, when it is created.',
				'users-to-contacts'
			),
		},
		{
			value: 'mapped',
			label: __( 'Field mapping', 'users-to-contacts' ),
			text: __(
				'The email address and the fields mapped below are synchronized.',
				'users-to-contacts'
			),
		},
	];
	return (
		<Section title={ __( 'Sync mode', 'users-to-contacts' ) }>
			<Row title={ __( 'Synchronize', 'users-to-contacts' ) }>
				{ choices.map( ( choice ) => (
					<div
						key={ choice.value }
						className="users-to-contacts-choice"
					>
						<label
							htmlFor={ `users-to-contacts-mode-${ choice.value }` }
						>
							<input
								id={ `users-to-contacts-mode-${ choice.value }` }
								type="radio"
								name="users-to-contacts-sync-mode"
								value={ choice.value }
								checked={ mode === choice.value }
								aria-describedby={ `users-to-contacts-mode-${ choice.value }-description` }
								onChange={ () => onChange( choice.value ) }
							/>{ ' ' }
							{ choice.label }
						</label>
						<p
							id={ `users-to-contacts-mode-${ choice.value }-description` }
							className="description"
						>
							{ choice.text }
						</p>
					</div>
				) ) }
			</Row>
		</Section>
	);
}

export function LinkWhenSection( {
	settings,
	onChange,
}: {
	settings: Settings;
	onChange: Change;
} ) {
	const moments: Array< { value: LinkMoment; label: string; text: string } > =
		[
			{
				value: 'registration',
				label: __( 'When a user registers', 'users-to-contacts' ),
				text: __(
					'A visitor who creates an account is linked straight away to the contact with their email address, or gets a new contact.',
					'users-to-contacts'
				),
			},
			{
				value: 'login',
				label: __( 'When a user logs in', 'users-to-contacts' ),
				text: __(
					'A user who has no contact yet (for example, one whose account existed before) is linked the next time they log in.',
					'users-to-contacts'
				),
			},
			{
				value: 'crm_action',
				label: __(
					'On their first action with their contact details',
					'users-to-contacts'
				),
				text: __(
					'A user is linked only when they first save My details or send a signup form, not merely by registering or logging in.',
					'users-to-contacts'
				),
			},
		];
	function toggle( moment: LinkMoment, on: boolean ) {
		onChange( {
			// Kept in the screen's order, so saving twice stores the same list.
			link_when: moments
				.map( ( choice ) => choice.value )
				.filter( ( value ) =>
					value === moment ? on : settings.link_when.includes( value )
				),
		} );
	}
	return (
		<Section title={ __( 'When to link', 'users-to-contacts' ) }>
			<Row title={ __( 'Link users to contacts', 'users-to-contacts' ) }>
				{ moments.map( ( moment ) => (
					<Checkbox
						key={ moment.value }
						id={ `users-to-contacts-link-${ moment.value }` }
						checked={ settings.link_when.includes( moment.value ) }
						onChange={ ( on ) => toggle( moment.value, on ) }
						label={ moment.label }
						description={ moment.text }
					/>
				) ) }
				{ settings.link_when.length === 0 && (
					<p className="users-to-contacts-note">
						{ __(
							'With none of these chosen, users are linked only when you run Contacts › Synchronize.',
							'users-to-contacts'
						) }
					</p>
				) }
			</Row>
			<SwitchRow
				title={ __( 'Email addresses', 'users-to-contacts' ) }
				setting="trust_all_emails"
				settings={ settings }
				onChange={ onChange }
				id="users-to-contacts-trust-all-emails"
				label={ __( 'Trust all email addresses', 'users-to-contacts' ) }
				description={ __(
					'Off: a user is linked to an existing contact only once they have shown the email address is theirs (through the registration e-mail, WordPress’s email-change confirmation or a confirmation message), or an administrator set it. On: any matching address links at once. Anyone can type someone else’s address into their own profile, so turn this on only if addresses are verified elsewhere, for example by single sign-on: otherwise a user could take over another person’s contact details.',
					'users-to-contacts'
				) }
			/>
		</Section>
	);
}

export function DeleteRulesSection( {
	settings,
	onChange,
}: {
	settings: Settings;
	onChange: Change;
} ) {
	return (
		<Section title={ __( 'Delete rules', 'users-to-contacts' ) }>
			<SwitchRow
				title={ __( 'When a user is deleted', 'users-to-contacts' ) }
				setting="delete_contact_with_user"
				settings={ settings }
				onChange={ onChange }
				id="users-to-contacts-delete-contact"
				label={ __(
					'Delete contact when user is deleted',
					'users-to-contacts'
				) }
				description={ __(
					'Off: the contact stays in Contacts, marked as a former user’s.',
					'users-to-contacts'
				) }
			/>
			<SwitchRow
				title={ __( 'When a contact is deleted', 'users-to-contacts' ) }
				setting="delete_user_with_contact"
				settings={ settings }
				onChange={ onChange }
				id="users-to-contacts-delete-user"
				label={ __(
					'Delete user when contact is deleted',
					'users-to-contacts'
				) }
				description={ __(
					'Applies only to users whose link is reversed (the contact is the source of their details) and synchronized. Administrators and the person deleting the contact are never deleted: they are unlinked instead. Off: the user stays and is unlinked.',
					'users-to-contacts'
				) }
			/>
		</Section>
	);
}

export function UninstallSection( {
	settings,
	onChange,
}: {
	settings: Settings;
	onChange: Change;
} ) {
	return (
		<Section title={ __( 'Uninstall', 'users-to-contacts' ) }>
			<SwitchRow
				title={ __( 'Remove data on uninstall', 'users-to-contacts' ) }
				setting="remove_data_on_uninstall"
				settings={ settings }
				onChange={ onChange }
				id="users-to-contacts-remove-data"
				label={ __(
					'Remove all contact data when the plugin is deleted',
					'users-to-contacts'
				) }
				description={ __(
					'When the plugin is deleted from the Plugins screen, its contacts and their email addresses, the links between users and contacts, the synchronization history and these settings are removed for good. User accounts are not touched. Off: everything is kept for a reinstall.',
					'users-to-contacts'
				) }
			/>
		</Section>
	);
}
