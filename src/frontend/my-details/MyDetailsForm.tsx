/**
 * My details: a logged-in visitor reads and saves their own contact through /me. Saving is a
 * CRM action (B3): an unlinked visitor is linked by the engine (202), and the form waits for
 * the link, keeping what was typed, then shows the saved details.
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent, ReactNode } from 'react';
import { getMe, saveMe } from '../../api/me';
import type { Me, MeChanges, VisitorField } from '../../api/me';
import { ApiError } from '../../api/transport';
import type { Transport } from '../../api/transport';
import { Field } from '../common/Field';
import { fieldErrorsFrom } from '../common/fieldErrors';
import { focusFirstError } from '../common/focusFirstError';
import { FormNotice } from '../common/FormNotice';
import type { FormNoticeStatus } from '../common/FormNotice';
import { SubmitButton } from '../common/SubmitButton';
import {
	AUTOCOMPLETE,
	afterSave,
	changesOf,
	editableFields,
	fieldLabels,
	validate,
	valuesOf,
} from './myDetails';
import type { Errors, Values } from './myDetails';
import { waitForLink } from './waitForLink';

interface Notice {
	status: FormNoticeStatus;
	text: ReactNode;
}

function unlinkedNotice( me: Me ): Notice {
	if ( me.waiting_for_email_confirmation ) {
		return {
			status: 'info',
			text: sprintf(
				/* translators: %s: the visitor's email address. */
				__(
					'Your details appear here once you confirm your email address: open the link in the message we sent to %s.',
					'users-to-contacts'
				),
				me.account_email
			),
		};
	}
	if ( me.pending ) {
		return {
			status: 'info',
			text: __(
				'Your details are saved and are being linked to your account. They will appear here shortly.',
				'users-to-contacts'
			),
		};
	}
	if ( ! me.links_on_save ) {
		return {
			status: 'info',
			text: __(
				'Your account is not linked to contact details yet. Once it is, your details appear here and you can change them.',
				'users-to-contacts'
			),
		};
	}
	return {
		status: 'info',
		text: __(
			'Your account is not linked to contact details yet. Saving this form links it: to the contact details on file for your email address, or to new ones.',
			'users-to-contacts'
		),
	};
}

/** The sentence under a field that is kept in step with the account. */
function fieldHelp( me: Me, field: VisitorField ): ReactNode {
	if ( me.account_fields.includes( field ) ) {
		return (
			<>
				{ __( 'This follows your account.', 'users-to-contacts' ) }{ ' ' }
				<a href={ me.profile_url }>
					{ __( 'Change it in your profile.', 'users-to-contacts' ) }
				</a>
			</>
		);
	}
	if ( me.source === 'contact' && me.synced_fields.includes( field ) ) {
		return __(
			'Saving also changes this in your account profile.',
			'users-to-contacts'
		);
	}
	return undefined;
}

export function MyDetailsForm( {
	transport,
	idPrefix,
	displayName,
}: {
	transport: Transport;
	idPrefix: string;
	displayName: string;
} ) {
	const [ me, setMe ] = useState< Me | null >( null );
	const [ saved, setSaved ] = useState< Values | null >( null );
	const [ values, setValues ] = useState< Values | null >( null );
	const [ errors, setErrors ] = useState< Errors >( {} );
	const [ notice, setNotice ] = useState< Notice | null >( null );
	const [ busy, setBusy ] = useState( false );
	const [ loadFailed, setLoadFailed ] = useState( false );
	const form = useRef< HTMLFormElement >( null );
	const stopped = useRef( new AbortController() );

	useEffect( () => {
		const stop = stopped.current;
		getMe( transport )
			.then( async ( loaded ) => {
				setMe( loaded );
				setSaved( valuesOf( loaded ) );
				setValues( valuesOf( loaded ) );
				if ( ! loaded.linked ) {
					setNotice( unlinkedNotice( loaded ) );
				}
				if ( ! loaded.linked && loaded.pending ) {
					// A save made earlier still waits for its link: show the details once made.
					const waited = await waitForLink( transport, stop.signal );
					if ( waited && ! stop.signal.aborted ) {
						showLoaded( waited, {} );
					}
				}
			} )
			.catch( () => setLoadFailed( true ) );
		return () => stop.abort();
		// Loaded once, when the form is drawn.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [] );

	/** Shows what the site answered, keeping the typed values it does not have yet. */
	function showLoaded( answer: Me, sent: MeChanges ): VisitorField[] {
		const next = afterSave( answer, sent );
		setMe( answer );
		setSaved( valuesOf( answer ) );
		setValues( next.values );
		return next.kept;
	}

	if ( loadFailed ) {
		return (
			<FormNotice status="error">
				{ __(
					'Your details could not be loaded. Please reload the page.',
					'users-to-contacts'
				) }
			</FormNotice>
		);
	}
	if ( ! me || ! values || ! saved ) {
		return (
			<p className="users-to-contacts-loading">
				{ __( 'Loading your details…', 'users-to-contacts' ) }
			</p>
		);
	}
	const labels = fieldLabels();
	// Unlinked where saving does not link: the site would refuse a save, so none is offered.
	const savable = me.linked || me.links_on_save;
	const editable = savable ? editableFields( me ) : [];

	/** Says the save was refused and moves focus to the first field marked. */
	function showFieldErrors() {
		setNotice( {
			status: 'error',
			text: __(
				'Your details were not saved. Please correct the fields marked below.',
				'users-to-contacts'
			),
		} );
		window.setTimeout( () => focusFirstError( form.current ), 0 );
	}

	async function submit( event: FormEvent< HTMLFormElement > ) {
		event.preventDefault();
		if ( busy || ! me || ! values || ! saved ) {
			return;
		}
		const invalid = validate( values, editable );
		setErrors( invalid );
		if ( Object.keys( invalid ).length > 0 ) {
			showFieldErrors();
			return;
		}
		const sent = changesOf( saved, values, editable );
		if ( me.linked && Object.keys( sent ).length === 0 ) {
			setNotice( {
				status: 'info',
				text: __(
					'Nothing to save: your details are as they were.',
					'users-to-contacts'
				),
			} );
			return;
		}
		setBusy( true );
		setNotice( {
			status: 'info',
			text: __( 'Saving your details…', 'users-to-contacts' ),
		} );
		try {
			const answer = await saveMe( transport, sent );
			if ( ! answer.accepted ) {
				showLoaded( answer.me, sent );
				setNotice( {
					status: 'success',
					text: answer.me.changed
						? __( 'Your details are saved.', 'users-to-contacts' )
						: __(
								'Nothing to save: your details are as they were.',
								'users-to-contacts'
							),
				} );
				return;
			}
			setNotice( {
				status: 'info',
				text: __(
					'Your details are saved. Linking them to your account…',
					'users-to-contacts'
				),
			} );
			const linked = await waitForLink(
				transport,
				stopped.current.signal
			);
			if ( stopped.current.signal.aborted ) {
				return;
			}
			if ( ! linked ) {
				setNotice( {
					status: 'info',
					text: __(
						'Your details are saved and will be linked to your account shortly. You can leave this page: they will appear here once the link is made.',
						'users-to-contacts'
					),
				} );
				return;
			}
			const kept = showLoaded( linked, sent );
			if ( ! linked.linked ) {
				setNotice( unlinkedNotice( linked ) );
			} else if ( kept.length > 0 ) {
				setNotice( {
					status: 'info',
					text: sprintf(
						/* translators: %s: field labels, such as "Phone, City". */
						__(
							'Your account is now linked to your contact details. These changes are not in them yet: %s. Please press Save again.',
							'users-to-contacts'
						),
						kept.map( ( field ) => labels[ field ] ).join( ', ' )
					),
				} );
			} else {
				setNotice( {
					status: 'success',
					text: __(
						'Your account is now linked to your contact details, and your details are saved.',
						'users-to-contacts'
					),
				} );
			}
		} catch ( error ) {
			const byField = fieldErrorsFrom( error, labels );
			setErrors( byField );
			if ( Object.keys( byField ).length > 0 ) {
				showFieldErrors();
			} else {
				setNotice( {
					status: 'error',
					text:
						error instanceof ApiError && error.status > 0
							? error.message
							: __(
									'Your details could not be saved: the site did not answer. Please try again.',
									'users-to-contacts'
								),
				} );
			}
		} finally {
			setBusy( false );
		}
	}

	return (
		<form
			ref={ form }
			onSubmit={ submit }
			noValidate
			aria-label={ __( 'My details', 'users-to-contacts' ) }
		>
			{ displayName && (
				<p className="users-to-contacts-greeting">
					{ sprintf(
						/* translators: %s: the visitor's display name. */
						__( 'Logged in as %s.', 'users-to-contacts' ),
						displayName
					) }
				</p>
			) }
			<FormNotice status={ notice?.status ?? 'info' }>
				{ notice?.text }
			</FormNotice>
			{ /* Nothing to show or save until the link is made: the notice says why. */ }
			{ savable &&
				me.shown_fields.map( ( field ) => (
					<Field
						key={ field }
						id={ `${ idPrefix }-${ field }` }
						name={ field }
						label={ labels[ field ] }
						type={
							// eslint-disable-next-line no-nested-ternary
							field === 'email'
								? 'email'
								: field === 'phone'
									? 'tel'
									: 'text'
						}
						autoComplete={ AUTOCOMPLETE[ field ] }
						value={ values[ field ] }
						// While a save is on its way the fields hold what was sent.
						readOnly={ busy || ! editable.includes( field ) }
						onChange={ ( value ) =>
							setValues( { ...values, [ field ]: value } )
						}
						error={ errors[ field ] }
						help={ fieldHelp( me, field ) }
					/>
				) ) }
			{ savable && (
				<SubmitButton
					busy={ busy }
					label={ __( 'Save my details', 'users-to-contacts' ) }
					busyLabel={ __( 'Saving…', 'users-to-contacts' ) }
				/>
			) }
		</form>
	);
}
