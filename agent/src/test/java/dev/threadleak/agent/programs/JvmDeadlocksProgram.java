package dev.threadleak.agent.programs;

import dev.threadleak.api.Threadleak;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.testsupport.Deadlocks;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Deadlocks the JVM itself detects: "monitor-a" and "monitor-b" on two monitors, "lock-a" and
 * "lock-b" on two {@code ReentrantLock}s in {@code lock()} (see {@link Deadlocks}); and
 * "bystander", blocked entering a monitor of the first cycle, in none. Each live report (with the
 * min-age of each argument, in ms) prints a line per leak of these,
 * {@code leak|name|verdict|cycle|reason}, then {@code report done}.
 */
public final class JvmDeadlocksProgram {

    private JvmDeadlocksProgram() {
    }

    public static void main(String[] args) throws Exception {
        Deadlocks.blockedOn(Deadlocks.onMonitors("monitor"), "bystander");
        Deadlocks.onLocks("lock");
        for (String minAge : args) {
            print(Threadleak.agent().liveReport(Duration.ofMillis(Long.parseLong(minAge))));
        }
    }

    private static void print(LeakReport report) {
        for (Leak leak : report.leaks()) {
            String name = leak.thread() == null ? "" : leak.thread().name();
            if (name.startsWith("monitor-") || name.startsWith("lock-") || name.equals("bystander")) {
                String cycle = leak.cycle() == null ? "" : leak.cycle().stream().map(ThreadRef::name)
                        .collect(Collectors.joining(","));
                System.out.println("leak|" + name + "|" + leak.verdict() + "|" + cycle + "|" + leak.reason());
            }
        }
        System.out.println("report done");
    }
}
