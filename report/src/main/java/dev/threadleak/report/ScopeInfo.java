package dev.threadleak.report;

/**
 * Which work the report judges: {@code jvm} (everything the agent tracks), {@code test},
 * {@code class}, {@code scope} (an in-process scope) or {@code exit-watch}.
 */
public record ScopeInfo(String kind, String name) {
}
