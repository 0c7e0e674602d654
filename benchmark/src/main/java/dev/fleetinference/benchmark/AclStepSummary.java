package dev.fleetinference.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One step of the table: its registration times and the medians, over its rounds, of each ACL state's figures.
 *
 * @param devices              devices registered
 * @param aclsInPlace          ACL bindings with every device's in place (the pipeline's among them)
 * @param aclsNone             ACL bindings with the probe's only
 * @param registerMsPerDevice  milliseconds per device in this step's batches; NaN for none
 * @param singleRegisterMs     the median of this step's single registrations; NaN for none
 * @param inPlacePerSecond     throughput, events/s, ACLs in place
 * @param nonePerSecond        throughput, events/s, no device ACLs
 * @param pairedRatio          in place / none at this step: the ACLs' cost, topics and credentials the same
 * @param ratioToBase          in place / none at the base step (the fleet with no devices' ACLs)
 * @param inPlaceCpuUsPerEvent the broker's CPU per event, ACLs in place
 * @param noneCpuUsPerEvent    the broker's CPU per event, no device ACLs
 * @param inPlaceP50Ms         the probe's round trip p50, ACLs in place
 * @param inPlaceP99Ms         its p99, ACLs in place
 * @param noneP50Ms            the probe's round trip p50, no device ACLs
 * @param noneP99Ms            its p99, no device ACLs
 * @param inPlaceRequestsPerSecond the probe's produce requests one at a time, a second, ACLs in place
 * @param noneRequestsPerSecond    the same, no device ACLs
 * @param inPlaceCpuUsPerRequest   the broker's CPU per such request, ACLs in place
 * @param noneCpuUsPerRequest      the same, no device ACLs
 */
record AclStepSummary(int devices, int aclsInPlace, int aclsNone, double registerMsPerDevice, double singleRegisterMs,
                      double inPlacePerSecond, double nonePerSecond, double pairedRatio, double ratioToBase,
                      double inPlaceCpuUsPerEvent, double noneCpuUsPerEvent, double inPlaceP50Ms,
                      double inPlaceP99Ms, double noneP50Ms, double noneP99Ms, double inPlaceRequestsPerSecond,
                      double noneRequestsPerSecond, double inPlaceCpuUsPerRequest, double noneCpuUsPerRequest) {

    /** The summary of a step's measurements; {@code baseNonePerSecond} is the base step's no-ACL throughput. */
    static AclStepSummary of(RegistrationTimes registration, List<AclMeasurement> measurements,
                             double baseNonePerSecond) {
        List<AclMeasurement> inPlace = measurements.stream()
                .filter(m -> m.state().equals(AclMeasurement.IN_PLACE)).toList();
        List<AclMeasurement> none = measurements.stream().filter(m -> m.state().equals(AclMeasurement.NONE)).toList();
        double inPlaceRate = median(inPlace, AclMeasurement::eventsPerSecond);
        double noneRate = median(none, AclMeasurement::eventsPerSecond);
        return new AclStepSummary(registration.toDevices(),
                inPlace.isEmpty() ? 0 : inPlace.get(0).aclBindings(), none.isEmpty() ? 0 : none.get(0).aclBindings(),
                registration.batchMillisPerDevice(), registration.singleMedianMillis(), inPlaceRate, noneRate,
                Stats.ratio(inPlaceRate, noneRate), Stats.ratio(inPlaceRate, baseNonePerSecond),
                median(inPlace, AclMeasurement::brokerCpuUsPerEvent), median(none, AclMeasurement::brokerCpuUsPerEvent),
                median(inPlace, m -> m.roundTrip().p50Ms()), median(inPlace, m -> m.roundTrip().p99Ms()),
                median(none, m -> m.roundTrip().p50Ms()), median(none, m -> m.roundTrip().p99Ms()),
                median(inPlace, m -> m.requests().perSecond()), median(none, m -> m.requests().perSecond()),
                median(inPlace, AclMeasurement::brokerCpuUsPerRequest),
                median(none, AclMeasurement::brokerCpuUsPerRequest));
    }

    private static double median(List<AclMeasurement> measurements, ToDoubleFunction<AclMeasurement> figure) {
        return measurements.isEmpty() ? Double.NaN
                : Stats.median(measurements.stream().map(m -> figure.applyAsDouble(m)).toList());
    }
}
