package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A thread as it was when the report was taken. {@code state} is {@link Thread.State}'s name.
 * {@code cpuMillis}: the CPU time it has used since it started, where the JVM measures it (a
 * platform thread on HotSpot); absent otherwise. A thread that looks parked at the moment of the
 * report yet has used most of its age on a CPU is spinning, not waiting.
 */
public record ThreadInfo(long id, String name, boolean virtual, boolean daemon, String state,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long cpuMillis) {

    /** A thread as reports described it before {@code cpuMillis}. */
    public ThreadInfo(long id, String name, boolean virtual, boolean daemon, String state) {
        this(id, name, virtual, daemon, state, null);
    }

    public ThreadRef ref() {
        return new ThreadRef(id, name);
    }

    /** {@code "worker-1" #31 (platform, non-daemon) WAITING}, the application's text escaped for a terminal. */
    @Override
    public String toString() {
        String kind = virtual ? "virtual" : daemon ? "platform, daemon" : "platform, non-daemon";
        return "\"" + TerminalText.escape(name) + "\" #" + id + " (" + kind + ") " + TerminalText.escape(state);
    }
}
