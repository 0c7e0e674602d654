package dev.fleetinference.benchmark;

/**
 * One round's sustained throughput: pre-loaded events, counted as the stream app commits them (and with them, in the
 * same transaction, their predictions). A lead of events from every device comes first, so that start-up (the
 * producer's first send to each device's topic waits for that topic's metadata) is over before the measured events.
 *
 * @param events             events measured (after the lead)
 * @param eventsPerSecond    events per second between the 10% mark of the measured events and the last
 * @param fromFirstPerSecond events per second from the end of the lead to the last
 * @param startupMillis      from the stream app's start until the lead was committed
 * @param windowSeconds      the measured window, 10% to 100%
 */
record ThroughputFigures(long events, double eventsPerSecond, double fromFirstPerSecond, double startupMillis,
                         double windowSeconds) {

    /** The figures from the crossings of the lead's end, the 10% mark and the last; times are nanoTime. */
    static ThroughputFigures of(long events, long startedNanos, CommitWatcher.Crossing lead,
                                CommitWatcher.Crossing tenth, CommitWatcher.Crossing last) {
        double window = (last.nanos() - tenth.nanos()) / 1e9;
        double fromFirst = (last.nanos() - lead.nanos()) / 1e9;
        return new ThroughputFigures(events, perSecond(last.count() - tenth.count(), window),
                perSecond(last.count() - lead.count(), fromFirst), (lead.nanos() - startedNanos) / 1e6, window);
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
