/**
 * R6: a user is matched to an existing contact only on an email they have shown they own,
 * against the real site with `watch` running, the mail captured in the site's mail folder.
 */
import { createUser, rest, runPhp, testSite } from '../support/site';
import {
	eventually,
	logInThroughForm,
	registerThroughForm,
} from '../support/people';
import {
	linkIn,
	mailTo,
	passwordMailTo,
	setPasswordThroughMailedLink,
} from '../support/mail';
import { runCli, startWatch } from '../support/sidecar';
import type { Watcher } from '../support/sidecar';

interface Link {
	user_id: number;
	contact_id: number;
	origin: string;
}

interface Me {
	linked: boolean;
	contact_id: number | null;
	phone: string;
	street_address: string;
	emails: unknown[];
}

const SETTINGS = '/users-to-contacts/v1/settings';
const DEFAULTS = {
	sync_mode: 'email_only',
	field_map: [],
	link_when: [ 'registration', 'login' ],
	delete_contact_with_user: false,
	delete_user_with_contact: false,
	trust_all_emails: false,
};
const CONFIRM_SUBJECT = 'Confirm your email address';
const SYNC_WAIT_MS = 10000;

let sequence = 0;
function person( prefix: string ) {
	sequence += 1;
	const login = `${ prefix }${ Date.now().toString( 36 ) }${ sequence }`;
	return { login, email: `${ login }@example.com` };
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

async function linked( userId: number, what: string ): Promise< Link > {
	return ( await eventually( () => linkOf( userId ), SYNC_WAIT_MS, what ) )
		.value;
}

async function createContact(
	body: Record< string, unknown >
): Promise< { id: number } > {
	const response = await rest< { id: number } >(
		'/users-to-contacts/v1/contacts',
		{ method: 'POST', body: { type: 'individual', ...body } }
	);
	expect( response.status ).toBe( 201 );
	return response.body;
}

/** The runner of this file's tests (started before them). */
let watcher: Watcher | undefined;

/** No event left pending, so "nothing was linked" is a fact, not a race. */
async function drained() {
	try {
		await eventually(
			async () => {
				const counts = await rest< { pending: number } >(
					'/users-to-contacts/v1/events/counts'
				);
				return counts.body.pending === 0 ? true : undefined;
			},
			SYNC_WAIT_MS,
			'processing every pending event'
		);
	} catch ( error ) {
		throw new Error(
			`${ ( error as Error ).message }; still pending: ${ runPhp(
				'global $wpdb; echo wp_json_encode( $wpdb->get_results( "SELECT id, type, user_id, attempts, created, claimed_until, claim_token, UTC_TIMESTAMP() AS now FROM {$wpdb->prefix}utc_events WHERE processed_at IS NULL AND error IS NULL ORDER BY id DESC LIMIT 10" ) );'
			) }; watch said: ${ watcher?.output().slice( -1500 ) ?? 'not started' }`
		);
	}
}

function confirmations( email: string ) {
	return mailTo( email ).filter( ( mail ) =>
		mail.subject.includes( CONFIRM_SUBJECT )
	);
}

async function confirmationMail( email: string ) {
	return (
		await eventually(
			async () => confirmations( email ).at( -1 ),
			SYNC_WAIT_MS,
			`a confirmation message to ${ email }`
		)
	).value;
}

/** An application password for a user the admin did not create (the admin edits nothing). */
async function credentialsOf( userId: number, login: string ) {
	const created = await rest< { password: string } >(
		`/wp/v2/users/${ userId }/application-passwords`,
		{ method: 'POST', body: { name: 'tests' } }
	);
	expect( created.status ).toBe( 201 );
	return { user: login, password: created.body.password };
}

/**
 * Someone registers through the form and sets their password through the e-mailed link, as
 * people do: their own address is proven. Returns their id and password.
 */
async function registerAndSetPassword( login: string, email: string ) {
	const userId = await registerThroughForm( login, email );
	const welcome = passwordMailTo( email );
	expect( welcome ).toBeDefined();
	const password = `pw-${ login }-123`;
	await setPasswordThroughMailedLink(
		linkIn( welcome!, 'action=rp' ),
		password
	);
	return { userId, password };
}

describe( 'R6: email ownership before a match', () => {
	beforeAll( async () => {
		await settings( {} );
		watcher = await startWatch();
	} );

	afterEach( () => settings( {} ) );

	afterAll( async () => {
		await watcher?.stop();
	} );

	/**
	 * The attack of issue 8: an unlinked subscriber sets their own email, through the REST
	 * API and without any confirmation, to the address of a contact, then logs in.
	 */
	async function takeOver( prefix: string ) {
		const victim = person( `${ prefix }victim` );
		const contact = await createContact( {
			first_name: 'Victim',
			phone: '555-0199',
			street_address: '1 Private Road',
			email: victim.email,
		} );
		const attacker = await createUser( 'subscriber' );
		await drained();
		expect( await linkOf( attacker.id ) ).toBeUndefined();
		const changed = await rest( '/wp/v2/users/me', {
			method: 'POST',
			auth: attacker.credentials,
			body: { email: victim.email },
		} );
		expect( changed.status ).toBe( 200 );
		await logInThroughForm( attacker.login, 'secret-password-123' );
		return { victim, contact, attacker };
	}

	it( "the attack: a self-set email waits for confirmation; the contact's data stays private; the mailed link links", async () => {
		// The attacker is not linked on registration, so their first login would link them.
		await settings( { link_when: [ 'login' ] } );
		const { victim, contact, attacker } = await takeOver( 'attack' );
		await drained();

		// Not linked to that contact (nor to any other).
		expect( await linkOf( attacker.id ) ).toBeUndefined();
		const me = await rest< Me >( '/users-to-contacts/v1/me', {
			auth: attacker.credentials,
		} );
		expect( me.status ).toBe( 200 );
		expect( me.body ).toMatchObject( {
			linked: false,
			contact_id: null,
			phone: '',
			street_address: '',
			emails: [],
		} );

		// The match waits, visibly: the runner's log, and the batch tool's reason.
		expect( watcher?.output() ).toContain(
			`user ${ attacker.id }: waiting for email confirmation of ${ victim.email } to link contact #${ contact.id }`
		);
		const dryRun = runCli( [ 'sync', '--dry-run' ] );
		expect( dryRun.code ).toBe( 0 );
		expect( dryRun.out ).toContain(
			`skipped user ${ attacker.id }: email_unverified`
		);

		// The owner of the address got the confirmation message, once, however often the
		// attacker logs in.
		const mail = await confirmationMail( victim.email );
		await logInThroughForm( attacker.login, 'secret-password-123' );
		await drained();
		expect( confirmations( victim.email ) ).toHaveLength( 1 );
		expect( await linkOf( attacker.id ) ).toBeUndefined();

		// Following the link (what only the owner of the address can do) links.
		const link = linkIn( mail, 'users_to_contacts_confirm_email=' );
		const confirmed = await fetch( link );
		expect( confirmed.status ).toBe( 200 );
		expect( await confirmed.text() ).toContain( 'is confirmed' );
		const made = await linked( attacker.id, 'linking once confirmed' );
		expect( made ).toMatchObject( {
			contact_id: contact.id,
			origin: 'matched',
		} );
		const after = await rest< Me >( '/users-to-contacts/v1/me', {
			auth: attacker.credentials,
		} );
		expect( after.body ).toMatchObject( {
			linked: true,
			phone: '555-0199',
		} );
	} );

	it( 'a link verifies only the address it was sent to, for that user, and only as signed', async () => {
		await settings( { link_when: [ 'login' ] } );
		const { victim, attacker } = await takeOver( 'tamper' );
		const link = linkIn(
			await confirmationMail( victim.email ),
			'users_to_contacts_confirm_email='
		);
		const token = new URL( link ).searchParams.get(
			'users_to_contacts_confirm_email'
		)!;
		const [ userId, expires, signature ] = token.split( '.' );
		const site = new URL( link );
		const open = ( value: string ) => {
			site.searchParams.set( 'users_to_contacts_confirm_email', value );
			return fetch( site.toString() );
		};
		// Another user, a later expiry, another signature: refused.
		for ( const forged of [
			`${ Number( userId ) - 1 }.${ expires }.${ signature }`,
			`${ userId }.${ Number( expires ) + 86400 }.${ signature }`,
			`${ userId }.${ expires }.${ 'a'.repeat( 64 ) }`,
			'garbage',
		] ) {
			expect( ( await open( forged ) ).status ).toBe( 400 );
		}
		// Once the account's email has changed, the link confirms nothing.
		const elsewhere = person( 'tamperelse' ).email;
		expect(
			(
				await rest( '/wp/v2/users/me', {
					method: 'POST',
					auth: attacker.credentials,
					body: { email: elsewhere },
				} )
			).status
		).toBe( 200 );
		expect( ( await fetch( link ) ).status ).toBe( 400 );
		const users = await rest< {
			users: Array< { id: number; email_verified: boolean } >;
		} >( '/users-to-contacts/v1/bulk/users', {
			query: { include: String( attacker.id ) },
		} );
		expect( users.body.users[ 0 ] ).toMatchObject( {
			id: attacker.id,
			email_verified: false,
		} );
		await drained();
		expect( await linkOf( attacker.id ) ).toBeUndefined();
	} );

	it( "trust_all_emails on: the match is made on the email alone (CiviCRM's behaviour)", async () => {
		await settings( { link_when: [ 'login' ], trust_all_emails: true } );
		const { victim, contact, attacker } = await takeOver( 'trusting' );
		const made = await linked( attacker.id, 'linking on login' );
		expect( made ).toMatchObject( {
			contact_id: contact.id,
			origin: 'matched',
		} );
		expect( confirmations( victim.email ) ).toHaveLength( 0 );
	} );

	it( "a user an administrator creates with a contact's email is linked to it at once", async () => {
		const { email } = person( 'byadmin' );
		const contact = await createContact( { first_name: 'Known', email } );
		const user = await createUser( 'subscriber', { email } );
		const made = await linked( user.id, 'linking on registration' );
		expect( made ).toMatchObject( {
			contact_id: contact.id,
			origin: 'matched',
		} );
		expect( confirmations( email ) ).toHaveLength( 0 );
	} );

	it( 'a user whose email no contact holds gets a new contact without confirming anything', async () => {
		const { login, email } = person( 'fresh' );
		const userId = await registerThroughForm( login, email );
		const made = await linked( userId, 'linking on registration' );
		expect( made.origin ).toBe( 'created' );
		expect( confirmations( email ) ).toHaveLength( 0 );
	} );

	it( "registering with a contact's email links once the password is set through the registration e-mail", async () => {
		const { login, email } = person( 'registers' );
		const contact = await createContact( { first_name: 'Signed', email } );
		const userId = await registerThroughForm( login, email );
		await drained();
		expect( await linkOf( userId ) ).toBeUndefined();
		// WordPress's own "set your password" link reached the address: that proves it.
		const welcome = mailTo( email ).find( ( mail ) =>
			mail.message.includes( 'action=rp' )
		);
		expect( welcome ).toBeDefined();
		await setPasswordThroughMailedLink(
			linkIn( welcome!, 'action=rp' ),
			'registers-password-123'
		);
		const made = await linked( userId, 'linking once the password is set' );
		expect( made ).toMatchObject( {
			contact_id: contact.id,
			origin: 'matched',
		} );
	} );

	it( "an email changed through WordPress's own confirmation (profile.php) is verified", async () => {
		// Linked on the first save of My details, so the person can change their email first.
		await settings( { link_when: [ 'crm_action' ] } );
		const { login, email } = person( 'profile' );
		const { userId, password } = await registerAndSetPassword(
			login,
			email
		);
		const target = person( 'profiletarget' ).email;
		const contact = await createContact( {
			first_name: 'Target',
			email: target,
		} );

		// The person changes their email on their profile screen; WordPress mails the new
		// address a link, and changes the email only when it is followed.
		const cookies = await logInThroughForm( login, password );
		const site = new URL( testSite().url );
		const profile = await fetch( `${ site.origin }/wp-admin/profile.php`, {
			headers: { Cookie: cookies },
		} );
		const form = await profile.text();
		const nonce = form.match(
			/name="_wpnonce" value="([0-9a-f]+)"/
		)?.[ 1 ];
		expect( nonce ).toBeDefined();
		const saved = await fetch( `${ site.origin }/wp-admin/profile.php`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				Cookie: cookies,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams( {
				_wpnonce: nonce!,
				action: 'update',
				user_id: String( userId ),
				from: 'profile',
				email: target,
				nickname: login,
				display_name: login,
			} ),
		} );
		expect( saved.status ).toBe( 302 );
		const change = await eventually(
			async () =>
				mailTo( target ).find( ( mail ) =>
					mail.message.includes( 'newuseremail=' )
				),
			SYNC_WAIT_MS,
			"WordPress's email change message"
		);
		const followed = await fetch( linkIn( change.value, 'newuseremail=' ), {
			redirect: 'manual',
			headers: { Cookie: cookies },
		} );
		expect( followed.status ).toBe( 302 );

		// Saving My details now links to the contact at once: no message of the plugin's.
		const saving = await rest( '/users-to-contacts/v1/me', {
			method: 'PUT',
			auth: await credentialsOf( userId, login ),
			body: { phone: '555-0123' },
		} );
		expect( saving.status ).toBe( 202 );
		const made = await linked( userId, 'linking on My details' );
		expect( made ).toMatchObject( {
			contact_id: contact.id,
			origin: 'matched',
		} );
		expect( confirmations( target ) ).toHaveLength( 0 );
	} );
} );
