package dev.fleetinference.trainer;

/** A subcommand could not do its job for a reason the user can act on; printed without a stack trace. */
final class CommandFailedException extends RuntimeException {

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
