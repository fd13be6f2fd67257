/**
 * The message a form shows above itself after a submit. The live region is always in the page
 * (screen readers only announce changes to a region they already know); its text is replaced.
 */
import type { ReactNode } from 'react';

export type FormNoticeStatus = 'success' | 'error' | 'info';

export function FormNotice( {
	status,
	children,
}: {
	status: FormNoticeStatus;
	children?: ReactNode;
} ) {
	return (
		<div
			className="users-to-contacts-notice-area"
			role="status"
			aria-live="polite"
			aria-atomic="true"
		>
			{ children ? (
				<p className={ `users-to-contacts-notice is-${ status }` }>
					{ children }
				</p>
			) : null }
		</div>
	);
}
