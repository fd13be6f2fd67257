/**
 * The forms' submit button: stays focusable while busy (aria-disabled, not disabled), so a
 * keyboard or screen-reader user keeps their place while the site answers.
 */
interface SubmitButtonProps {
	busy: boolean;
	label: string;
	busyLabel: string;
}

export function SubmitButton( { busy, label, busyLabel }: SubmitButtonProps ) {
	return (
		<p className="users-to-contacts-submit">
			<button
				type="submit"
				className="wp-element-button"
				aria-disabled={ busy ? true : undefined }
			>
				{ busy ? busyLabel : label }
			</button>
		</p>
	);
}
