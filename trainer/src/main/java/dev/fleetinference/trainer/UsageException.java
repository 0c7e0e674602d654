package dev.fleetinference.trainer;

/** The command line is wrong: the message names the option or value at fault. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
