<?php
/**
 * The refusal of one operation of a batch.
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
 * Thrown when an operation is invalid or refers to something that does not exist: the whole
 * batch is refused (400) and nothing changes. Its message names the operation for a person;
 * its code is the operation's index in the batch, or RUN_FINISHED when the batch's run ended
 * while the batch waited (409).
 */
final class InvalidOperation extends DomainException {

	/**
	 * The code when the run finished meanwhile (no operation is at fault).
	 */
	public const RUN_FINISHED = -1;
}
