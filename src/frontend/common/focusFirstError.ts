/**
 * After a refused submit, the keyboard and screen reader go to the first field in error.
 */
export function focusFirstError( form: HTMLFormElement | null ): boolean {
	const first = form?.querySelector< HTMLElement >( '[aria-invalid="true"]' );
	if ( ! first ) {
		return false;
	}
	first.focus();
	return true;
}
