/**
 * What the PHP mount point (includes/Frontend/VisitorForms.php) gives a visitor form in its
 * `data-config` attribute. The REST root and nonce come with api-fetch, set up by WordPress.
 */
export interface FormConfig {
	form: 'my-details' | 'signup';
	/** wp-login.php with a redirect back to the page the form is on. */
	loginUrl: string;
	loggedIn: boolean;
	displayName: string;
	/** Anything more a form's PHP adds through the users_to_contacts_visitor_form_config filter. */
	[ key: string ]: unknown;
}

export function readConfig( container: HTMLElement ): FormConfig {
	let parsed: Partial< FormConfig > = {};
	try {
		parsed = JSON.parse(
			container.dataset.config ?? '{}'
		) as Partial< FormConfig >;
	} catch {
		// A broken attribute leaves the defaults: the form still draws.
	}
	return {
		...parsed,
		form: container.dataset.form === 'my-details' ? 'my-details' : 'signup',
		loginUrl: typeof parsed.loginUrl === 'string' ? parsed.loginUrl : '',
		loggedIn: parsed.loggedIn === true,
		displayName:
			typeof parsed.displayName === 'string' ? parsed.displayName : '',
	};
}
