/**
 * {@code ./fleet demo}: starts the embedded stack, registers the committed models, runs the stream app in a child JVM
 * and a simulated fleet against it (poison records mixed in, the second model promoted halfway), and prints the
 * fleet's report, the dead letters by reason and the exactly-once verdict.
 */
package dev.fleetinference.demo;
