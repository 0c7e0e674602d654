package dev.fleetinference.benchmark;

import dev.fleetinference.benchmark.PoisonFactory.Poison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Scenario 7: a flood of bad records of every {@link PoisonKind} sent into the events topic at the load's rate, mixed
 * with the good events: every one must be in the dead-letter topic with the reason its kind calls for, none scored,
 * every good event scored, and every instance ready throughout.
 */
final class PoisonFlood implements Scenario {

    private static final long SEED = 7;
    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    // what a producer sends at most unless told otherwise: the stream app's dead letters are bound by it too
    private static final int PRODUCER_LIMIT = 1024 * 1024;

    private final Map<CrashLoad.Position, Poison> sent = new ConcurrentHashMap<>();

    @Override
    public About about() {
        return new About(7, "poison flood", "a poison flood mixed into good traffic");
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        String topic = run.topics().events();
        int limit = Math.min(PRODUCER_LIMIT, brokerLimit(run, topic));
        List<Poison> flood = new PoisonFactory(event -> run.context().cluster().serialize(topic, event),
                run.topics().predictions(), run.options().devices(), SEED).flood(run.options().poison(), limit);
        run.note("%,d poison records (%s), the largest %,d bytes where a record may have %,d; sent at %,.0f a "
                + "second among the good events", flood.size(), counts(flood.stream().map(Poison::kind).toList()),
                flood.stream().mapToInt(p -> p.value().length).max().orElse(0), limit, run.options().rate());
        run.fault("poison flood", System.nanoTime());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        int perTick = (int) Math.max(1, run.options().rate() * TICK.toMillis() / 1_000);
        try (KafkaProducer<String, byte[]> producer = run.context().cluster().bulkProducer()) {
            for (int i = 0; i < flood.size(); i++) {
                Poison poison = flood.get(i);
                acks.add(producer.send(run.devices().record(topic, poison.key(), poison.value()), (written, e) -> {
                    if (e == null) {
                        sent.put(new CrashLoad.Position(written.partition(), written.offset()), poison);
                    }
                }));
                if ((i + 1) % perTick == 0) {
                    run.runFor(TICK);
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("could not send the poison records to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void check(ScenarioRun run, Outcome outcome) {
        Map<PoisonKind, Integer> undelivered = new EnumMap<>(PoisonKind.class);
        Map<PoisonKind, Integer> wrongReason = new EnumMap<>(PoisonKind.class);
        List<String> wrongReasons = new ArrayList<>();
        Set<UUID> predicted = outcome.predictions().eventIds();
        long scored = 0;
        for (Map.Entry<CrashLoad.Position, Poison> each : sent.entrySet()) {
            Poison poison = each.getValue();
            var letter = outcome.deadLetters().of(each.getKey());
            if (letter.isEmpty()) {
                undelivered.merge(poison.kind(), 1, Integer::sum);
            } else if (!letter.get().reason().orElse("").equals(poison.kind().reason().code())) {
                wrongReason.merge(poison.kind(), 1, Integer::sum);
                if (wrongReasons.size() < 3) {
                    wrongReasons.add(poison.kind().description() + " as " + letter.get().reason().orElse("none"));
                }
            }
            if (poison.eventId().filter(predicted::contains).isPresent()) {
                scored++;
            }
        }
        int poisonCount = sent.size();
        if (!undelivered.isEmpty()) {
            run.fail("%,d of %,d poison records are not in the dead-letter topic (%s)", total(undelivered),
                    poisonCount, counts(undelivered));
        }
        if (!wrongReason.isEmpty()) {
            run.fail("%,d dead letters give another reason than their kind's (%s; e.g. %s)", total(wrongReason),
                    counts(wrongReason), String.join(", ", wrongReasons));
        }
        if (outcome.deadLetters().withoutReason() > 0) {
            run.fail("%,d dead letters have no reason header", outcome.deadLetters().withoutReason());
        }
        if (scored > 0) {
            run.fail("%,d poison events were scored", scored);
        }
        long good = outcome.deadLetters().size() - (poisonCount - total(undelivered));
        if (good > 0) {
            run.fail("%,d dead letters are not of poison records", good);
        }
        if (!run.readyThroughout()) {
            run.fail("an instance was not ready during the flood");
        }
        if (undelivered.isEmpty() && wrongReason.isEmpty()) {
            run.note("every poison record is in the dead-letter topic with its kind's reason (%s)", sent.values()
                    .stream().collect(Collectors.groupingBy(p -> p.kind().reason().code(), Collectors.counting()))
                    .entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")));
        }
    }

    // the events topic's max.message.bytes, which the broker's message.max.bytes sets unless the topic has its own
    private static int brokerLimit(ScenarioRun run, String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = run.context().cluster().admin().describeConfigs(List.of(resource)).all()
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailedException("could not read the record size limit of " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private static String counts(List<PoisonKind> kinds) {
        Map<PoisonKind, Integer> counts = new EnumMap<>(PoisonKind.class);
        kinds.forEach(kind -> counts.merge(kind, 1, Integer::sum));
        return counts(counts);
    }

    private static String counts(Map<PoisonKind, Integer> counts) {
        return counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey().description(),
                e.getValue())).collect(Collectors.joining(", "));
    }

    private static long total(Map<PoisonKind, Integer> counts) {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }
}
