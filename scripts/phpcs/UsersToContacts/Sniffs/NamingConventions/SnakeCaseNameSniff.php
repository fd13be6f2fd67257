<?php
/**
 * Functions, methods and variables are named in lowercase words joined by underscores, as in
 * WordPress.
 *
 * Core phpcs's naming sniffs (PEAR, Squiz, Zend, PSR1) all ask for camelCase instead.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Sniffs\NamingConventions;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;
use PHP_CodeSniffer\Util\Tokens;

/**
 * Reports function, method, parameter, property and variable names that are not snake_case.
 */
final class SnakeCaseNameSniff implements Sniff {

	private const SNAKE_CASE = '/^_?[a-z][a-z0-9]*(_[a-z0-9]+)*$/';

	/**
	 * PHP's own variables.
	 */
	private const PREDEFINED = array( 'this', 'GLOBALS', '_GET', '_POST', '_COOKIE', '_SERVER', '_FILES', '_ENV', '_REQUEST', '_SESSION', 'http_response_header' );

	/**
	 * The tokens this sniff looks at.
	 *
	 * @return list<int|string>
	 */
	public function register() {
		return array( T_FUNCTION, T_VARIABLE );
	}

	/**
	 * Reports the name declared or used at $stack_ptr when it is not snake_case.
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $stack_ptr  The `function` or variable token.
	 * @return void
	 */
	public function process( File $phpcs_file, $stack_ptr ) {
		$tokens = $phpcs_file->getTokens();
		if ( T_FUNCTION === $tokens[ $stack_ptr ]['code'] ) {
			$name = $phpcs_file->getDeclarationName( $stack_ptr );
			// Magic methods (__construct, __toString…) are PHP's names.
			if ( null !== $name && ! str_starts_with( $name, '__' ) && ! preg_match( self::SNAKE_CASE, $name ) ) {
				$phpcs_file->addError( 'Function name "%s" is not in snake_case', $stack_ptr, 'Function', array( $name ) );
			}
			return;
		}
		$name = substr( $tokens[ $stack_ptr ]['content'], 1 );
		if ( in_array( $name, self::PREDEFINED, true ) || preg_match( self::SNAKE_CASE, $name ) ) {
			return;
		}
		$previous = $phpcs_file->findPrevious( Tokens::$emptyTokens, $stack_ptr - 1, null, true );
		if ( T_DOUBLE_COLON === $tokens[ $previous ]['code'] && ! in_array( strtolower( $tokens[ $previous - 1 ]['content'] ), array( 'self', 'static' ), true ) ) {
			return; // Another class's static property: its name is not ours to choose.
		}
		$phpcs_file->addError( 'Variable name "$%s" is not in snake_case', $stack_ptr, 'Variable', array( $name ) );
	}
}
