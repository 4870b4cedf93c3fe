package dev.threadleak.agent.scope;

import dev.threadleak.api.Finding;
import dev.threadleak.report.KnownThreads;
import java.time.Duration;
import java.util.List;

/**
 * Threads that end some time after what they serve is collected, and how long a check waits for
 * them after a collection: a grace period, or longer for a thread known to look later. The JDK's
 * {@code HttpClient} starts a selector thread that sees its client collected only when its select
 * returns, every {@code jdk.internal.httpclient.selectorTimeout} milliseconds (3 s unless set; 1 s
 * to 20 min), JDK 17 to 25: microhttp's trial failed half its runs on an unclosed client that
 * its test had dropped, whose thread ended up to 3 s after the dump's collection, past the 2 s
 * waited.
 */
final class CollectedOwners {

    private static final String SELECTOR_TIMEOUT = "jdk.internal.httpclient.selectorTimeout";
    private static final long DEFAULT_SELECTOR_MILLIS = 3_000;
    /** For the way out after the select returns. */
    private static final Duration WAY_OUT = Duration.ofMillis(200);

    private CollectedOwners() {
    }

    /** How long after a collection {@code leaks} are waited for: {@code grace}, or longer where one of them looks later. */
    static Duration waitAfterACollection(List<Finding> leaks, Duration grace) {
        for (Finding f : leaks) {
            if (KnownThreads.isHttpClientSelector(f.leak())) {
                Duration selector = selectorTimeout().plus(WAY_OUT);
                return selector.compareTo(grace) > 0 ? selector : grace;
            }
        }
        return grace;
    }


    /** As the client reads it: a property of at most 0 is the default, and it is kept within 1 s and 20 min. */
    static Duration selectorTimeout() {
        long millis;
        try {
            millis = Integer.getInteger(SELECTOR_TIMEOUT, (int) DEFAULT_SELECTOR_MILLIS);
        } catch (SecurityException e) {
            millis = DEFAULT_SELECTOR_MILLIS;
        }
        if (millis <= 0) {
            millis = DEFAULT_SELECTOR_MILLIS;
        }
        return Duration.ofMillis(Math.min(Math.max(millis, 1_000), 1_200_000));
    }
}
