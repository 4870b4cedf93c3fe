package dev.threadleak.agent.reporting;

import dev.threadleak.agent.executors.WorkerStacks;
import dev.threadleak.agent.threads.Origin;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.BlockedOn;
import dev.threadleak.report.Durations;
import dev.threadleak.report.ExecutorInfo;
import dev.threadleak.report.FirstFew;
import dev.threadleak.report.Frame;
import dev.threadleak.report.KnownThreads;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a live JVM's report leaves out as its normal state, counted for the report's note: a
 * pool's idle worker waiting for its next task (Tomcat's connector pool, a Jetty or Netty pool, a
 * pool that predates a late attach, a {@code Timer}'s thread between its tasks, a
 * {@code Cleaner}'s thread waiting for its next reference),
 * and a thread a class's static initializer made, which lives as long as its class. Neither is a
 * leak while the JVM runs; a pool or a Cleaner made per call is, and shows as growth in
 * {@code threadleak watch} and {@code diff}. A live report has no scope whose end they outlived:
 * a test's or the JVM's exit still reports them.
 */
final class ResidentThreads {

    private int idleWorkers;
    private int madeByInitializers;
    private int executorsMadeByInitializers;
    private int shuttingDown;
    /**
     * What each class's initializer made, by class name: a thread's name and id, or null for an
     * executor. Sorted: met in the registry's order, the note read differently in each run of the
     * same program, and two exit reports did not diff (Sentinel's trial).
     */
    private final Map<String, List<String>> initialized = new TreeMap<>();
    /** What {@link #initialized} holds for a task (by identity): a thread's entry is its name, an executor's null. */
    private static final String TASK = new String("a task");
    private int tasksMadeByInitializers;
    private int wakingSoon;
    /** Executors never shut down whose idle workers end by themselves: {@code ThreadPoolExecutor@5c7dfc05 (...)}. */
    private final List<String> idling = new ArrayList<>();
    /** The threads of Cleaners each the one made where it was: {@code "Cleaner-0" #23, made at ...}. */
    private final List<String> loneCleaners = new ArrayList<>();

    /**
     * Whether to leave out a thread in the timed wait {@code on}, counting it: it ends by itself
     * within {@code minAgeMillis}, before a wait begun now would be shown. Tomcat's blocking read,
     * a 60 s {@code Object.wait} on its read lock, was a suspect 42 s into it, "whoever could wake
     * it may still come" above "wakes in 18.2 s", and gone by the next dump. A wait that ends later
     * (a sleep of hours) is still shown, with when it ends.
     */
    boolean wakesWithin(BlockedOn on, long minAgeMillis) {
        if (on == null || on.wakesInMillis() == null || on.wakesInMillis() > minAgeMillis) {
            return false;
        }
        wakingSoon++;
        return true;
    }

    /** Whether to leave {@code r}'s thread {@code t} out, counting it: a class's static initializer made it. */
    boolean madeByAnInitializer(Thread t, ThreadRecord r) {
        String initializer = r.classInitializer();
        if (initializer == null) {
            return false;
        }
        madeByInitializers++;
        initialized.computeIfAbsent(initializer, c -> new ArrayList<>()).add("\"" + t.getName() + "\" #" + t.getId());
        return true;
    }

    /**
     * Whether to leave task {@code o} out, counting it: a class's static initializer submitted it,
     * and it runs as long as that class's pool, to the JVM's end by design. Shiro's trial: Log4j's
     * configuration watcher, scheduled as a class's static logger was made; Druid's: MySQL
     * Connector/J's abandoned-connection cleanup loop, submitted by its class's initializer to the
     * pool it made. Their pools were counted so, and each task was "1 leak", "lost work", whose
     * reason said no test is blamed for it.
     */
    boolean taskMadeByAnInitializer(Origin o) {
        boolean made = madeByAnInitializer(o, TASK);
        tasksMadeByInitializers += made ? 1 : 0;
        return made;
    }

    /** Whether to leave executor {@code o} out, counting it: a class's static initializer made it. */
    boolean executorMadeByAnInitializer(Origin o) {
        boolean made = madeByAnInitializer(o, null);
        executorsMadeByInitializers += made ? 1 : 0;
        return made;
    }

    /** Whether a class's static initializer made {@code o}, noting {@code entry} under that class if so. */
    private boolean madeByAnInitializer(Origin o, String entry) {
        String initializer = o.preExisting() ? null : o.classInitializer();
        if (initializer == null) {
            return false;
        }
        initialized.computeIfAbsent(initializer, c -> new ArrayList<>()).add(entry);
        return true;
    }

    /**
     * Whether to leave thread {@code leak} out of the exit report, counting it: it sleeps in Netty's
     * graceful shutdown, which ends it with nobody waiting (a server stopped without waiting for
     * its event loops, as sofa-jraft's RPC servers are, as the test JVM exits).
     */
    boolean endingInAGracefulShutdown(Leak leak) {
        if (leak.thread() == null || leak.executor() != null || !KnownThreads.inNettyQuietPeriod(leak.stack())) {
            return false;
        }
        shuttingDown += leak.count();
        return true;
    }

    /**
     * Whether to leave executor {@code leak} out of the exit report, counting it: never shut down,
     * it runs and holds nothing, and every worker of its ends by itself once idle for its
     * keep-alive. Once they have, it holds nothing and is no leak, as a test's check finds it; told
     * as "never shut down" only while they lingered, the verdict hung on how soon the JVM exited
     * after its last task (HikariCP's trial: a pool whose workers time out after 2 s, 0.2 s before
     * the exit, was a leak; 3.5 s before, none).
     */
    boolean idlingOut(Leak leak) {
        ExecutorInfo pool = leak.executor();
        if (leak.kind() != LeakKind.EXECUTOR || pool == null || pool.collected() || pool.idleWorkersEndAfterMillis() == null
                || !pool.runsNothing() || pool.tasks() != null && !pool.tasks().isEmpty()) {
            return false;
        }
        idling.add(pool.identity() + " (idle workers end after " + Durations.format(pool.idleWorkersEndAfterMillis())
                + ")");
        return true;
    }

    /**
     * {@code leaks} but the threads of {@code Cleaner}s each the only one alive of those made where
     * it was, counted: a {@code Cleaner}'s thread ends only once its {@code Cleaner} is collected,
     * and one made once, where no other was, is one for the whole JVM, kept in a static field
     * filled on first use (Vert.x's {@code CleanerProvider.INSTANCE}: its "Cleaner-0" was a leak
     * at every test JVM's exit, blamed on whichever test first made a client). Several made at one
     * place (one per server, kept past its server) are still told.
     */
    List<Leak> withoutLoneCleaners(List<Leak> leaks) {
        Map<Frame, Integer> madeAt = new HashMap<>();
        for (Leak leak : leaks) {
            Frame site = cleanerSite(leak);
            if (site != null) {
                madeAt.merge(site, leak.count(), Integer::sum);
            }
        }
        List<Leak> kept = new ArrayList<>();
        for (Leak leak : leaks) {
            Frame site = cleanerSite(leak);
            if (site != null && madeAt.get(site) == 1) {
                loneCleaners.add("\"" + leak.thread().name() + "\" #" + leak.thread().id() + ", made at " + site);
            } else {
                kept.add(leak);
            }
        }
        return kept;
    }

    /** Where {@code leak}, a Cleaner's one thread, was made: the first frame of the code that made its Cleaner. */
    private static Frame cleanerSite(Leak leak) {
        if (leak.thread() == null || leak.count() != 1 || leak.createdAt() == null || !KnownThreads.isCleanersThread(leak)) {
            return null;
        }
        return Frame.applicationFrame(leak.createdAt());
    }

    /**
     * The exit report's notes, and what it did not count: what static initializers made lives as
     * long as its class, to the JVM's end by design. Counted, it read as a contradiction: "1 leak",
     * whose reason said no test is blamed for it (sofa-jraft's trial, JUnit 4 suites reported at exit).
     */
    List<String> withExitNote(List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        if (madeByInitializers > 0 || executorsMadeByInitializers > 0 || tasksMadeByInitializers > 0) {
            List<String> counts = new ArrayList<>();
            counted(counts, madeByInitializers, "thread");
            counted(counts, executorsMadeByInitializers, "executor");
            counted(counts, tasksMadeByInitializers, "task");
            String what = FirstFew.of(counts, counts.size());
            all.add("not counted: " + what + " made by static initializers, which live as long as their classes, to "
                    + "the JVM's end unless code stops them: " + byInitializer());
        }
        if (!loneCleaners.isEmpty()) {
            int n = loneCleaners.size();
            String which = n == 1 ? "the thread of 1 Cleaner, the only one" : "the threads of " + n
                    + " Cleaners, each the only one";
            all.add("not counted: " + which + " made where it was, as one for the whole JVM is; a Cleaner's thread "
                    + "ends only once its Cleaner is collected: " + FirstFew.ofClauses(loneCleaners, 3));
        }
        if (!idling.isEmpty()) {
            int n = idling.size();
            all.add("not counted: " + (n == 1 ? "1 executor" : n + " executors") + " never shut down that "
                    + (n == 1 ? "runs" : "run") + " and " + (n == 1 ? "holds" : "hold") + " nothing, whose idle "
                    + "workers end by themselves, as a check that waited for them would find: "
                    + FirstFew.of(idling, 3));
        }
        if (shuttingDown > 0) {
            all.add("not counted: " + shuttingDown + (shuttingDown == 1 ? " thread" : " threads") + " in Netty's "
                    + "graceful shutdown (SingleThreadEventExecutor.confirmShutdown), which ends it once its quiet "
                    + "period passes without a task; stopped without waiting for it as the JVM exited");
        }
        return all;
    }

    /**
     * What each initializer made, by class, the first few: a count alone sent Dropwizard Metrics'
     * trial to a JFR recording to learn which ("Cleaner-0", a native library's class).
     */
    private String byInitializer() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : initialized.entrySet()) {
            if (parts.size() == NAMED_INITIALIZERS) {
                int more = initialized.size() - NAMED_INITIALIZERS;
                parts.add("and " + more + (more == 1 ? " more class" : " more classes"));
                break;
            }
            parts.add(e.getKey() + "'s " + made(e.getValue()));
        }
        return String.join("; ", parts);
    }

    /**
     * {@code "Cleaner-0" #23, 2 executors}: the threads by name (the first three), the executors
     * and tasks counted.
     */
    private static String made(List<String> things) {
        List<String> threads = things.stream().filter(t -> t != null && t != TASK).sorted().toList();
        long executors = things.stream().filter(Objects::isNull).count();
        long tasks = things.stream().filter(t -> t == TASK).count();
        List<String> parts = new ArrayList<>(threads.subList(0, Math.min(3, threads.size())));
        if (threads.size() > 3) {
            parts.add((threads.size() - 3) + " more threads");
        }
        counted(parts, executors, "executor");
        counted(parts, tasks, "task");
        return String.join(", ", parts);
    }

    /** {@code 1 executor}, {@code 2 executors}, added to {@code parts}; nothing for none. */
    private static void counted(List<String> parts, long n, String what) {
        if (n > 0) {
            parts.add(n + " " + what + (n == 1 ? "" : "s"));
        }
    }

    /** How many initializers' classes the exit note names. */
    private static final int NAMED_INITIALIZERS = 5;

    /**
     * {@code leaks} less the threads waiting for their next task: by their stack, or, for a member
     * of a site whose stack was not taken, by waiting on a queue an idle worker with a stack waits
     * on, or waiting on the same class of queue as an idle worker made where it was (a pool made
     * per call: each worker has a queue of its own, and those whose stacks were not read were shown,
     * two of Tomcat's trial's five, while the three read were left out). The class, not the wait's
     * operation: read without the stack, a {@code take()} says {@code Condition.await}.
     */
    List<Leak> withoutIdleWorkers(List<Leak> leaks) {
        Set<String> idleQueues = new HashSet<>();
        Set<List<Object>> idleWaits = new HashSet<>();
        boolean[] idle = new boolean[leaks.size()];
        for (int i = 0; i < idle.length; i++) {
            Leak leak = leaks.get(i);
            idle[i] = leak.verdict() == Verdict.SUSPECT && WorkerStacks.waitForATask(leak.stack());
            if (idle[i] && leak.blockedOn() != null && leak.blockedOn().object() != null) {
                idleQueues.add(leak.blockedOn().object());
                idleWaits.add(waitAt(leak));
            }
        }
        List<Leak> kept = new ArrayList<>(leaks.size());
        for (int i = 0; i < idle.length; i++) {
            Leak leak = leaks.get(i);
            boolean waitsForATask = idle[i] || leak.verdict() == Verdict.SUSPECT && leak.stack().isEmpty()
                    && (onAnIdleQueue(leak.blockedOn(), idleQueues)
                    || !leak.createdAt().isEmpty() && leak.blockedOn() != null && idleWaits.contains(waitAt(leak)));
            if (waitsForATask && leak.thread() != null) {
                idleWorkers += leak.count();
            } else {
                kept.add(leak);
            }
        }
        return kept;
    }

    /** The report's notes, and what this left out when it left out anything. */
    List<String> withNote(List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        if (wakingSoon > 0) {
            all.add("not shown: " + wakingSoon + (wakingSoon == 1 ? " thread" : " threads")
                    + " in a timed wait that ends by itself before min-age passes");
        }
        if (idleWorkers == 0 && madeByInitializers == 0) {
            return all;
        }
        String idle = idleWorkers + (idleWorkers == 1 ? " idle worker" : " idle workers")
                + " of pools or Cleaners, waiting for their next task";
        String initialized = madeByInitializers == 1
                ? "1 thread made by a static initializer, which lives as long as its class"
                : madeByInitializers + " threads made by static initializers, which live as long as their classes";
        String what = madeByInitializers == 0 ? idle : idleWorkers == 0 ? initialized : idle + ", and " + initialized;
        all.add("not shown, as a running JVM's normal state: " + what
                + "; a pool made per call shows as growth in 'threadleak watch'");
        return all;
    }

    /** Where {@code leak} was made, and the class of what it waits on. */
    private static List<Object> waitAt(Leak leak) {
        return List.of(leak.createdAt(), BlockedOn.typeOf(leak.blockedOn().object()));
    }

    private static boolean onAnIdleQueue(BlockedOn on, Set<String> idleQueues) {
        return on != null && on.object() != null && idleQueues.contains(on.object());
    }
}
