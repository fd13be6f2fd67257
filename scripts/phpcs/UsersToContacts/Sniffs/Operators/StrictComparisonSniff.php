<?php
/**
 * Comparisons are strict: `===` and `!==`, and in_array() / array_search() with `true`.
 *
 * Core phpcs has only Squiz.Operators.ComparisonOperatorUsage, which also forbids `! $x` and
 * `if ( $x )` (WordPress style) under the same error code, so the plugin keeps this one.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Sniffs\Operators;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

/**
 * Reports `==`, `!=`, `<>`, and in_array() / array_search() calls without their strict argument.
 */
final class StrictComparisonSniff implements Sniff {

	private const LOOSE = array(
		T_IS_EQUAL     => '===',
		T_IS_NOT_EQUAL => '!==',
	);

	/**
	 * PHP functions that compare loosely unless their third argument is true.
	 */
	private const STRICT_ARGUMENT = array( 'in_array', 'array_search' );

	/**
	 * The tokens this sniff looks at.
	 *
	 * @return list<int|string>
	 */
	public function register() {
		return array( T_IS_EQUAL, T_IS_NOT_EQUAL, T_STRING );
	}

	/**
	 * Reports a loose comparison at $stack_ptr.
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $stack_ptr  The token's position.
	 * @return void
	 */
	public function process( File $phpcs_file, $stack_ptr ) {
		$tokens = $phpcs_file->getTokens();
		$token  = $tokens[ $stack_ptr ];
		if ( isset( self::LOOSE[ $token['code'] ] ) ) {
			$phpcs_file->addError(
				'Loose comparison %s; use %s',
				$stack_ptr,
				'LooseOperator',
				array( $token['content'], self::LOOSE[ $token['code'] ] )
			);
			return;
		}
		if ( ! in_array( strtolower( $token['content'] ), self::STRICT_ARGUMENT, true ) ) {
			return;
		}
		$previous = $phpcs_file->findPrevious( T_WHITESPACE, $stack_ptr - 1, null, true );
		if ( in_array( $tokens[ $previous ]['code'], array( T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW ), true ) ) {
			return;
		}
		$open = $phpcs_file->findNext( T_WHITESPACE, $stack_ptr + 1, null, true );
		if ( false === $open || T_OPEN_PARENTHESIS !== $tokens[ $open ]['code'] || ! isset( $tokens[ $open ]['parenthesis_closer'] ) ) {
			return;
		}
		$arguments = $this->top_level_arguments( $phpcs_file, $open );
		$strict    = $arguments[2] ?? '';
		if ( 'true' !== strtolower( $strict ) ) {
			$phpcs_file->addError(
				'%s() compares loosely; pass true as its third argument',
				$stack_ptr,
				'NonStrictArgument',
				array( $token['content'] )
			);
		}
	}

	/**
	 * The arguments of a call, each as its code without whitespace and comments.
	 *
	 * @param File $phpcs_file The file being checked.
	 * @param int  $open       The call's opening parenthesis.
	 * @return list<string>
	 */
	private function top_level_arguments( File $phpcs_file, int $open ): array {
		$tokens    = $phpcs_file->getTokens();
		$close     = $tokens[ $open ]['parenthesis_closer'];
		$arguments = array( '' );
		for ( $i = $open + 1; $i < $close; $i++ ) {
			$code = $tokens[ $i ]['code'];
			if ( T_COMMA === $code ) {
				$arguments[] = '';
				continue;
			}
			if ( isset( $tokens[ $i ]['parenthesis_closer'] ) && T_OPEN_PARENTHESIS === $code ) {
				$i = $tokens[ $i ]['parenthesis_closer'];
				$arguments[ count( $arguments ) - 1 ] .= '(…)';
				continue;
			}
			if ( isset( $tokens[ $i ]['bracket_closer'] ) ) {
				$i = $tokens[ $i ]['bracket_closer'];
				$arguments[ count( $arguments ) - 1 ] .= '[…]';
				continue;
			}
			if ( ! in_array( $code, array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true ) ) {
				$arguments[ count( $arguments ) - 1 ] .= $tokens[ $i ]['content'];
			}
		}
		return $arguments;
	}
}
