package dev.threadleak.benchmarks;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every part of the run, in the order it prints ({@link #inRunOrder} runs it): add a new measurement here, one line. */
final class CostParts {

    static final List<CostPart> ALL = List.of(
            JmhPart.PLATFORM,
            JmhPart.VIRTUAL,
            JmhPart.EXECUTOR,
            JmhPart.QUEUE,
            new StartupPart(),
            new MemoryPart(),
            new DumpPart(),
            new JUnitPart(),
            new ChurnPart(),
            new ProofPart(),
            new HeapPart(),
            new TelemetryPart());

    private CostParts() {
    }

    /**
     * The order {@code parts} run in, which is not the order they print: the parts whose rows a few
     * more child-JVM rounds decide (start-up, memory, the dump, JUnit, the churn) first, then the
     * JMH parts. The run stops starting extra rounds after {@link RunSettings#extraRoundsWithin()};
     * run last, those rows got only their minimum rounds once the JMH rows had used that time on
     * ratios whose noise needs more rounds than any one row is given.
     */
    static List<CostPart> inRunOrder(List<CostPart> parts) {
        return Stream.concat(parts.stream().filter(part -> !(part instanceof JmhPart)),
                parts.stream().filter(part -> part instanceof JmhPart)).toList();
    }

    /** As {@code --only} and the usage spell them: "platform, virtual, ...". */
    static String names() {
        return ALL.stream().map(CostPart::name).collect(Collectors.joining(", "));
    }

    static boolean exists(String name) {
        return ALL.stream().anyMatch(part -> part.name().equals(name));
    }
}
