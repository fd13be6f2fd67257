/**
 * Makes sure the system programs a local WordPress needs are installed.
 *
 * Debian ships everything: PHP, MariaDB, WordPress 6.1 and Chromium. As root we install what is
 * missing with apt-get; otherwise we name the packages and stop.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const REQUIREMENTS = [
	{ path: '/usr/bin/php', packages: [ 'php-cli' ] },
	{ path: '/usr/bin/phpcs', packages: [ 'php-codesniffer' ] },
	{ path: '/usr/bin/xgettext', packages: [ 'gettext' ] },
	{ path: '/usr/sbin/mariadbd', packages: [ 'mariadb-server' ] },
	{ path: '/usr/bin/mariadb-install-db', packages: [ 'mariadb-server' ] },
	{ path: '/usr/share/wordpress/wp-settings.php', packages: [ 'wordpress' ] },
	// A classic theme and a second block theme beside Debian's default (Twenty Twenty-Three), so
	// the visitor forms are tried in both kinds (tests/e2e/visitorSite.ts).
	{
		path: '/usr/share/wordpress/wp-content/themes/twentytwentyone/style.css',
		packages: [ 'wordpress-theme-twentytwentyone' ],
	},
	{
		path: '/usr/share/wordpress/wp-content/themes/twentytwentytwo/style.css',
		packages: [ 'wordpress-theme-twentytwentytwo' ],
	},
	{ path: '/usr/bin/chromium', packages: [ 'chromium' ] },
];

// PHP extensions WordPress and the plugin need, checked through `php -m`.
const PHP_EXTENSIONS = [
	{ module: 'mysqli', package: 'php-mysql' },
	{ module: 'mbstring', package: 'php-mbstring' },
	{ module: 'xml', package: 'php-xml' },
	{ module: 'curl', package: 'php-curl' },
];

export const SYSTEM_PACKAGES = [
	'php-cli',
	'php-mysql',
	'php-mbstring',
	'php-xml',
	'php-curl',
	'php-codesniffer',
	'gettext',
	'mariadb-server',
	'wordpress',
	'wordpress-theme-twentytwentyone',
	'wordpress-theme-twentytwentytwo',
	'chromium',
];

function missingPackages() {
	const missing = new Set();
	for ( const requirement of REQUIREMENTS ) {
		if ( ! existsSync( requirement.path ) ) {
			requirement.packages.forEach( ( name ) => missing.add( name ) );
		}
	}
	if ( existsSync( '/usr/bin/php' ) ) {
		const modules = spawnSync( 'php', [ '-m' ], { encoding: 'utf8' } )
			.stdout.toLowerCase()
			.split( '\n' )
			.map( ( line ) => line.trim() );
		for ( const extension of PHP_EXTENSIONS ) {
			if ( ! modules.includes( extension.module ) ) {
				missing.add( extension.package );
			}
		}
	}
	return [ ...missing ];
}

/**
 * Installs missing Debian packages when running as root, or throws a clear error.
 *
 * @param {(line: string) => void} log Progress output.
 */
export function ensureSystemPackages( log = console.log ) {
	const missing = missingPackages();
	if ( missing.length === 0 ) {
		return;
	}
	const isRoot =
		typeof process.getuid === 'function' && process.getuid() === 0;
	if ( ! isRoot ) {
		throw new Error(
			`These system packages are missing: ${ missing.join( ' ' ) }.\n` +
				`Install them once with:\n  sudo apt-get install -y ${ SYSTEM_PACKAGES.join( ' ' ) }`
		);
	}
	log(
		`Installing system packages: ${ missing.join( ' ' ) } (about a minute)…`
	);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = spawnSync( 'apt-get', [ 'update', '-qq' ], {
		stdio: 'inherit',
		env,
	} );
	if ( update.status !== 0 ) {
		throw new Error( 'apt-get update failed; see the output above.' );
	}
	const install = spawnSync(
		'apt-get',
		[ 'install', '-y', '-qq', ...SYSTEM_PACKAGES ],
		{ stdio: 'inherit', env }
	);
	if ( install.status !== 0 ) {
		throw new Error( 'apt-get install failed; see the output above.' );
	}
	const still = missingPackages();
	if ( still.length > 0 ) {
		throw new Error(
			`Still missing after apt-get install: ${ still.join( ' ' ) }`
		);
	}
}
