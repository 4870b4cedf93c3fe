package dev.threadleak.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The live non-daemon threads other than the caller: the ones that keep the JVM from exiting. */
final class NonDaemonThreads {

    private static final int NAMES_SHOWN = 5;

    private NonDaemonThreads() {
    }

    /** Their names, sorted; past a few, the rest are counted rather than named. */
    static List<String> namesOfOthers() {
        List<String> names = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread != Thread.currentThread() && thread.isAlive() && !thread.isDaemon())
                .map(Thread::getName)
                .sorted()
                .collect(Collectors.toList());
        if (names.size() <= NAMES_SHOWN) {
            return names;
        }
        List<String> shown = new ArrayList<>(names.subList(0, NAMES_SHOWN));
        shown.add("and " + (names.size() - NAMES_SHOWN) + " more");
        return shown;
    }
}
