/**
 * The screens of the Contacts menu, by the name includes/Admin/ContactsPage.php gives them.
 * PHP prints the heading (as core does); a screen renders what goes below it.
 */
import type { ComponentType } from 'react';
import type { Transport } from '../api';
import { ContactsListScreen } from './list/ContactsListScreen';
import { EditContactScreen } from './edit/EditContactScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { SyncScreen } from './sync/SyncScreen';

export type ScreenName = 'list' | 'edit' | 'sync' | 'settings';

export interface ScreenProps {
	transport: Transport;
}

const SCREENS: Record< ScreenName, ComponentType< ScreenProps > > = {
	list: ContactsListScreen,
	edit: EditContactScreen,
	sync: SyncScreen,
	settings: SettingsScreen,
};

function isScreenName( name: string ): name is ScreenName {
	return Object.prototype.hasOwnProperty.call( SCREENS, name );
}

export function screenFor( name: string ): ComponentType< ScreenProps > {
	return SCREENS[ isScreenName( name ) ? name : 'list' ];
}
