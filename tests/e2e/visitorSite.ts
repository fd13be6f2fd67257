/**
 * The site as visitors see it: which theme draws it, and pages that hold a visitor form as a
 * block or as a shortcode. Shared by the Sign up and My details specs.
 *
 * The e2e specs share one site: a spec that switches the theme puts the previous one back
 * (`const previous = useTheme( … )` in beforeAll, `useTheme( previous )` in afterAll).
 */
import { rest, runPhp } from '../support/site';

/** Debian's themes (the test site copies all of them): two block themes and a classic one. */
export const THEMES = {
	twentyTwentyThree: 'twentytwentythree',
	twentyTwentyTwo: 'twentytwentytwo',
	twentyTwentyOne: 'twentytwentyone',
} as const;

export type Theme = ( typeof THEMES )[ keyof typeof THEMES ];

/** Block themes draw the forms' blocks; the classic theme draws the_content (shortcodes too). */
export const BLOCK_THEMES: Theme[] = [
	THEMES.twentyTwentyThree,
	THEMES.twentyTwentyTwo,
];
export const CLASSIC_THEME: Theme = THEMES.twentyTwentyOne;

/** The active theme's folder name. */
export function activeTheme(): string {
	return runPhp( 'echo get_stylesheet();' ).trim();
}

/**
 * Switches the site to a theme, as Appearance › Themes › Activate does; returns the theme
 * that was active before.
 */
export function useTheme( theme: string ): string {
	const output = runPhp(
		[
			'$previous = get_stylesheet();',
			`$theme = wp_get_theme( ${ JSON.stringify( theme ) } );`,
			"if ( ! $theme->exists() ) { fwrite( STDERR, 'No such theme.' ); exit( 1 ); }",
			'switch_theme( $theme->get_stylesheet() );',
			'echo $previous;',
		].join( '\n' )
	);
	return output.trim();
}

export type VisitorForm = 'signup' | 'my-details';

const BLOCK_NAMES: Record< VisitorForm, string > = {
	signup: 'users-to-contacts/signup',
	'my-details': 'users-to-contacts/my-details',
};

const SHORTCODES: Record< VisitorForm, string > = {
	signup: 'users_to_contacts_signup',
	'my-details': 'users_to_contacts_my_details',
};

/** A page's content holding the form as a block, or as a shortcode in a Shortcode block. */
export function formContent(
	form: VisitorForm,
	as: 'block' | 'shortcode'
): string {
	if ( as === 'block' ) {
		return `<!-- wp:${ BLOCK_NAMES[ form ] } /-->`;
	}
	return `<!-- wp:shortcode -->\n[${ SHORTCODES[ form ] }]\n<!-- /wp:shortcode -->`;
}

export interface VisitorPage {
	id: number;
	/** The page's full address. */
	url: string;
	/** The address without the site's origin, for page.goto() against the baseURL. */
	path: string;
}

/**
 * Publishes a page holding a visitor form (as the admin, through REST).
 */
export async function createFormPage(
	form: VisitorForm,
	as: 'block' | 'shortcode',
	title = form === 'signup' ? 'Join us' : 'Your details'
): Promise< VisitorPage > {
	const created = await rest< { id: number; link: string } >(
		'/wp/v2/pages',
		{
			method: 'POST',
			body: {
				title,
				status: 'publish',
				content: formContent( form, as ),
			},
		}
	);
	if ( created.status !== 201 ) {
		throw new Error(
			`Could not create a page: ${ JSON.stringify( created.body ) }`
		);
	}
	const url = new URL( created.body.link );
	return {
		id: created.body.id,
		url: created.body.link,
		path: url.pathname + url.search,
	};
}
