/**
 * The engine end to end: the real sidecar `watch` against the real site, driven the way people
 * drive WordPress (registration and login forms, profile and contact edits over REST).
 */
import { createUser, rest, runPhp } from '../support/site';
import {
	eventually,
	logInThroughForm,
	registerThroughForm,
} from '../support/people';
import { runCli, startWatch } from '../support/sidecar';
import {
	linkIn,
	passwordMailTo,
	setPasswordThroughMailedLink,
} from '../support/mail';
import type { Watcher } from '../support/sidecar';

interface Contact {
	id: number;
	email: string | null;
	emails: Array< { email: string; primary: boolean } >;
	first_name: string;
	last_name: string;
	display_name: string;
	notes: string;
	user: { id: number } | null;
	locked: boolean;
	former_user_id: number | null;
}

interface Link {
	user_id: number;
	contact_id: number;
	sync_enabled: boolean;
	source: 'user' | 'contact';
	origin: string;
}

const SETTINGS = '/users-to-contacts/v1/settings';
const DEFAULTS = {
	sync_mode: 'email_only',
	field_map: [],
	link_when: [ 'registration', 'login' ],
	delete_contact_with_user: false,
	delete_user_with_contact: false,
};

/**
 * How long to wait for watch before calling it stuck: a guard against hangs, not a speed target
 * (`npm run bench:latency` measures registration -> link).
 */
const SYNC_WAIT_MS = 10000;

let sequence = 0;
function person( prefix: string ) {
	sequence += 1;
	const login = `${ prefix }${ Date.now().toString( 36 ) }${ sequence }`;
	return { login, email: `${ login }@example.com` };
}

/** Registers someone through the form and waits for watch to link them. */
async function registerLinked( prefix: string ) {
	const { login, email } = person( prefix );
	const userId = await registerThroughForm( login, email );
	const { value: link } = await eventually(
		() => linkOf( userId ),
		SYNC_WAIT_MS,
		'linking'
	);
	return { login, email, userId, link };
}

async function settings( changes: Record< string, unknown > ) {
	const response = await rest( SETTINGS, {
		method: 'PUT',
		body: { ...DEFAULTS, ...changes },
	} );
	expect( response.status ).toBe( 200 );
}

async function linkOf( userId: number ): Promise< Link | undefined > {
	const response = await rest< Link >(
		`/users-to-contacts/v1/links/${ userId }`
	);
	return response.status === 200 ? response.body : undefined;
}

async function contact( id: number ): Promise< Contact > {
	const response = await rest< Contact >(
		`/users-to-contacts/v1/contacts/${ id }`
	);
	expect( response.status ).toBe( 200 );
	return response.body;
}

async function createContact(
	body: Record< string, unknown >
): Promise< Contact > {
	const response = await rest< Contact >( '/users-to-contacts/v1/contacts', {
		method: 'POST',
		body: { type: 'individual', ...body },
	} );
	expect( response.status ).toBe( 201 );
	return response.body;
}

async function setPassword( userId: number, password: string ) {
	expect(
		(
			await rest( `/wp/v2/users/${ userId }`, {
				method: 'POST',
				body: { password },
			} )
		).status
	).toBe( 200 );
}

/** Settles: no event left pending (so "nothing happened" is a fact, not a race). */
async function drained() {
	await eventually(
		async () => {
			const counts = await rest< { pending: number } >(
				'/users-to-contacts/v1/events/counts'
			);
			return counts.body.pending === 0 ? true : undefined;
		},
		10000,
		'processing every pending event'
	);
}

describe( 'real-time sync with watch running', () => {
	let watcher: Watcher;

	beforeAll( async () => {
		await settings( {} );
		watcher = await startWatch();
	} );

	// Each test starts from the defaults, whatever the one before it left.
	afterEach( () => settings( {} ) );

	afterAll( async () => {
		await watcher?.stop();
	} );

	it( 'B1 + R6: registering with the email of an existing contact links that contact once the registration e-mail proves the address', async () => {
		const { login, email } = person( 'b1match' );
		const existing = await createContact( {
			first_name: 'Existing',
			email: email.toUpperCase(),
		} );
		const userId = await registerThroughForm( login, email );
		// The person sets their password through the link WordPress mailed them (R6).
		const welcome = passwordMailTo( email );
		expect( welcome ).toBeDefined();
		await setPasswordThroughMailedLink(
			linkIn( welcome!, 'action=rp' ),
			'b1-password-123'
		);
		const { value: link } = await eventually(
			() => linkOf( userId ),
			SYNC_WAIT_MS,
			'linking'
		);
		expect( link ).toMatchObject( {
			contact_id: existing.id,
			origin: 'matched',
			source: 'user',
			sync_enabled: true,
		} );
	} );

	it( 'B1: registering with a new email creates a contact with that email', async () => {
		const { email, userId, link } = await registerLinked( 'b1new' );
		expect( link.origin ).toBe( 'created' );
		const created = await contact( link.contact_id );
		expect( created.email ).toBe( email );
		expect( created.user?.id ).toBe( userId );
		// B8: the user is the source, so the contact is locked in Contacts.
		expect( created.locked ).toBe( true );
	} );

	it( 'B2: with "link when" = login, a registered user stays unlinked until they log in', async () => {
		await settings( { link_when: [ 'login' ] } );
		const { login, email } = person( 'b2' );
		const userId = await registerThroughForm( login, email );
		await drained();
		expect( await linkOf( userId ) ).toBeUndefined();
		await setPassword( userId, 'b2-password-123' );
		await logInThroughForm( login, 'b2-password-123' );
		const { value: link } = await eventually(
			() => linkOf( userId ),
			SYNC_WAIT_MS,
			'linking on login'
		);
		expect( link.origin ).toBe( 'created' );
		await settings( {} );
	} );

	it( 'B3: with "link when" = CRM action, register and log in link nothing; saving My details links', async () => {
		await settings( { link_when: [ 'crm_action' ] } );
		const { login, email } = person( 'b3' );
		// 001's story: an anonymous signup made a contact with this email earlier.
		const signup = await createContact( { first_name: 'Signed', email } );
		const userId = await registerThroughForm( login, email );
		await setPassword( userId, 'b3-password-123' );
		await logInThroughForm( login, 'b3-password-123' );
		await drained();
		expect( await linkOf( userId ) ).toBeUndefined();
		const user = await createUserCredentials( userId );
		const saved = await rest( '/users-to-contacts/v1/me', {
			method: 'PUT',
			auth: user,
			body: { phone: '555-0303' },
		} );
		expect( saved.status ).toBe( 202 );
		const { value: link } = await eventually(
			() => linkOf( userId ),
			SYNC_WAIT_MS,
			'linking on a CRM action'
		);
		expect( link.contact_id ).toBe( signup.id );
		const me = await rest< { linked: boolean; phone: string } >(
			'/users-to-contacts/v1/me',
			{ auth: user }
		);
		expect( me.body ).toMatchObject( { linked: true, phone: '555-0303' } );
		await settings( {} );
	} );

	it( 'B4 + R5: a changed email becomes the primary email; the old one stays as secondary', async () => {
		const { email, userId, link } = await registerLinked( 'b4' );
		const newEmail = `new-${ email }`;
		expect(
			(
				await rest( `/wp/v2/users/${ userId }`, {
					method: 'POST',
					body: { email: newEmail },
				} )
			).status
		).toBe( 200 );
		const { value: updated } = await eventually(
			async () => {
				const current = await contact( link.contact_id );
				return current.email === newEmail ? current : undefined;
			},
			SYNC_WAIT_MS,
			'the email reaching the contact'
		);
		expect( updated.emails ).toEqual( [
			{ email: newEmail, primary: true },
			{ email, primary: false },
		] );
	} );

	it( "B11: in email-only mode a contact created for a user takes the user's names once; afterwards only the email follows", async () => {
		const user = await createUser( 'subscriber', {
			first_name: 'Grace',
			last_name: 'Hopper',
		} );
		const { value: link } = await eventually(
			() => linkOf( user.id ),
			SYNC_WAIT_MS,
			'linking'
		);
		expect( link.origin ).toBe( 'created' );
		expect( await contact( link.contact_id ) ).toMatchObject( {
			first_name: 'Grace',
			last_name: 'Hopper',
			display_name: 'Grace Hopper',
		} );
		const newEmail = `renamed-${ user.login }@example.com`;
		expect(
			(
				await rest( `/wp/v2/users/${ user.id }`, {
					method: 'POST',
					body: { last_name: 'Murray', email: newEmail },
				} )
			).status
		).toBe( 200 );
		const { value: updated } = await eventually(
			async () => {
				const current = await contact( link.contact_id );
				return current.email === newEmail ? current : undefined;
			},
			SYNC_WAIT_MS,
			'the email reaching the contact'
		);
		expect( updated ).toMatchObject( {
			last_name: 'Hopper',
			display_name: 'Grace Hopper',
		} );
	} );

	it( 'B11: a display name taken from the email follows the email when it changes; a typed one stays', async () => {
		const bareEmail = person( 'b11bare' ).email;
		const namedEmail = person( 'b11named' ).email;
		// Contacts made with nothing but an email are named after it.
		const fromEmail = await createContact( { email: bareEmail } );
		expect( fromEmail.display_name ).toBe( bareEmail );
		const typed = await createContact( {
			email: namedEmail,
			display_name: 'The Named One',
		} );
		const bare = await createUser( 'subscriber', { email: bareEmail } );
		const named = await createUser( 'subscriber', { email: namedEmail } );
		// An administrator set these addresses, so they may match (R6).
		for ( const [ user, holder ] of [
			[ bare, fromEmail ],
			[ named, typed ],
		] as const ) {
			const { value: link } = await eventually(
				() => linkOf( user.id ),
				SYNC_WAIT_MS,
				'linking'
			);
			expect( link.contact_id ).toBe( holder.id );
		}
		for ( const [ user, holder, expected, email ] of [
			[ bare, fromEmail, `changed-${ bareEmail }`, bareEmail ],
			[ named, typed, 'The Named One', namedEmail ],
		] as const ) {
			const newEmail = `changed-${ email }`;
			expect(
				(
					await rest( `/wp/v2/users/${ user.id }`, {
						method: 'POST',
						body: { email: newEmail },
					} )
				).status
			).toBe( 200 );
			const { value: updated } = await eventually(
				async () => {
					const current = await contact( holder.id );
					return current.email === newEmail ? current : undefined;
				},
				SYNC_WAIT_MS,
				'the email reaching the contact'
			);
			expect( updated.display_name ).toBe( expected );
		}
	} );

	it( 'B7: switch off stops syncing and keeps the link; on again syncs at once', async () => {
		const { email, userId, link } = await registerLinked( 'b7' );
		expect(
			(
				await rest( `/users-to-contacts/v1/links/${ userId }`, {
					method: 'PATCH',
					body: { sync_enabled: false },
				} )
			).status
		).toBe( 200 );
		const offEmail = `off-${ email }`;
		await rest( `/wp/v2/users/${ userId }`, {
			method: 'POST',
			body: { email: offEmail },
		} );
		await drained();
		expect( ( await contact( link.contact_id ) ).email ).toBe( email );
		expect( await linkOf( userId ) ).toMatchObject( {
			contact_id: link.contact_id,
			sync_enabled: false,
		} );
		expect(
			(
				await rest( `/users-to-contacts/v1/links/${ userId }`, {
					method: 'PATCH',
					body: { sync_enabled: true },
				} )
			).status
		).toBe( 200 );
		await eventually(
			async () =>
				( await contact( link.contact_id ) ).email === offEmail
					? true
					: undefined,
			SYNC_WAIT_MS,
			'the resync after switching on'
		);
	} );

	it( 'B7: an unlinked user whose switch is off is linked neither on login nor by the batch sync', async () => {
		// Registration is no moment to link here, so the new user starts unlinked.
		await settings( { link_when: [ 'login' ] } );
		const user = await createUser( 'subscriber' );
		// What Add New User / Edit User store when the switch is turned off.
		runPhp(
			`update_user_meta( ${ user.id }, \\UsersToContacts\\Database\\UsersReader::SYNC_OFF_META, '1' );`
		);
		await drained();
		const page = await rest< { users: Array< { sync_off: boolean } > } >(
			'/users-to-contacts/v1/bulk/users',
			{ query: { include: String( user.id ) } }
		);
		expect( page.body.users[ 0 ]?.sync_off ).toBe( true );
		await setPassword( user.id, 'b7-off-password-123' );
		await logInThroughForm( user.login, 'b7-off-password-123' );
		await drained();
		expect( await linkOf( user.id ) ).toBeUndefined();
		const sync = runCli( [ 'sync', '--json' ] );
		expect( sync.code ).toBe( 0 );
		await drained();
		expect( await linkOf( user.id ) ).toBeUndefined();
	} );

	it( 'B9 + B10 + R4: reversed, contact edits reach the user through the mapping, without an event loop', async () => {
		await settings( {
			sync_mode: 'mapped',
			field_map: [
				{ user_field: 'first_name', contact_field: 'first_name' },
			],
		} );
		const { userId, link } = await registerLinked( 'b9' );
		await rest( `/users-to-contacts/v1/links/${ userId }`, {
			method: 'PATCH',
			body: { source: 'contact' },
		} );
		await drained();
		const before = await rest< unknown[] >(
			'/users-to-contacts/v1/events',
			{
				query: { user_id: String( userId ), per_page: '100' },
			}
		);
		const eventsBefore = Number( before.headers.get( 'x-wp-total' ) );
		const edit = await rest(
			`/users-to-contacts/v1/contacts/${ link.contact_id }`,
			{
				method: 'PATCH',
				body: { first_name: 'Reversed', notes: 'not mapped' },
			}
		);
		expect( edit.status ).toBe( 200 );
		await eventually(
			async () => {
				const user = await rest< { first_name: string } >(
					`/wp/v2/users/${ userId }`,
					{ query: { context: 'edit' } }
				);
				return user.body.first_name === 'Reversed' ? true : undefined;
			},
			SYNC_WAIT_MS,
			'the contact edit reaching the user'
		);
		await drained();
		// R4: one event for the contact edit; the engine's write to the user recorded none.
		const after = await rest< Array< { type: string } > >(
			'/users-to-contacts/v1/events',
			{ query: { user_id: String( userId ), per_page: '100' } }
		);
		expect(
			Number( after.headers.get( 'x-wp-total' ) ) - eventsBefore
		).toBe( 1 );
		const user = await rest< { description: string } >(
			`/wp/v2/users/${ userId }`,
			{
				query: { context: 'edit' },
			}
		);
		expect( user.body.description ).toBe( '' );
		await settings( {} );
	} );

	it( "B12: a deleted user's contact stays, marked as theirs; with the setting on it goes", async () => {
		const kept = person( 'b12keep' );
		const keptId = await registerThroughForm( kept.login, kept.email );
		const { value: keptLink } = await eventually(
			() => linkOf( keptId ),
			SYNC_WAIT_MS,
			'linking'
		);
		await rest( `/wp/v2/users/${ keptId }`, {
			method: 'DELETE',
			query: { force: 'true', reassign: '1' },
		} );
		const { value: orphan } = await eventually(
			async () => {
				const current = await contact( keptLink.contact_id );
				// The link row goes and the contact remembers whose it was.
				return current.former_user_id === keptId ? current : undefined;
			},
			SYNC_WAIT_MS,
			'unlinking'
		);
		expect( orphan.user ).toBeNull();
		expect( await linkOf( keptId ) ).toBeUndefined();

		await settings( { delete_contact_with_user: true } );
		const gone = person( 'b12gone' );
		const goneId = await registerThroughForm( gone.login, gone.email );
		const { value: goneLink } = await eventually(
			() => linkOf( goneId ),
			SYNC_WAIT_MS,
			'linking'
		);
		await rest( `/wp/v2/users/${ goneId }`, {
			method: 'DELETE',
			query: { force: 'true', reassign: '1' },
		} );
		await eventually(
			async () =>
				(
					await rest(
						`/users-to-contacts/v1/contacts/${ goneLink.contact_id }`
					)
				).status === 404
					? true
					: undefined,
			SYNC_WAIT_MS,
			'deleting the contact'
		);
		await settings( {} );
	} );

	it( 'B12 reversed: deleting the contact deletes the user, but never an administrator', async () => {
		await settings( { delete_user_with_contact: true } );
		const { userId, link } = await registerLinked( 'b12rev' );
		await rest( `/users-to-contacts/v1/links/${ userId }`, {
			method: 'PATCH',
			body: { source: 'contact' },
		} );
		expect(
			(
				await rest(
					`/users-to-contacts/v1/contacts/${ link.contact_id }`,
					{
						method: 'DELETE',
					}
				)
			).status
		).toBe( 200 );
		await eventually(
			async () =>
				( await rest( `/wp/v2/users/${ userId }` ) ).status === 404
					? true
					: undefined,
			SYNC_WAIT_MS,
			'deleting the user'
		);

		// The contact first: the watcher may handle the new administrator's registration before
		// the link is posted, and then it links this contact instead of making another.
		const adminEmail = `admin-${ Date.now().toString( 36 ) }@example.com`;
		const adminContact = await createContact( {
			first_name: 'Admin',
			email: adminEmail,
		} );
		const admin = await createUser( 'administrator', {
			email: adminEmail,
		} );
		await rest( '/users-to-contacts/v1/links', {
			method: 'POST',
			body: {
				user_id: admin.id,
				contact_id: adminContact.id,
				source: 'contact',
			},
		} );
		// Made by that request or by the watcher: the contact is the source either way.
		await rest( `/users-to-contacts/v1/links/${ admin.id }`, {
			method: 'PUT',
			body: { source: 'contact' },
		} );
		expect(
			(
				await rest< { contact_id: number; source: string } >(
					`/users-to-contacts/v1/links/${ admin.id }`
				)
			).body
		).toMatchObject( { contact_id: adminContact.id, source: 'contact' } );
		await rest( `/users-to-contacts/v1/contacts/${ adminContact.id }`, {
			method: 'DELETE',
		} );
		await drained();
		expect( ( await rest( `/wp/v2/users/${ admin.id }` ) ).status ).toBe(
			200
		);
		await settings( {} );
	} );
} );

/** An application password for a user created by a form (so /me can be called as them). */
async function createUserCredentials( userId: number ) {
	const created = await rest< { password: string } >(
		`/wp/v2/users/${ userId }/application-passwords`,
		{
			method: 'POST',
			body: { name: 'tests' },
		}
	);
	expect( created.status ).toBe( 201 );
	const user = await rest< { username: string } >(
		`/wp/v2/users/${ userId }`,
		{
			query: { context: 'edit' },
		}
	);
	return { user: user.body.username, password: created.body.password };
}

describe( 'registrations while watch is stopped', () => {
	it( 'B2: are all linked once it starts again: nothing is lost', async () => {
		await settings( {} );
		const people = [
			person( 'offline' ),
			person( 'offline' ),
			person( 'offline' ),
		];
		const ids: number[] = [];
		for ( const someone of people ) {
			ids.push(
				await registerThroughForm( someone.login, someone.email )
			);
		}
		// Nobody processes events now: they wait, visibly pending.
		for ( const id of ids ) {
			expect( await linkOf( id ) ).toBeUndefined();
		}
		const pending = await rest< { pending: number } >(
			'/users-to-contacts/v1/events/counts'
		);
		expect( pending.body.pending ).toBeGreaterThanOrEqual( 3 );
		const watcher = await startWatch();
		try {
			for ( const id of ids ) {
				await eventually(
					() => linkOf( id ),
					5000,
					`linking user ${ id }`
				);
			}
		} finally {
			await watcher.stop();
		}
	} );
} );
