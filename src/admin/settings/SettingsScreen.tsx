/**
 * Contacts › Settings (screen `settings`): sync mode, when to link, delete rules, field mapping
 * and uninstall in one form with one Save, like Settings › General; then "Update all
 * synchronized users". Unsaved changes warn before leaving the page.
 */
import { Spinner } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import {
	getFieldCatalogue,
	getSettings,
	saveSettings,
} from '../../api/settings';
import type { FieldCatalogue, Settings } from '../../api/settings';
import type { Transport } from '../../api/transport';
import { FieldMapSection } from './FieldMapSection';
import { incompleteRows, refusedRows } from './fieldMap';
import type { RowErrors } from './fieldMap';
import { ApiError } from '../../api/transport';
import { AdminNotice } from '../common/AdminNotice';
import { ResyncSection } from './ResyncSection';
import { VisitorFieldsSection } from './VisitorFieldsSection';
import {
	DeleteRulesSection,
	LinkWhenSection,
	SyncModeSection,
	UninstallSection,
} from './SettingsSections';
import './settings.css';

type Message = { status: 'success' | 'error'; text: string } | null;

function messageOf( error: unknown ): string {
	return error instanceof Error ? error.message : String( error );
}

/** The same settings, whatever the order of their keys. */
function same( a: Settings, b: Settings ): boolean {
	return (
		JSON.stringify( a, Object.keys( a ).sort() ) ===
		JSON.stringify( b, Object.keys( b ).sort() )
	);
}

/** Asks before leaving the page while `dirty` (the browser shows its own question). */
function useLeaveWarning( dirty: boolean ) {
	useEffect( () => {
		if ( ! dirty ) {
			return undefined;
		}
		const warn = ( event: BeforeUnloadEvent ) => {
			event.preventDefault();
			// Older browsers need a return value to ask.
			event.returnValue = '';
			return '';
		};
		window.addEventListener( 'beforeunload', warn );
		return () => window.removeEventListener( 'beforeunload', warn );
	}, [ dirty ] );
}

export function SettingsScreen( { transport }: { transport: Transport } ) {
	const [ saved, setSaved ] = useState< Settings | null >( null );
	const [ draft, setDraft ] = useState< Settings | null >( null );
	const [ catalogue, setCatalogue ] = useState< FieldCatalogue | null >(
		null
	);
	const [ loadError, setLoadError ] = useState( '' );
	const [ saving, setSaving ] = useState( false );
	const [ message, setMessage ] = useState< Message >( null );
	const [ rowErrors, setRowErrors ] = useState< RowErrors >( new Map() );
	const notice = useRef< HTMLDivElement >( null );

	useEffect( () => {
		let cancelled = false;
		Promise.all( [
			getSettings( transport ),
			getFieldCatalogue( transport ),
		] ).then(
			( [ settings, fields ] ) => {
				if ( ! cancelled ) {
					setSaved( settings );
					setDraft( settings );
					setCatalogue( fields );
				}
			},
			( error: unknown ) =>
				! cancelled && setLoadError( messageOf( error ) )
		);
		return () => {
			cancelled = true;
		};
	}, [ transport ] );

	const dirty = saved !== null && draft !== null && ! same( saved, draft );
	useLeaveWarning( dirty );

	useEffect( () => {
		if ( message ) {
			notice.current?.focus();
		}
	}, [ message ] );

	if ( loadError ) {
		return (
			<div className="notice notice-error">
				<p>
					{ sprintf(
						/* translators: %s: the error message from the site. */
						__(
							'The settings could not be loaded: %s',
							'users-to-contacts'
						),
						loadError
					) }
				</p>
			</div>
		);
	}
	if ( ! draft || ! catalogue ) {
		return (
			<p className="users-to-contacts-loading">
				<Spinner /> { __( 'Loading settings…', 'users-to-contacts' ) }
			</p>
		);
	}
	const settings = draft;
	const fields = catalogue;

	function change( changes: Partial< Settings > ) {
		setDraft( { ...settings, ...changes } );
		if ( changes.field_map ) {
			setRowErrors( new Map() );
		}
	}

	function changeMode( mode: Settings[ 'sync_mode' ] ) {
		// B11: the first switch to Field mapping starts from the same-meaning pairs.
		change(
			mode === 'mapped' && settings.field_map.length === 0
				? { sync_mode: mode, field_map: fields.default_map }
				: { sync_mode: mode }
		);
	}

	async function save( event: FormEvent ) {
		event.preventDefault();
		const incomplete =
			settings.sync_mode === 'mapped'
				? incompleteRows( settings.field_map )
				: new Map();
		if ( incomplete.size > 0 ) {
			setRowErrors( incomplete );
			setMessage( {
				status: 'error',
				text: __(
					'Settings not saved: choose a field on both sides of each mapping row, or delete the row.',
					'users-to-contacts'
				),
			} );
			return;
		}
		setSaving( true );
		try {
			// An unfinished row in Email only mode is dropped, not saved.
			const stored = await saveSettings( transport, {
				...settings,
				field_map: settings.field_map.filter(
					( row ) => row.user_field && row.contact_field
				),
			} );
			setSaved( stored );
			setDraft( stored );
			setMessage( {
				status: 'success',
				text: __(
					'Settings saved. They apply from the next synchronization of each user; to apply them to everyone now, update all synchronized users below.',
					'users-to-contacts'
				),
			} );
		} catch ( error ) {
			if ( error instanceof ApiError ) {
				setRowErrors(
					refusedRows( settings.field_map, error.code, error.data )
				);
			}
			setMessage( {
				status: 'error',
				text: sprintf(
					/* translators: %s: why the site refused the settings. */
					__( 'Settings not saved: %s', 'users-to-contacts' ),
					messageOf( error )
				),
			} );
		}
		setSaving( false );
	}

	return (
		<div className="users-to-contacts-settings">
			{ message && (
				// Focus moves here, so the outcome is read out; the role announces it too.
				<div
					ref={ notice }
					tabIndex={ -1 }
					className="users-to-contacts-notice"
				>
					<AdminNotice
						status={ message.status }
						onDismiss={ () => setMessage( null ) }
					>
						<strong
							role={
								message.status === 'error' ? 'alert' : 'status'
							}
						>
							{ message.text }
						</strong>
					</AdminNotice>
				</div>
			) }
			<form onSubmit={ save } noValidate>
				<SyncModeSection
					mode={ settings.sync_mode }
					onChange={ changeMode }
				/>
				<LinkWhenSection settings={ settings } onChange={ change } />
				<DeleteRulesSection settings={ settings } onChange={ change } />
				<h2 className="title">
					{ __( 'Field mapping', 'users-to-contacts' ) }
				</h2>
				{ settings.sync_mode === 'mapped' ? (
					<FieldMapSection
						rows={ settings.field_map }
						catalogue={ fields }
						rowErrors={ rowErrors }
						onChange={ ( rows ) => change( { field_map: rows } ) }
					/>
				) : (
					<p>
						{ __(
							'In Email only mode, only the email address is synchronized. Choose Field mapping under Sync mode to map user fields to contact fields.',
							'users-to-contacts'
						) }
					</p>
				) }
				<VisitorFieldsSection
					chosen={ settings.visitor_fields }
					onChange={ ( chosen ) =>
						change( { visitor_fields: chosen } )
					}
				/>
				<UninstallSection settings={ settings } onChange={ change } />
				<p className="submit">
					<button
						type="submit"
						className="button button-primary"
						disabled={ saving }
					>
						{ __( 'Save Changes', 'users-to-contacts' ) }
					</button>
					{ saving && <Spinner /> }
				</p>
			</form>
			<ResyncSection transport={ transport } unsaved={ dirty } />
		</div>
	);
}
