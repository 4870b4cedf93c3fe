package dev.threadleak.junit;

import java.util.List;

/**
 * Threads a library starts on purpose and keeps for the life of the JVM (a connection pool's
 * housekeeper, a metrics reporter, a shared event loop), so that tests using the library do not
 * fail for them. A library ships an implementation and names it in
 * {@code META-INF/services/dev.threadleak.junit.BenignThreads}; the extension loads every one
 * it finds once per test run, through {@link java.util.ServiceLoader}.
 *
 * <p>Each list uses the same forms as the matching configuration parameter. Keep the rules
 * narrow: a rule that matches a user's thread hides a real leak.
 *
 * <pre>{@code
 * public final class AcmeClientThreads implements BenignThreads {
 *     public List<String> threadNames() { return List.of("acme-client-housekeeper"); }
 * }
 * }</pre>
 */
public interface BenignThreads {

    /** Thread-name regexes, matched in full (as {@code threadleak.ignore.names}). */
    default List<String> threadNames() {
        return List.of();
    }

    /** {@code Class.method} frames or {@code prefix.*} (as {@code threadleak.ignore.frames}). */
    default List<String> frames() {
        return List.of();
    }

    /** Regexes of the creating thread's name, matched in full (as {@code threadleak.ignore.creators}). */
    default List<String> creators() {
        return List.of();
    }
}
