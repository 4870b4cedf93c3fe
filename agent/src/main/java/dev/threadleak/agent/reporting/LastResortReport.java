package dev.threadleak.agent.reporting;

import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.TerminalText;
import java.util.Map;

/**
 * The on-exit report when the real one could not be built (the heap is full even after the
 * reserve was given back, a bug of ours): the live threads the agent tracks, one short line each,
 * without stacks, judgements or JSON, so that the user learns at least what was still running.
 * Plain string building over the registry, nothing else.
 */
final class LastResortReport {

    private static final int MAX_THREADS = 1_000;

    private LastResortReport() {
    }

    static String text(ThreadRegistry registry, Throwable why) {
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("threadleak: the on-exit report could not be built (").append(TerminalText.escape(String.valueOf(why)))
                .append("); the threads the agent tracked that were still alive, without stacks:\n");
        int listed = 0;
        int more = 0;
        for (Map.Entry<Thread, ThreadRecord> e : registry.liveThreads()) {
            Thread t = e.getKey();
            if (KnownThreads.isKnown(t) || t == Thread.currentThread()) {
                continue;
            }
            if (listed == MAX_THREADS) {
                more++;
                continue;
            }
            listed++;
            out.append("  \"").append(TerminalText.escape(t.getName())).append("\" #").append(t.getId())
                    .append(e.getValue().virtual() ? " (virtual" : " (platform")
                    .append(t.isDaemon() ? ", daemon) " : ", non-daemon) ").append(t.getState()).append('\n');
        }
        if (more > 0) {
            out.append("  ... and ").append(more).append(" more\n");
        }
        if (listed == 0) {
            out.append("  (none)\n");
        }
        return out.toString();
    }
}
