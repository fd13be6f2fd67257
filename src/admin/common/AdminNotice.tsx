/**
 * A notice as core prints them at the top of an admin screen (`notice notice-success`…), with
 * core's dismiss button when it can be dismissed.
 *
 * `inline`: core's common.js moves every `.notice` it finds at load below the heading; one
 * React rendered must stay where React put it, and `inline` is the class common.js leaves alone.
 */
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

export type NoticeStatus = 'success' | 'error' | 'warning' | 'info';

export function AdminNotice( {
	status,
	children,
	onDismiss,
}: {
	status: NoticeStatus;
	children: ReactNode;
	onDismiss?: () => void;
} ) {
	return (
		<div
			className={ `notice notice-${ status } inline users-to-contacts-admin-notice${
				onDismiss ? ' is-dismissible' : ''
			}` }
		>
			<p>{ children }</p>
			{ onDismiss && (
				<button
					type="button"
					className="notice-dismiss"
					onClick={ onDismiss }
				>
					<span className="screen-reader-text">
						{ __( 'Dismiss this notice.', 'users-to-contacts' ) }
					</span>
				</button>
			) }
		</div>
	);
}
