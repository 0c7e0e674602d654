package dev.fleetinference.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an ACL-scale run found, as written to results.json: the machine, each step's registration times, every
 * measurement in the order made (the warm-up first, round 0), and the table's rows.
 *
 * @param availableProcessors this JVM's processors (the broker's JVM shares them)
 * @param loadAverageAtEnd    the system load average when the run ended
 * @param registrations       each step's registration times
 * @param measurements        every measurement, in order
 * @param steps               the table's rows
 */
record AclScaleResults(int availableProcessors, double loadAverageAtEnd, List<RegistrationTimes> registrations,
                       List<AclMeasurement> measurements, List<AclStepSummary> steps) {

    AclScaleResults {
        registrations = List.copyOf(registrations);
        measurements = List.copyOf(measurements);
        steps = List.copyOf(steps);
    }

    /** Writes this as indented JSON to {@code file}. */
    void write(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
