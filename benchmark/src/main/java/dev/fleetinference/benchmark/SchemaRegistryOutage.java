package dev.fleetinference.benchmark;

/**
 * Scenario 4: the schema registry stopped for the outage, then started again on its port with its schemas (they live
 * in its topic): the instances and the devices must live through it on the ids they have.
 */
final class SchemaRegistryOutage implements Scenario {

    @Override
    public About about() {
        return new About(4, "schema registry down", "the schema registry down, then started again on its port");
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        long stopped = System.nanoTime();
        run.context().stack().stopSchemaRegistry();
        ChaosFault fault = run.fault("schema registry stopped", stopped);
        try {
            run.runFor(run.options().outage());
        } finally {
            run.context().stack().startSchemaRegistry();
        }
        run.note("schema registry down for %s, then started again at %s", BenchRun.seconds(run.options().outage()),
                run.context().stack().schemaRegistryUrl());
        run.awaitFlowing(fault);
    }
}
