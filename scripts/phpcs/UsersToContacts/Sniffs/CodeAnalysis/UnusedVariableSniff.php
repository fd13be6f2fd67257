<?php
/**
 * A local variable that is assigned and never read is dead code or a bug.
 *
 * Core phpcs has no such sniff (WPCS borrows VariableAnalysis, which Debian does not ship). This
 * one is deliberately narrow so it never reports a variable that is used: only plain `$name = …`
 * assignments count as writes; everything else (`$name[…] = …`, `.=`, by-reference binding,
 * foreach, a variable passed to a function, `{$name}` in a string) counts as a use.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Sniffs\CodeAnalysis;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;
use PHP_CodeSniffer\Util\Tokens;

/**
 * Reports, per function or closure, the variables whose every occurrence is `$name = …`.
 */
final class UnusedVariableSniff implements Sniff {

	private const NOT_LOCAL = array( 'this', 'GLOBALS', '_GET', '_POST', '_COOKIE', '_SERVER', '_FILES', '_ENV', '_REQUEST', '_SESSION' );

	/**
	 * The tokens this sniff looks at.
	 *
	 * @return list<int|string>
	 */
	public function register() {
		return array( T_FUNCTION, T_CLOSURE );
	}

	/**
	 * Checks the body of the function or closure at $stack_ptr.
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $stack_ptr  The `function` token.
	 * @return void
	 */
	public function process( File $phpcs_file, $stack_ptr ) {
		$tokens = $phpcs_file->getTokens();
		if ( ! isset( $tokens[ $stack_ptr ]['scope_opener'], $tokens[ $stack_ptr ]['scope_closer'] ) ) {
			return; // An abstract or interface method has no body.
		}
		$imported = array();
		foreach ( $phpcs_file->getMethodParameters( $stack_ptr ) as $parameter ) {
			$imported[ ltrim( $parameter['name'], '&$.' ) ] = true;
		}
		foreach ( $this->closure_use_names( $phpcs_file, $stack_ptr ) as $name ) {
			$imported[ $name ] = true;
		}

		$writes = array();
		$read   = array();
		$opener = $tokens[ $stack_ptr ]['scope_opener'];
		$closer = $tokens[ $stack_ptr ]['scope_closer'];
		for ( $i = $opener + 1; $i < $closer; $i++ ) {
			$code = $tokens[ $i ]['code'];
			if ( T_CLOSURE === $code || T_FUNCTION === $code || T_ANON_CLASS === $code ) {
				// Its own scope, checked on its own; what a closure imports is read here.
				foreach ( $this->closure_use_names( $phpcs_file, $i ) as $name ) {
					$read[ $name ] = true;
				}
				$i = $tokens[ $i ]['scope_closer'] ?? $i;
				continue;
			}
			if ( T_DOLLAR === $code || ( T_STRING === $code && in_array( strtolower( $tokens[ $i ]['content'] ), array( 'compact', 'extract', 'get_defined_vars' ), true ) ) ) {
				return; // Variables named at run time: nothing can be said.
			}
			if ( T_DOUBLE_QUOTED_STRING === $code || T_HEREDOC === $code ) {
				preg_match_all( '/\$\{?([a-zA-Z_\x80-\xff][a-zA-Z0-9_\x80-\xff]*)/', $tokens[ $i ]['content'], $matches );
				foreach ( $matches[1] as $name ) {
					$read[ $name ] = true;
				}
				continue;
			}
			if ( T_VARIABLE !== $code ) {
				continue;
			}
			$name     = substr( $tokens[ $i ]['content'], 1 );
			$previous = $phpcs_file->findPrevious( Tokens::$emptyTokens, $i - 1, null, true );
			if ( T_DOUBLE_COLON === $tokens[ $previous ]['code'] ) {
				continue; // A static property.
			}
			if ( $this->is_plain_assignment( $phpcs_file, $i ) ) {
				$writes[ $name ] = $writes[ $name ] ?? $i;
			} else {
				$read[ $name ] = true;
			}
		}

		foreach ( $writes as $name => $first_write ) {
			if ( ! isset( $read[ $name ] ) && ! isset( $imported[ $name ] ) && ! in_array( $name, self::NOT_LOCAL, true ) ) {
				$phpcs_file->addError( 'Variable $%s is assigned but never used', $first_write, 'Found', array( $name ) );
			}
		}
	}

	/**
	 * Whether the variable at $variable is the target of `$name = …` (not `= &…`, which binds a
	 * reference whose writes are the point).
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $variable   The variable token.
	 * @return bool
	 */
	private function is_plain_assignment( File $phpcs_file, int $variable ): bool {
		$tokens = $phpcs_file->getTokens();
		$next   = $phpcs_file->findNext( Tokens::$emptyTokens, $variable + 1, null, true );
		if ( false === $next || T_EQUAL !== $tokens[ $next ]['code'] ) {
			return false;
		}
		$value = $phpcs_file->findNext( Tokens::$emptyTokens, $next + 1, null, true );
		return false !== $value && T_BITWISE_AND !== $tokens[ $value ]['code'];
	}

	/**
	 * The names a closure imports with `use ( … )`, or none for anything else.
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $function   The `function` token.
	 * @return list<string>
	 */
	private function closure_use_names( File $phpcs_file, int $function ): array {
		$tokens = $phpcs_file->getTokens();
		if ( T_CLOSURE !== $tokens[ $function ]['code'] || ! isset( $tokens[ $function ]['parenthesis_closer'] ) ) {
			return array();
		}
		$use = $phpcs_file->findNext( Tokens::$emptyTokens, $tokens[ $function ]['parenthesis_closer'] + 1, null, true );
		if ( false === $use || T_USE !== $tokens[ $use ]['code'] ) {
			return array();
		}
		$open = $phpcs_file->findNext( T_OPEN_PARENTHESIS, $use + 1 );
		if ( false === $open || ! isset( $tokens[ $open ]['parenthesis_closer'] ) ) {
			return array();
		}
		$names = array();
		for ( $i = $open + 1; $i < $tokens[ $open ]['parenthesis_closer']; $i++ ) {
			if ( T_VARIABLE === $tokens[ $i ]['code'] ) {
				$names[] = substr( $tokens[ $i ]['content'], 1 );
			}
		}
		return $names;
	}
}
