/**
 * The Sign up form: first name, last name and email, for visitors without an account.
 *
 * Every answer of the site looks the same whether the address was new or known (so the form
 * reveals nothing about who signed up before); refusals show next to their field, and the
 * keyboard goes to the first of them.
 */
import { useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { signUp } from '../../api/signup';
import type { SignupRequest } from '../../api/signup';
import type { Transport } from '../../api/transport';
import { ApiError } from '../../api/transport';
import { Field } from '../common/Field';
import { FormNotice } from '../common/FormNotice';
import type { FormNoticeStatus } from '../common/FormNotice';
import { fieldErrorsFrom } from '../common/fieldErrors';
import type { FieldErrors } from '../common/fieldErrors';
import { focusFirstError } from '../common/focusFirstError';
import { SubmitButton } from '../common/SubmitButton';

type FieldName = 'first_name' | 'last_name' | 'email';

const EMPTY: Record< FieldName, string > = {
	first_name: '',
	last_name: '',
	email: '',
};

function labels(): Record< FieldName, string > {
	return {
		first_name: __( 'First name', 'users-to-contacts' ),
		last_name: __( 'Last name', 'users-to-contacts' ),
		email: __( 'Email address', 'users-to-contacts' ),
	};
}

/** What the form can tell before asking the site: the required fields are filled in. */
function missingFields(
	values: Record< FieldName, string >
): FieldErrors< FieldName > {
	const errors: FieldErrors< FieldName > = {};
	if ( values.first_name.trim() === '' ) {
		errors.first_name = __(
			'Please enter your first name.',
			'users-to-contacts'
		);
	}
	if ( values.email.trim() === '' ) {
		errors.email = __(
			'Please enter your email address.',
			'users-to-contacts'
		);
	}
	return errors;
}

export function SignupForm( {
	transport,
	idPrefix,
}: {
	transport: Transport;
	idPrefix: string;
} ) {
	const [ values, setValues ] = useState( EMPTY );
	const [ homepage, setHomepage ] = useState( '' );
	const [ errors, setErrors ] = useState< FieldErrors< FieldName > >( {} );
	const [ notice, setNotice ] = useState< {
		status: FormNoticeStatus;
		text: string;
	} | null >( null );
	const [ sending, setSending ] = useState( false );
	const formRef = useRef< HTMLFormElement >( null );
	const names = labels();

	function showErrors( found: FieldErrors< FieldName > ) {
		setErrors( found );
		// After React has drawn the fields as invalid.
		window.setTimeout( () => focusFirstError( formRef.current ), 0 );
	}

	async function submit( event: FormEvent ) {
		event.preventDefault();
		if ( sending ) {
			return;
		}
		const missing = missingFields( values );
		if ( Object.keys( missing ).length > 0 ) {
			setNotice( {
				status: 'error',
				text: __(
					'Please correct the fields marked below.',
					'users-to-contacts'
				),
			} );
			showErrors( missing );
			return;
		}
		setSending( true );
		setNotice( null );
		const request: SignupRequest = { ...values };
		if ( homepage !== '' ) {
			request.homepage = homepage;
		}
		try {
			const result = await signUp( transport, request );
			setErrors( {} );
			setValues( EMPTY );
			setNotice( { status: 'success', text: result.message } );
		} catch ( error ) {
			const found = fieldErrorsFrom( error, names );
			if ( Object.keys( found ).length > 0 ) {
				setNotice( {
					status: 'error',
					text: __(
						'Please correct the fields marked below.',
						'users-to-contacts'
					),
				} );
				showErrors( found );
			} else {
				setErrors( {} );
				setNotice( {
					status: 'error',
					text:
						error instanceof ApiError && error.message
							? error.message
							: __(
									'Your details could not be sent. Please check your connection and try again.',
									'users-to-contacts'
								),
				} );
			}
		} finally {
			setSending( false );
		}
	}

	function change( name: FieldName ) {
		return ( value: string ) =>
			setValues( ( current ) => ( { ...current, [ name ]: value } ) );
	}

	return (
		<form
			ref={ formRef }
			className="users-to-contacts-signup"
			onSubmit={ submit }
			noValidate
		>
			<FormNotice status={ notice?.status ?? 'info' }>
				{ notice?.text }
			</FormNotice>
			<Field
				id={ `${ idPrefix }-first-name` }
				name="first_name"
				label={ names.first_name }
				value={ values.first_name }
				onChange={ change( 'first_name' ) }
				error={ errors.first_name }
				autoComplete="given-name"
				required
			/>
			<Field
				id={ `${ idPrefix }-last-name` }
				name="last_name"
				label={ names.last_name }
				value={ values.last_name }
				onChange={ change( 'last_name' ) }
				error={ errors.last_name }
				autoComplete="family-name"
			/>
			<Field
				id={ `${ idPrefix }-email` }
				name="email"
				type="email"
				label={ names.email }
				value={ values.email }
				onChange={ change( 'email' ) }
				error={ errors.email }
				autoComplete="email"
				required
			/>
			{ /* The trap: hidden from people and screen readers; a bot that fills it is ignored. */ }
			<div className="users-to-contacts-trap" aria-hidden="true">
				<label htmlFor={ `${ idPrefix }-homepage` }>
					{ __( 'Leave this field empty', 'users-to-contacts' ) }
				</label>
				<input
					id={ `${ idPrefix }-homepage` }
					name="homepage"
					type="text"
					tabIndex={ -1 }
					autoComplete="off"
					value={ homepage }
					onChange={ ( event ) => setHomepage( event.target.value ) }
				/>
			</div>
			<SubmitButton
				busy={ sending }
				label={ __( 'Sign up', 'users-to-contacts' ) }
				busyLabel={ __( 'Signing up…', 'users-to-contacts' ) }
			/>
		</form>
	);
}
