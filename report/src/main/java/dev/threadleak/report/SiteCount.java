package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How many live things one creation site has right now: all of them, running or waiting, young
 * or old, unlike {@link Leak}s, which are judged. A site is the creation stack; a thread whose
 * stack was not captured counts under its creator ({@code createdBy}), and threads that predate
 * the agent count together ({@code preExisting}). Tools that watch growth ({@code threadleak
 * watch}, {@code threadleak diff}) compare these counts between two moments.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteCount(LeakKind kind, List<Frame> createdAt, ThreadRef createdBy, boolean preExisting, long live) {

    public SiteCount {
        createdAt = createdAt == null ? List.of() : List.copyOf(createdAt);
    }
}
