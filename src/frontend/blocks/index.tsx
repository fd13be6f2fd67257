/**
 * The My details and Sign up blocks in the block editor. Both are drawn by the site (their
 * block.json lives in includes/Frontend/blocks/); the editor shows what the block is, and the
 * published page shows the form.
 *
 * `wp.blocks` and `wp.blockEditor` are read from the page: the PHP registration lists them as
 * dependencies (the project installs no @wordpress/blocks).
 */
import { Placeholder } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';

interface BlockEditorGlobals {
	blocks: {
		registerBlockType: (
			name: string,
			settings: { edit: ComponentType; save: () => null }
		) => unknown;
	};
	blockEditor: {
		useBlockProps: () => Record< string, unknown >;
	};
}

declare global {
	interface Window {
		wp?: Partial< BlockEditorGlobals >;
	}
}

function editorFor( label: string, instructions: string ): ComponentType {
	return function Edit() {
		const blockProps = window.wp?.blockEditor?.useBlockProps() ?? {};
		return (
			<div { ...blockProps }>
				<Placeholder label={ label } instructions={ instructions } />
			</div>
		);
	};
}

const blocks = window.wp?.blocks;
if ( blocks ) {
	blocks.registerBlockType( 'users-to-contacts/signup', {
		edit: editorFor(
			__( 'Sign up', 'users-to-contacts' ),
			__(
				'Visitors see a form here to leave their first name, last name and email address without creating an account. Preview or publish the page to see it.',
				'users-to-contacts'
			)
		),
		save: () => null,
	} );
	blocks.registerBlockType( 'users-to-contacts/my-details', {
		edit: editorFor(
			__( 'My details', 'users-to-contacts' ),
			__(
				'Logged-in visitors see a form here to keep their contact details up to date; others see a link to log in. Preview or publish the page to see it.',
				'users-to-contacts'
			)
		),
		save: () => null,
	} );
}
