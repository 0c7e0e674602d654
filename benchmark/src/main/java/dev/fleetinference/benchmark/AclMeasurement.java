package dev.fleetinference.benchmark;

/**
 * One measurement of the pass-through pipeline and the probe's round trip, in one ACL state.
 *
 * @param devices             devices registered
 * @param state               {@code in-place} (every device's ACLs) or {@code none} (the probe's only)
 * @param round               the round at this step, from 1; 0 for the unrecorded warm-up
 * @param aclBindings         ACL bindings the broker held, the pipeline's among them
 * @param backlog             events waiting when the pipeline started
 * @param eventsPerSecond     events committed per second over the window
 * @param windowSeconds       how long the window was, between the commits that bound it
 * @param backlogRanOut       whether the backlog was all committed before the window's end (a shorter window)
 * @param brokerCpuUsPerEvent the broker process's CPU microseconds per event over the window; NaN if unknown
 * @param brokerCpuShare      its CPU seconds per second over the window (2.0 = two cores busy); NaN if unknown
 * @param roundTrip           the probe device's round trip, after the backlog
 * @param requests            the probe's produce requests one at a time, after the round trip
 * @param brokerCpuUsPerRequest the broker's CPU microseconds per such request; NaN if unknown
 */
record AclMeasurement(int devices, String state, int round, int aclBindings, long backlog, double eventsPerSecond,
                      double windowSeconds, boolean backlogRanOut, double brokerCpuUsPerEvent, double brokerCpuShare,
                      ProbeRoundTrip.Figures roundTrip, ProbeRequests.Figures requests,
                      double brokerCpuUsPerRequest) {

    static final String IN_PLACE = "in-place";
    static final String NONE = "none";
}
