/**
 * "Are you sure?" before something that cannot simply be undone: core's Modal (in
 * the components package since long before WordPress 6.1) with Cancel and the action.
 */
import { Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import './confirm-dialog.css';

export function ConfirmDialog( {
	title,
	children,
	confirmLabel,
	cancelLabel = __( 'Cancel', 'users-to-contacts' ),
	busy = false,
	onConfirm,
	onCancel,
}: {
	title: string;
	children: ReactNode;
	confirmLabel: string;
	/** What the button that steps back says; "Cancel" unless that would be ambiguous. */
	cancelLabel?: string;
	/** The action is under way: both buttons wait. */
	busy?: boolean;
	onConfirm: () => void;
	onCancel: () => void;
} ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ () => ! busy && onCancel() }
			className="users-to-contacts-confirm"
		>
			<div className="users-to-contacts-confirm__body">{ children }</div>
			<div className="users-to-contacts-confirm__actions">
				<button
					type="button"
					className="button"
					onClick={ onCancel }
					disabled={ busy }
				>
					{ cancelLabel }
				</button>
				<button
					type="button"
					className="button button-primary"
					onClick={ onConfirm }
					disabled={ busy }
					aria-busy={ busy }
				>
					{ confirmLabel }
				</button>
			</div>
		</Modal>
	);
}
