package dev.fleetinference.simulator.fleet;

/** A simulation could not start or could not go on; the message says what was wrong and with what. */
public final class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
