/**
 * R7, the person's rights (issue 8, finding 2): a change that flows from a contact to a
 * WordPress user is applied only if the person who made it may make it to that user; the
 * runner's administrator credentials never widen anyone's rights. The attacker is CRM staff: an
 * editor given `manage_contacts`, who may manage contacts but not edit or delete users.
 */
import { createUser, rest, runPhp, settleEvents } from '../support/site';
import type { Credentials } from '../support/site';
import { eventually } from '../support/people';
import { runCli, startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';

interface Link {
	user_id: number;
	contact_id: number;
	source: 'user' | 'contact';
	sync_enabled: boolean;
}

interface EventItem {
	id: number;
	type: string;
	user_id: number;
	actor_id: number;
	status: 'pending' | 'processed' | 'failed';
	will_retry: boolean;
	error: string | null;
}

interface ApplyAnswer {
	results: Array< {
		index: number;
		status: string;
		reason?: string;
		message?: string;
	} >;
}

const API = '/users-to-contacts/v1';
const WAIT_MS = 15000;

function userEmail( userId: number ): string | null {
	const out = runPhp(
		`$user = get_userdata( ${ Number( userId ) } ); echo $user ? $user->user_email : '';`
	);
	return out === '' ? null : out;
}

async function linkOf( userId: number ): Promise< Link | undefined > {
	const response = await rest< Link >( `${ API }/links/${ userId }` );
	return response.status === 200 ? response.body : undefined;
}

/** A user of this role, linked to a new contact, and that link's contact. */
async function linkedUser( role: string ) {
	const user = await createUser( role );
	const { value: link } = await eventually(
		() => linkOf( user.id ),
		WAIT_MS,
		`linking user ${ user.id }`
	);
	return { ...user, contactId: link.contact_id };
}

/** The newest event of this type for this user, once a runner has finished with it. */
async function finishedEvent( userId: number, type: string ) {
	const { value } = await eventually(
		async () => {
			const response = await rest< EventItem[] >( `${ API }/events`, {
				query: { user_id: String( userId ), type, per_page: '1' },
			} );
			const event = response.body[ 0 ];
			return event && ( event.status !== 'pending' || event.error )
				? event
				: undefined;
		},
		WAIT_MS,
		`the ${ type } event of user ${ userId }`
	);
	return value;
}

/** The contact becomes the source, set by the site's administrator (who may). */
async function contactIsSource( userId: number ) {
	const response = await rest< Link >( `${ API }/links/${ userId }`, {
		method: 'PATCH',
		body: { source: 'contact' },
	} );
	expect( response.status ).toBe( 200 );
	await finishedEvent( userId, 'link_changed' );
}

/** The run item of a skipped user, wherever it is in the run's skipped items. */
async function skippedItem( runId: number, userId: number ) {
	for ( let page = 1; page < 100; page++ ) {
		const items = await rest<
			Array< { user_id: number; outcome: string; reason: string } >
		>( `${ API }/runs/${ runId }/items`, {
			query: {
				outcome: 'skipped',
				per_page: '100',
				page: String( page ),
			},
		} );
		const found = items.body.find( ( item ) => item.user_id === userId );
		if ( found || items.body.length < 100 ) {
			return found;
		}
	}
	return undefined;
}

async function settings( changes: Record< string, unknown > ) {
	const response = await rest( `${ API }/settings`, {
		method: 'PATCH',
		body: changes,
	} );
	expect( response.status ).toBe( 200 );
}

describe( 'schema version 2 (the actor columns)', () => {
	it( 'a site at version 1 gains events.actor_id and contacts.modified_by, once', () => {
		const output = runPhp(
			`global $wpdb;
			$wpdb->query( "ALTER TABLE {$wpdb->prefix}utc_events DROP COLUMN actor_id" );
			$wpdb->query( "ALTER TABLE {$wpdb->prefix}utc_contacts DROP COLUMN modified_by" );
			update_option( 'users_to_contacts_schema_version', 1 );
			UsersToContacts\\Database\\Schema::maybe_upgrade();
			UsersToContacts\\Database\\Schema::add_actor_columns();
			echo wp_json_encode( array(
				(int) get_option( 'users_to_contacts_schema_version' ),
				$wpdb->get_col( "SHOW COLUMNS FROM {$wpdb->prefix}utc_events LIKE 'actor_id'" ),
				$wpdb->get_col( "SHOW COLUMNS FROM {$wpdb->prefix}utc_contacts LIKE 'modified_by'" ),
			) );`
		);
		expect( JSON.parse( output ) ).toEqual( [
			2,
			[ 'actor_id' ],
			[ 'modified_by' ],
		] );
	} );
} );

describe( 'R7: acting with the rights of the person who made the change', () => {
	let staff: Credentials;
	let staffId: number;
	let watcher: Watcher;

	beforeAll( async () => {
		await rest( `${ API }/settings`, {
			method: 'PUT',
			body: {
				sync_mode: 'email_only',
				field_map: [],
				link_when: [ 'registration', 'login' ],
				delete_contact_with_user: false,
				delete_user_with_contact: false,
			},
		} );
		settleEvents();
		const editor = await createUser( 'editor' );
		staff = editor.credentials;
		staffId = editor.id;
		runPhp(
			`( new WP_User( ${ Number( staffId ) } ) )->add_cap( 'manage_contacts' );`
		);
		watcher = await startWatch();
	}, 60000 );

	afterAll( async () => {
		await watcher.stop();
		await settings( { delete_user_with_contact: false } );
	} );

	describe( "setting a link's source to the contact", () => {
		it( "is refused to staff for an administrator's link (it would hand the contact the account's data)", async () => {
			const admin = await linkedUser( 'administrator' );
			const response = await rest< { code: string; message: string } >(
				`${ API }/links/${ admin.id }`,
				{ method: 'PATCH', auth: staff, body: { source: 'contact' } }
			);
			expect( response.status ).toBe( 403 );
			expect( response.body.code ).toBe(
				'users_to_contacts_not_allowed_to_edit_user'
			);
			expect( response.body.message ).toContain( 'may not edit' );
			expect( ( await linkOf( admin.id ) )?.source ).toBe( 'user' );
		} );

		it( 'is refused to staff through /bulk/apply, with the reason', async () => {
			// Linked by watch first, then unlinked: a user free to link.
			const admin = await linkedUser( 'administrator' );
			const unlinked = await rest( `${ API }/links/${ admin.id }`, {
				method: 'DELETE',
			} );
			expect( unlinked.status ).toBe( 200 );
			const contact = await rest< { id: number } >( `${ API }/contacts`, {
				method: 'POST',
				body: { type: 'individual', first_name: 'Bulk' },
			} );
			const response = await rest< ApplyAnswer >( `${ API }/bulk/apply`, {
				method: 'POST',
				auth: staff,
				body: {
					operations: [
						{
							kind: 'link',
							user_id: admin.id,
							contact_id: contact.body.id,
							source: 'contact',
						},
					],
				},
			} );
			expect( response.status ).toBe( 200 );
			expect( response.body.results[ 0 ] ).toMatchObject( {
				status: 'refused',
				reason: 'not_allowed_to_edit_user',
			} );
			expect( await linkOf( admin.id ) ).toBeUndefined();
		} );

		it( 'is allowed to an administrator', async () => {
			const author = await linkedUser( 'author' );
			await contactIsSource( author.id );
			expect( ( await linkOf( author.id ) )?.source ).toBe( 'contact' );
		} );
	} );

	describe( "an edit of an administrator's contact (the contact is the source)", () => {
		let admin: Awaited< ReturnType< typeof linkedUser > >;
		let adminEmail: string | null;

		beforeAll( async () => {
			admin = await linkedUser( 'administrator' );
			adminEmail = userEmail( admin.id );
			await contactIsSource( admin.id );
		} );

		it( "staff's new email does not reach the administrator: refused with the reason, on the event", async () => {
			const intruder = `intruder${ Date.now() }@example.com`;
			const edited = await rest(
				`${ API }/contacts/${ admin.contactId }`,
				{
					method: 'PATCH',
					auth: staff,
					body: { email: intruder },
				}
			);
			expect( edited.status ).toBe( 200 );
			const event = await finishedEvent( admin.id, 'contact_updated' );
			expect( userEmail( admin.id ) ).toBe( adminEmail );
			expect( event.actor_id ).toBe( staffId );
			expect( event.status ).toBe( 'failed' );
			expect( event.will_retry ).toBe( false );
			expect( event.error ).toContain( 'not_allowed_to_edit_user' );
			expect( event.error ).toContain( 'may not edit' );
			const failed = await rest< EventItem[] >( `${ API }/events`, {
				query: { status: 'failed', user_id: String( admin.id ) },
			} );
			expect( failed.body.map( ( item ) => item.id ) ).toContain(
				event.id
			);
		} );

		it( 'a later batch run carrying that contact data is checked against staff too: the run item says why', async () => {
			const sync = runCli( [ 'sync', '--json' ] );
			expect( sync.code ).toBe( 0 );
			const runId = ( JSON.parse( sync.out ) as { run: { id: number } } )
				.run.id;
			const item = await skippedItem( runId, admin.id );
			expect( item ).toMatchObject( {
				outcome: 'skipped',
				reason: 'not_allowed_to_edit_user',
			} );
			expect( userEmail( admin.id ) ).toBe( adminEmail );
		}, 120000 );

		it( "the administrator's own edit of the contact flows through", async () => {
			const chosen = `chosen${ Date.now() }@example.com`;
			const edited = await rest(
				`${ API }/contacts/${ admin.contactId }`,
				{
					method: 'PATCH',
					body: { email: chosen },
				}
			);
			expect( edited.status ).toBe( 200 );
			const event = await finishedEvent( admin.id, 'contact_updated' );
			expect( event.status ).toBe( 'processed' );
			expect( userEmail( admin.id ) ).toBe( chosen );
		} );
	} );

	describe( 'deleting the contact of an author, with "Delete user when contact is deleted" on', () => {
		beforeAll( async () => {
			await settings( { delete_user_with_contact: true } );
		} );

		it( "staff's deletion does not delete the author: refused with the reason, on the event", async () => {
			const author = await linkedUser( 'author' );
			await contactIsSource( author.id );
			const deleted = await rest(
				`${ API }/contacts/${ author.contactId }`,
				{
					method: 'DELETE',
					auth: staff,
				}
			);
			expect( deleted.status ).toBe( 200 );
			const event = await finishedEvent( author.id, 'contact_deleted' );
			expect( userEmail( author.id ) ).not.toBeNull();
			expect( event.actor_id ).toBe( staffId );
			expect( event.status ).toBe( 'failed' );
			expect( event.will_retry ).toBe( false );
			expect( event.error ).toContain( 'not_allowed_to_delete_user' );
		} );

		it( "an administrator's deletion deletes the author", async () => {
			const author = await linkedUser( 'author' );
			await contactIsSource( author.id );
			const deleted = await rest(
				`${ API }/contacts/${ author.contactId }`,
				{
					method: 'DELETE',
				}
			);
			expect( deleted.status ).toBe( 200 );
			const event = await finishedEvent( author.id, 'contact_deleted' );
			expect( event.status ).toBe( 'processed' );
			expect( userEmail( author.id ) ).toBeNull();
		} );
	} );

	describe( 'operations that name the person (on_behalf_of), sent by an administrator runner', () => {
		it( 'are refused when that person may not make the change, each alone, with a message', async () => {
			const admin = await createUser( 'administrator' );
			const author = await createUser( 'author' );
			const email = userEmail( admin.id );
			const response = await rest< ApplyAnswer >( `${ API }/bulk/apply`, {
				method: 'POST',
				body: {
					operations: [
						{
							kind: 'update_user',
							user_id: admin.id,
							fields: {
								user_email: `x${ Date.now() }@example.com`,
							},
							on_behalf_of: staffId,
						},
						{
							kind: 'delete_user',
							user_id: author.id,
							on_behalf_of: staffId,
						},
						{
							kind: 'update_user',
							user_id: author.id,
							fields: { nickname: 'Renamed by an administrator' },
						},
					],
				},
			} );
			expect( response.status ).toBe( 200 );
			const [ update, removal, allowed ] = response.body.results;
			expect( update ).toMatchObject( {
				status: 'refused',
				reason: 'not_allowed_to_edit_user',
			} );
			expect( update?.message ).toContain( 'may not edit' );
			expect( removal ).toMatchObject( {
				status: 'refused',
				reason: 'not_allowed_to_delete_user',
			} );
			expect( allowed ).toMatchObject( { status: 'applied' } );
			expect( userEmail( admin.id ) ).toBe( email );
			expect( userEmail( author.id ) ).not.toBeNull();
		} );
	} );
} );
