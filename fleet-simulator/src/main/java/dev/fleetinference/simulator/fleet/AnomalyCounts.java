package dev.fleetinference.simulator.fleet;

/**
 * Events the model labelled "anomaly", split by whether the sending device really is in a failure mode: the first
 * share are hits, the second false alarms.
 */
public record AnomalyCounts(long total, long fromFailingDevices, long fromHealthyDevices) {

    public static final AnomalyCounts NONE = new AnomalyCounts(0, 0, 0);

    public AnomalyCounts {
        if (fromFailingDevices < 0 || fromHealthyDevices < 0 || total != fromFailingDevices + fromHealthyDevices) {
            throw new IllegalArgumentException("anomalies from failing (" + fromFailingDevices + ") and healthy ("
                    + fromHealthyDevices + ") devices must add up to the total (" + total + ")");
        }
    }
}
