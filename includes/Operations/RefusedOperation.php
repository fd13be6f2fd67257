<?php
/**
 * The refusal of one operation of a batch, which the rest of the batch survives.
 *
 * @package UsersToContacts
 */

declare( strict_types=1 );

namespace UsersToContacts\Operations;

use DomainException;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Thrown by OperationValidator when an operation is well-formed but cannot be applied as sent
 * (a value another write path would refuse, a private user field): BatchApplier answers it
 * `refused` with REASON and the message, and applies the rest of the batch (R8). A malformed
 * request (an unknown kind or field, a wrong type) is an InvalidOperation instead: 400.
 */
final class RefusedOperation extends DomainException {

	/**
	 * The result's reason: the operation is invalid as sent.
	 */
	public const REASON = 'invalid';

	/**
	 * The operation's result.
	 *
	 * @return array{status: string, reason: string, message: string}
	 */
	public function result(): array {
		return array(
			'status'  => 'refused',
			'reason'  => self::REASON,
			'message' => $this->getMessage(),
		);
	}
}
