package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A report's leaks compared with a baseline of known ones ({@code threadleak check --baseline
 * FILE}), so that a team can ratchet leaks down: {@code known} leaks were in the baseline,
 * {@code now} are in the report, {@code beyond} is how many more there are now than it knew,
 * summed over the creation sites in {@code grown} (each with as many as the baseline knew there,
 * and as many as there are now).
 * How leaks match a baseline's is the tool's rule; see README.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Baseline(String file, long known, long now, long beyond, List<Site> grown) {

    public Baseline {
        grown = grown == null ? List.of() : List.copyOf(grown);
    }

    /** One creation site with more leaks now than the baseline knew: {@code known} 0 means new. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Site(LeakKind kind, List<Frame> createdAt, long known, long now) {

        public Site {
            createdAt = createdAt == null ? List.of() : List.copyOf(createdAt);
        }
    }
}
