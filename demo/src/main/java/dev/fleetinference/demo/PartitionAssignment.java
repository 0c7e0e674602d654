package dev.fleetinference.demo;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which stream-app instance holds which partitions of the events topic, as the consumer group said at one moment.
 *
 * @param byInstance each member's partitions of the events topic, by instance id (a member with none has an empty
 *                   set)
 * @param stable     whether the group was stable then, not in a rebalance
 */
record PartitionAssignment(SortedMap<String, SortedSet<Integer>> byInstance, boolean stable) {

    // Kafka Streams gives each stream thread's consumer the instance id and the thread's index as its
    // group.instance.id: demo-1-1 is demo-1's first thread
    private static final Pattern THREAD_SUFFIX = Pattern.compile("-[0-9]+$");
    // demo-2 before demo-10
    private static final Comparator<String> INSTANCE_ORDER = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    PartitionAssignment {
        SortedMap<String, SortedSet<Integer>> copy = new TreeMap<>(INSTANCE_ORDER);
        Objects.requireNonNull(byInstance, "byInstance")
                .forEach((id, partitions) -> copy.put(id, Collections.unmodifiableSortedSet(new TreeSet<>(partitions))));
        byInstance = Collections.unmodifiableSortedMap(copy);
    }

    /** A group with no members. */
    static PartitionAssignment none() {
        return new PartitionAssignment(new TreeMap<>(), false);
    }

    /** The instance a stream thread's {@code group.instance.id} belongs to: {@code demo-1} for {@code demo-1-1}. */
    static String instanceOf(String groupInstanceId) {
        return THREAD_SUFFIX.matcher(groupInstanceId).replaceFirst("");
    }

    /** The partitions {@code instance} holds; none if it is not a member. */
    SortedSet<Integer> partitionsOf(String instance) {
        return byInstance.getOrDefault(instance, Collections.emptySortedSet());
    }

    /** Every partition some member holds. */
    Set<Integer> assigned() {
        return byInstance.values().stream().flatMap(Collection::stream).collect(Collectors.toSet());
    }

    /** Whether the group is stable with exactly {@code members} in it, holding all {@code partitions} between them. */
    boolean settledOn(Set<String> members, int partitions) {
        return stable && byInstance.keySet().equals(members) && assigned().size() == partitions;
    }

    /** The member holding the most partitions, the first by id of those holding as many. */
    Optional<String> holderOfMost() {
        return byInstance.entrySet().stream()
                .max(Comparator.<Map.Entry<String, SortedSet<Integer>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, INSTANCE_ORDER.reversed()))
                .map(Map.Entry::getKey);
    }

    /** The member's partitions as the demo prints them: {@code 0, 3}, or {@code none}. */
    static String describe(Collection<Integer> partitions) {
        return partitions.isEmpty() ? "none"
                : partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** A line per member, indented by {@code indent}: {@code demo-1  0, 3}. */
    String toText(String indent) {
        int width = byInstance.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder text = new StringBuilder();
        byInstance.forEach((id, partitions) -> text.append(indent).append(id).append(" ".repeat(width - id.length()))
                .append("  ").append(describe(partitions)).append(System.lineSeparator()));
        if (byInstance.isEmpty()) {
            text.append(indent).append("(no member)").append(System.lineSeparator());
        }
        return text.toString();
    }
}
