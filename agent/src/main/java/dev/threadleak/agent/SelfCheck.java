package dev.threadleak.agent;

import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.weaving.HookWeaver;
import java.io.PrintStream;

/**
 * Proves after install that the advice runs: starts and joins one probe thread and checks the
 * registry heard both its start and its end. Advice that cannot see our hooks fails silently
 * (suppressed {@code NoClassDefFoundError}: zero events, no error), so without this check a
 * broken agent would report "no leaks" forever.
 */
final class SelfCheck {

    private SelfCheck() {
    }

    static void run(ThreadRegistry registry, HookWeaver weaver, boolean virtualThreads,
                    PrintStream stderr) throws InterruptedException {
        long starts = registry.ownStarts();
        long ends = registry.ownEnds();
        Thread probe = new Thread("threadleak-probe"); // runs nothing; not a lambda (Installer says why)
        probe.setDaemon(true);
        probe.start();
        probe.join();
        if (registry.ownStarts() == starts || registry.ownEnds() == ends) {
            stderr.println("threadleak: instrumentation did not take: the start and end of a probe thread were not "
                    + "recorded" + errors(weaver) + "; reports from this JVM will miss threads");
        }
        // A class not loaded yet is woven when it loads: only one that was loaded and missed is a failure.
        if (virtualThreads && weaver.missed("java.lang.VirtualThread")) {
            stderr.println("threadleak: instrumentation did not take for virtual threads" + errors(weaver)
                    + "; reports from this JVM will miss virtual threads");
        }
    }

    private static String errors(HookWeaver weaver) {
        return weaver.errors().isEmpty() ? "" : " (" + String.join("; ", weaver.errors()) + ")";
    }
}
