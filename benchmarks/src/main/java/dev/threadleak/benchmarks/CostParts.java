package dev.threadleak.benchmarks;

import java.util.List;
import java.util.stream.Collectors;

/** Every part of the run, in the order it runs and prints: add a new measurement here, one line. */
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

    /** As {@code --only} and the usage spell them: "platform, virtual, ...". */
    static String names() {
        return ALL.stream().map(CostPart::name).collect(Collectors.joining(", "));
    }

    static boolean exists(String name) {
        return ALL.stream().anyMatch(part -> part.name().equals(name));
    }
}
