package dev.threadleak.report;

import static dev.threadleak.report.TerminalText.escape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of {@link LeakReport}, in the spirit of goleak: a header, then one block per
 * (grouped) leak, creation stack first because that is where the fix goes. Stacks are folded
 * ({@link FoldedStack}): the JSON form keeps every frame. Every string that comes from the
 * application (names, messages, frames; all of a report read from a file) is escaped with
 * {@link TerminalText}, so that a report printed on a terminal can neither drive it nor forge a line.
 */
public final class ReportText {

    private static final int STACK_LINES = 12;

    private ReportText() {
    }

    public static String render(LeakReport report) {
        StringBuilder out = new StringBuilder();
        header(out, report);
        String scopeKind = report.scope() == null ? null : report.scope().kind();
        for (Leak leak : report.leaks()) {
            out.append('\n');
            leak(out, leak, scopeKind);
        }
        if (report.deaths() != null) {
            for (Death death : report.deaths()) {
                out.append('\n');
                death(out, death);
            }
        }
        if (report.notes() != null) {
            out.append('\n');
            for (String note : report.notes()) {
                out.append("note: ").append(escape(note)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code " leaks"}, or {@code " suspects"} where every one is a suspect, or {@code " leaks (2 of
     * them suspects)"}: a live report of four parked threads read "4 leaks" over four suspects, a
     * guess told as a fact (ZooKeeper's CLI trial).
     */
    private static String counted(long count, long suspects) {
        if (suspects > 0 && suspects == count) {
            return count == 1 ? " suspect" : " suspects";
        }
        return (count == 1 ? " leak" : " leaks")
                + (suspects == 0 ? "" : " (" + suspects + " of them " + (suspects == 1 ? "a suspect)" : "suspects)"));
    }

    private static void header(StringBuilder out, LeakReport report) {
        Baseline baseline = report.baseline();
        long count = baseline == null ? report.leakCount() : baseline.beyond();
        out.append("threadleak: ").append(count == 0 && baseline != null ? "no" : String.valueOf(count))
                .append(counted(count, baseline == null ? report.suspectCount() : 0));
        int deaths = report.deaths() == null ? 0 : report.deaths().size();
        if (deaths > 0) { // a report made for a death alone said "0 leaks" and nothing of why it failed
            out.append(" and ").append(deaths).append(deaths == 1 ? " uncaught exception" : " uncaught exceptions");
        }
        if (baseline != null) {
            out.append(" beyond the baseline `").append(escape(baseline.file())).append("`,");
        }
        if (report.scope() != null) {
            out.append(" in ").append(escape(report.scope().kind()));
            if (report.scope().name() != null) {
                out.append(" `").append(escape(report.scope().name())).append('`');
            }
        }
        out.append('\n');
        JvmInfo jvm = report.jvm();
        if (jvm != null) {
            out.append("  pid ").append(jvm.pid()).append(", Java ").append(escape(jvm.javaVersion()))
                    .append(", mode ").append(escape(jvm.mode())).append(jvm.agentAttached() ? " (attached)" : "")
                    .append(", taken at ").append(escape(report.takenAt()))
                    .append('\n');
        }
        Stats stats = report.stats();
        if (stats != null) {
            out.append("  tracked: ").append(stats.liveThreads()).append(" live threads, ")
                    .append(stats.liveVirtualThreads()).append(" live virtual threads, ")
                    .append(stats.threadsStarted()).append(" started since install");
            if (stats.droppedRecords() > 0) {
                String byKind = stats.droppedByKind();
                out.append(", ").append(stats.droppedRecords()).append(" not tracked (record bound reached")
                        .append(byKind.isEmpty() ? "" : ": " + byKind).append(')');
            }
            out.append('\n');
        }
        if (baseline != null) {
            baseline(out, baseline);
        }
    }

    /** {@code +2 THREAD com.acme.Pool.start(Pool.java:17): 7 now, 5 known}, one line per site that grew. */
    private static void baseline(StringBuilder out, Baseline baseline) {
        out.append("  baseline: ").append(baseline.known()).append(" known, ").append(baseline.now()).append(" now");
        out.append(baseline.grown().isEmpty() ? "\n" : "; beyond it:\n");
        for (Baseline.Site site : baseline.grown()) {
            out.append("    +").append(site.now() - site.known()).append(' ').append(site.kind()).append(' ')
                    .append(site.createdAt().isEmpty() ? "(creation site unknown)"
                            : site.createdAt().get(site.createdAt().size() - 1))
                    .append(": ").append(site.known() == 0 ? "new" : site.now() + " now, " + site.known() + " known")
                    .append('\n');
        }
    }

    /**
     * The line naming a group's members: a name once, with the ids of every member of that name
     * (ten threads a library names alike are one name and ten ids, not the name ten times), in the
     * order they were made, so that two runs print one line; "e.g." only when some are not named
     * (Dropwizard Metrics' trial: "e.g." above both of a group of two, in either order).
     */
    static String members(Leak leak) {
        List<ThreadRef> refs = new ArrayList<>(leak.members());
        refs.sort(Comparator.comparingLong(ThreadRef::id));
        Map<String, List<String>> idsByName = new LinkedHashMap<>();
        for (ThreadRef ref : refs) {
            idsByName.computeIfAbsent(ref.name(), n -> new ArrayList<>()).add("#" + ref.id());
        }
        List<String> named = new ArrayList<>();
        idsByName.forEach((name, ids) -> named.add("\"" + escape(name) + "\" " + String.join(", ", ids)));
        boolean some = leak.count() > leak.members().size();
        return (some ? "  e.g. " : "  all: ") + String.join(", ", named) + (some ? ", ..." : "");
    }

    /**
     * {@code THREAD LEAKED: "worker" #31 (platform, daemon) WAITING, age 2.1 s}: what, how sure, how
     * old ({@code age unknown} for what started before the agent).
     */
    static String headline(Leak leak) {
        StringBuilder out = new StringBuilder();
        out.append(leak.kind()).append(' ').append(leak.verdict());
        if (leak.count() > 1) {
            out.append(" x").append(leak.count());
            if (leak.workersInAll() != null) {
                out.append(", ").append(workers(leak.workersInAll())).append(" in all");
            }
        }
        // a group's executors and tasks are not named in an "e.g." line as its threads are: the one
        // shown, and the thread a task runs in, are one of them
        String lead = leak.count() > 1 && (leak.executor() != null || leak.task() != null) ? ": e.g. " : ": ";
        if (leak.thread() != null) {
            out.append(lead).append(leak.thread());
            lead = ": ";
        }
        if (leak.executor() != null) {
            out.append(lead).append(executor(leak.executor()));
            lead = ": ";
        }
        if (leak.task() != null) {
            out.append(lead).append(task(leak.task(), leak.thread()));
        }
        if (leak.preExisting()) {
            // Started before the agent: when is not known, and "age 0 ms" would be a false fact.
            return out.append(", age unknown").toString();
        }
        return out.append(", age ").append(Durations.format(leak.ageMillis())).append(onCpu(leak)).toString();
    }

    /**
     * {@code  (1.9 s of it on a CPU)}, for a lone thread that spent at least half its age so, and
     * 100 ms or more: a reader of "waiting in Object.wait" must not take a spinning thread for an
     * idle one (Commons IO's reaper, interrupted, loops on its interrupt at a core's full speed).
     * A RUNNABLE one says so from a tenth of its age: RUNNABLE is also a thread idle in native
     * I/O (an {@code accept}, a selector), and the CPU time is what tells a busy loop from it
     * (HttpClient's WebSocket reactor, left running after its client closed: 2 s of 7 on a CPU).
     */
    private static String onCpu(Leak leak) {
        Long cpu = leak.thread() == null || leak.count() > 1 ? null : leak.thread().cpuMillis();
        int share = "RUNNABLE".equals(leak.thread() == null ? null : leak.thread().state()) ? 10 : 2;
        return cpu == null || cpu < 100 || cpu * share < leak.ageMillis() ? ""
                : " (" + Durations.format(Math.min(cpu, leak.ageMillis())) + " of it on a CPU)";
    }

    private static void leak(StringBuilder out, Leak leak, String scopeKind) {
        out.append(headline(leak)).append('\n');
        if (leak.reason() != null) {
            out.append("  why: ").append(escape(leak.reason())).append('\n');
        }
        if (leak.members() != null && leak.count() > 1) {
            out.append(members(leak)).append('\n');
        }
        if (leak.cycle() != null) {
            out.append("  wait-for cycle of ").append(String.join(", ",
                    leak.cycle().stream().map(ThreadRef::toString).toList())).append('\n');
        }
        cancellation(out, leak.task());
        shutdown(out, leak.executor());
        if (leak.preExisting()) {
            out.append("  started before the agent was installed: creation site unknown\n");
        } else {
            out.append(leak.kind() == LeakKind.TASK ? "  submitted by " : "  created by ")
                    .append(leak.createdBy() == null ? "an unknown thread" : leak.createdBy());
            if (leak.createdAt().isEmpty()) {
                out.append(leak.kind() == LeakKind.TASK ? " (submission stack not kept)\n"
                        : " (creation stack not captured)\n");
            } else {
                out.append(" at:\n");
                frames(out, FoldedStack.creationLines(leak.createdAt(), leak.creationStackCut()));
                for (Frame entered : leak.createdFrom() == null ? List.<Frame>of() : leak.createdFrom()) {
                    out.append("    ... entered from ").append(entered).append('\n');
                }
            }
            String startedFrom = startedFrom(leak, scopeKind);
            if (startedFrom != null) {
                out.append("  ").append(startedFrom).append('\n');
            }
            String setGoing = startedFromAt(leak);
            if (setGoing != null) {
                out.append("    ").append(setGoing).append('\n');
            }
        }
        String kept = keptThrough(leak);
        if (kept != null) {
            out.append("  ").append(kept).append('\n');
        }
        String tasks = tasksLine(leak.executor(), leak.createdBy());
        if (tasks != null) {
            out.append("  ").append(tasks).append('\n');
        }
        if (leak.blockedOn() != null) {
            blockedOn(out, leak);
        }
        if (!leak.stack().isEmpty()) {
            // the group's part goes on its first line of where: the wait's when there is one
            out.append("  now at").append(leak.blockedOn() == null ? groupPart(leak) : "").append(":\n");
            List<String> lines = FoldedStack.lines(leak.stack(), leak.blockedOn(), STACK_LINES);
            if (leak.currentStackCut()) {
                lines.add(FoldedStack.cutLine(leak.stack().size()));
            }
            frames(out, lines);
        }
    }

    /**
     * Why a leak its scope's thread did not make is the scope's: {@code started from the test's
     * thread: "main" #1 -> "listener" #14 -> "worker-2" #15}; null when there is no such chain.
     */
    static String startedFrom(Leak leak, String scopeKind) {
        if (leak.startedFrom() == null) {
            return null;
        }
        // a class has no thread of its own: one that ran its @BeforeAll or a test made the chain; under
        // parallel JUnit not "the" thread that ran the class, beside a why that names the test (HttpClient's trial)
        StringBuilder line = new StringBuilder("class".equals(scopeKind)
                ? "started from a thread that ran the class or its tests: "
                : "started from the " + (scopeKind == null ? "scope" : escape(scopeKind)) + "'s thread: ");
        for (int i = 0; i < leak.startedFrom().size(); i++) {
            ThreadRef t = leak.startedFrom().get(i);
            line.append(i == 0 ? "" : " -> ").append(name(t));
        }
        return line.toString();
    }

    /**
     * Where the scope's thread set the chain going: {@code "main" #1 started "listener" #14 in the
     * call at com.acme.ServerTest.starts(ServerTest.java:171)}, the line to look at when the
     * creator's own stack shows only the threads in between; null when unknown. Both threads named:
     * "which "main" #1 started at ..." read as where that thread itself was started (HttpCore's
     * trial). "In the call at": the line is the test's, which called a helper or a library that
     * started it; "started ... at" a test's line that called a helper read as if that line did
     * (Java-WebSocket's trial).
     */
    static String startedFromAt(Leak leak) {
        List<ThreadRef> chain = leak.startedFrom();
        if (chain == null || chain.size() < 2 || leak.startedFromAt() == null) {
            return null;
        }
        return name(chain.get(0)) + " started " + name(chain.get(1)) + " in the call at " + leak.startedFromAt();
    }

    /** A thread of a chain: by id alone once it has ended. */
    private static String name(ThreadRef t) {
        return t.name() == null ? "#" + t.id() + " (ended)" : t.toString();
    }

    /**
     * The JDK's list of shutdown hooks: the one static field of the JDK's that a heap proof names
     * as keeping something (what a hook's {@code Runnable} refers to), and this text tells as such.
     */
    public static final String SHUTDOWN_HOOKS = "java.lang.ApplicationShutdownHooks.hooks";

    /**
     * Where to end a leak the program keeps in a collection: {@code kept by static field
     * com.acme.Manager.INSTANCE, by way of a collection, array or map reached from it}; with the
     * chain of the program's objects from the field, {@code kept by static field ..., along
     * FileManager -> LoggerContext, by way of a collection, array or map on that path}. Not "it
     * lives until that lets go of it", which it said: a thread runs on whatever refers to it (Milo's
     * trial read it of watcher threads). Where on the chain the JDK's collection sits is unsaid
     * (", then" put it first, and HttpClient's fluent {@code Executor.CLIENT} holds its client, whose
     * list of closeables keeps its evictor). Null when no dump found one. Not "through a
     * collection": that read as if the field itself were one.
     */
    static String keptThrough(Leak leak) {
        if (leak.keptThrough() == null) {
            return null;
        }
        if (leak.keptThrough().equals(SHUTDOWN_HOOKS)) { // the heap proof's one holder among the JDK's statics
            // the chain names whose hook it is (avaje-jex's trial: a server's lifecycle registers one)
            return "kept by a shutdown hook the code registered (" + SHUTDOWN_HOOKS + ")"
                    + (leak.keptVia() == null ? "" : via(leak.keptVia()))
                    + ", which refers to it: it lives until the JVM exits, or the hook is removed";
        }
        // a static field cannot be named "this": the heap proof's name for a test instance JUnit makes once per class
        String field = leak.keptThrough().endsWith(".this")
                ? "kept by the per-class test instance " + escape(leak.keptThrough())
                : "kept by static field " + escape(leak.keptThrough());
        return (leak.keptVia() == null ? field + ", by way of a collection, array or map reached from it"
                : field + via(leak.keptVia()) + ", by way of a collection, array or map on that path");
    }

    /**
     * {@code , along FileManager -> LoggerContext -> AsyncLoggerDisruptor}: the chain from the field
     * by simple names (the JSON's {@code keptVia} has them whole).
     */
    private static String via(List<String> classes) {
        return ", along " + escape(chain(classes));
    }

    /**
     * {@code FileManager -> LoggerContext -> AsyncLoggerDisruptor}: a chain of the program's
     * classes ({@link Leak#keptVia()}) by simple names, {@code ...} where a long one was cut; not
     * escaped, for text that is escaped as a whole where it is printed (a reason).
     */
    public static String chain(List<String> classes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            text.append(i == 0 ? "" : " -> ").append("...".equals(c) ? c : simpleName(c));
        }
        return text.toString();
    }

    /**
     * {@code JdkJexServer$$Lambda} of {@code io.avaje.jex.core.JdkJexServer$$Lambda+0x000000005a174a80} (as a
     * heap dump names a hidden class; {@code $$Lambda$123/0x...} on JDK 17): a hidden class's number
     * and address say nothing to a reader.
     */
    private static String simpleName(String className) {
        int lambda = className.indexOf("$$Lambda");
        int hidden = lambda >= 0 ? lambda + "$$Lambda".length() : hiddenSuffix(className);
        String name = hidden < 0 ? className : className.substring(0, hidden);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static int hiddenSuffix(String className) {
        int slash = className.indexOf("/0x");
        return slash >= 0 ? slash : className.indexOf("+0x");
    }

    /**
     * How many of a pool's workers its headline names: ten names made agroal's 32-worker pool's
     * headline four lines long, before its state; the full list is the JSON's.
     */
    private static final int WORKERS_NAMED = 3;

    private static String executor(ExecutorInfo e) {
        StringBuilder s = new StringBuilder(escape(e.identity())).append(" (").append(escape(e.state())).append(", ")
                .append(workers(e.workers().size(), e.daemonWorkers()));
        if (!e.workers().isEmpty()) {
            s.append(' ').append(FirstFew.of(e.workers().stream().map(ThreadRef::toString).toList(), WORKERS_NAMED));
        }
        if (e.queuedTasks() != null) {
            s.append(", ").append(e.queuedTasks()).append(" queued");
            if (e.cancelledTasks() != null && e.cancelledTasks() > 0) {
                // cancelled tasks a pool keeps in its queue run never: "1 queued" alone would read as work to come
                s.append(" (").append(e.cancelledTasks()).append(" cancelled)");
            }
        }
        if (e.activeTasks() != null) {
            s.append(", ").append(e.activeTasks()).append(" active");
        }
        if (e.idleWorkersEndAfterMillis() != null && !e.workers().isEmpty()
                && (e.activeTasks() == null || e.activeTasks() == 0)) { // a busy worker is not idle yet
            // a fact the verdict stands on: they outlived the check, and end only after this idle
            s.append(", idle workers end after ").append(Durations.format(e.idleWorkersEndAfterMillis()));
        }
        if (e.coreSize() != null && e.workersAboveCoreEndAfterMillis() != null && e.workers().size() > e.coreSize()) {
            // only the core ones are held until shutdown: "3 workers" alone reads as three kept
            int above = e.workers().size() - e.coreSize();
            s.append("; ").append(above).append(" above its core size of ").append(e.coreSize())
                    .append(above == 1 ? " ends after " : " end after ")
                    .append(Durations.format(e.workersAboveCoreEndAfterMillis())).append(" idle");
        }
        return s.append(')').toString();
    }

    /**
     * {@code 3 workers}, {@code 1 daemon worker} when every one is a daemon, {@code 3 workers (1
     * daemon)}: whether they keep the JVM from exiting.
     */
    private static String workers(int n, Integer daemons) {
        int d = daemons == null ? 0 : daemons;
        return d == 0 || n == 0 ? workers(n) : d >= n ? n + (n == 1 ? " daemon worker" : " daemon workers")
                : workers(n) + " (" + d + " daemon)";
    }

    /** {@code 1 worker}, {@code 3 workers}. */
    private static String workers(int n) {
        return n + (n == 1 ? " worker" : " workers");
    }

    /** The task; the thread it runs in only when the headline has not named it first ({@code shown}). */
    private static String task(TaskInfo t, ThreadInfo shown) {
        StringBuilder s = new StringBuilder(escape(named(t))).append(wrapping(t)).append(" (");
        if (Boolean.TRUE.equals(t.periodic())) {
            s.append("periodic, ");
        }
        s.append(escape(t.state()));
        if (t.runningIn() != null && (shown == null || shown.id() != t.runningIn().id())) {
            s.append(" in ").append(t.runningIn());
        }
        s.append(ran(t)).append(')');
        if (t.executor() != null) {
            s.append(" on ").append(escape(t.executor()));
        }
        return s.toString();
    }

    /**
     * The tasks of its scope an executor still runs or holds, told inside its finding
     * ({@link ExecutorInfo#tasks()}): {@code tasks left in it: 1 running: com.acme.Listener@1b2c in
     * "listener-1" #14, submitted at com.acme.Server.start(Server.java:42)}; by whom, where that is
     * not {@code creator}, who made the executor: {@code submitted by "worker-2" #21 at ...}. Null
     * when there are none. The stack a finding shows under it is the first running one's.
     */
    static String tasksLine(ExecutorInfo e, ThreadRef creator) {
        if (e == null || e.tasks() == null) {
            return null;
        }
        List<TaskInfo> running = e.tasks().stream().filter(t -> "running".equals(t.state())).toList();
        List<TaskInfo> queued = e.tasks().stream().filter(t -> !"running".equals(t.state())).toList();
        StringBuilder line = new StringBuilder("tasks left in it: ");
        if (!running.isEmpty()) {
            tasks(line, running, "running", creator);
        }
        if (!queued.isEmpty()) {
            tasks(running.isEmpty() ? line : line.append("; "), queued, "queued", creator);
        }
        return line.toString();
    }

    /** {@code 2 queued, e.g. com.acme.Job@1a2b (periodic, ran 3 times), submitted at ...}: the first of them. */
    private static void tasks(StringBuilder line, List<TaskInfo> tasks, String state, ThreadRef creator) {
        TaskInfo first = tasks.get(0);
        line.append(tasks.size()).append(' ').append(state).append(tasks.size() == 1 ? ": " : ", e.g. ")
                .append(escape(first.identity())).append(wrapping(first));
        if (Boolean.TRUE.equals(first.periodic())) {
            line.append(" (periodic").append(ran(first)).append(')');
        } else if (first.nextRunInMillis() != null) {
            line.append(" (runs in ").append(Durations.format(first.nextRunInMillis())).append(')');
        }
        if (first.runningIn() != null) {
            line.append(" in ").append(first.runningIn());
        }
        ThreadRef by = first.submittedBy();
        boolean byAnother = by != null && (creator == null || creator.id() != by.id());
        if (first.submittedAt() != null || byAnother) {
            line.append(", submitted");
            if (byAnother) {
                line.append(" by ").append(by);
            }
            if (first.submittedAt() != null) {
                line.append(" at ").append(first.submittedAt());
            }
        }
    }

    /**
     * A task that is itself a lambda by the code it is in: {@code a lambda @1a2b of
     * com.acme.Importer}, not the JDK's hidden class name and its address (SmallRye
     * Fault Tolerance's trial); any other by its identity.
     */
    private static String named(TaskInfo t) {
        String type = t.type();
        String identity = t.identity();
        String code = type == null ? null : TaskInfo.codeName(type);
        if (identity == null || code == null || code.equals(type) || !identity.startsWith(type + "@")) {
            return identity;
        }
        return code.replaceFirst("^a lambda", "a lambda " + identity.substring(type.length()));
    }

    /** {@code  wrapping com.acme.Job}: the code inside the JDK's future, where it is known; else nothing. */
    private static String wrapping(TaskInfo t) {
        return t.wraps() == null ? "" : " wrapping " + escape(TaskInfo.codeName(t.wraps()));
    }

    /**
     * {@code , ran 3 times}, {@code , ran once}, or nothing before a task's first run; then its
     * next run, if known: {@code , next run in 8 m 20 s} of a periodic one, {@code , runs in 6.2 s}
     * of one that runs once ("next run" read as if it repeated: Prometheus client_java's trial).
     */
    private static String ran(TaskInfo t) {
        String ran = t.runs() == null || t.runs() == 0 ? "" : t.runs() == 1 ? ", ran once" : ", ran " + t.runs() + " times";
        String next = Boolean.TRUE.equals(t.periodic()) ? ", next run in " : ", runs in "; // as the record says: true or absent
        return t.nextRunInMillis() == null ? ran : ran + next + Durations.format(t.nextRunInMillis());
    }

    /** {@code cancelled with cancel(false), which interrupts nothing, 2.0 s ago by "main" #1 at:}. */
    private static void cancellation(StringBuilder out, TaskInfo t) {
        if (t == null || t.cancelledAgoMillis() == null) {
            return;
        }
        String how = t.cancelledWith();
        if (how == null || how.equals("cancel(true)")) {
            out.append("  cancelled with interruption").append(how == null ? "" : " (" + how + ")");
        } else if (how.equals("cancel(false)")) {
            out.append("  cancelled with cancel(false), which interrupts nothing,");
        } else {
            out.append("  interrupted by ").append(escape(how));
        }
        out.append(' ').append(Durations.format(t.cancelledAgoMillis())).append(" ago");
        if (t.cancelledBy() != null) {
            out.append(" by ").append(t.cancelledBy());
        }
        if (t.cancelledAt() != null) {
            out.append(" at:\n");
            frames(out, FoldedStack.lines(t.cancelledAt(), STACK_LINES));
        } else {
            out.append('\n');
        }
    }

    private static void shutdown(StringBuilder out, ExecutorInfo e) {
        if (e == null || e.shutdownAgoMillis() == null) {
            return;
        }
        out.append("  shut down ").append(Durations.format(e.shutdownAgoMillis())).append(" ago");
        if (e.shutdownAt() != null) {
            out.append(" at:\n");
            frames(out, FoldedStack.lines(e.shutdownAt(), STACK_LINES));
        } else {
            out.append('\n');
        }
    }

    /**
     * {@code parked 41.0 s in SynchronousQueue.put on ...SynchronousQueue@6d06 (queue empty, no taker waiting)};
     * a lock or monitor says who holds it: {@code blocked in Account.debit entering the monitor of
     * com.acme.Account@1b2c, owned by "teller-2" #14}; a timed wait says when it ends
     * ({@code sleeping 1.0 s in Thread.sleep, wakes in 3.1 s}).
     */
    private static void blockedOn(StringBuilder out, Leak leak) {
        out.append("  ").append(waitLine(leak)).append(groupPart(leak)).append('\n');
        if (leak.blockedOn().why() != null) {
            out.append("    because ").append(escape(leak.blockedOn().why())).append('\n');
        }
    }

    /**
     * For a group some of whose members are elsewhere ({@link Leak#elsewhere()}), how many its
     * wait and stack, its first member's, describe: {@code " (4 of these 6; 2 elsewhere)"}; for one
     * whose members' stacks were not all read ({@link Leak#stacksRead()}), of how many it knows it:
     * {@code " (stacks of 3 of these 5 read: 2 here, 1 elsewhere)"}; and, where they wait on several
     * objects of the class of the one it names ({@link Leak#waitObjects()}), how many: {@code "; on
     * 3 objects of this class"}, {@code "each on its own"}; else empty.
     */
    static String groupPart(Leak leak) {
        Integer other = leak.elsewhere();
        Integer read = leak.stacksRead();
        String where;
        if (read != null) {
            int away = other == null ? 0 : Math.min(other, read);
            where = "stacks of " + read + " of these " + leak.count() + " read: " + (read - away) + " here"
                    + (away == 0 ? "" : ", " + away + " elsewhere");
        } else {
            where = other == null ? null : (leak.count() - other) + " of these " + leak.count() + "; " + other + " elsewhere";
        }
        Integer objects = leak.waitObjects();
        String on = objects == null ? null
                : objects == leak.count() ? "each on its own" : "on " + objects + " objects of this class";
        if (where == null && on == null) {
            return "";
        }
        return " (" + (where == null ? on : on == null ? where : where + "; " + on) + ")";
    }

    /** The wait of {@code leak} in one line, without indentation or its reason. */
    static String waitLine(Leak leak) {
        BlockedOn on = leak.blockedOn();
        boolean enteringAMonitor = leak.thread() != null && "BLOCKED".equals(leak.thread().state());
        // a monitor's wait is no park: "parked in Object.wait" was read twice (Commons IO's trial)
        String how = enteringAMonitor ? "blocked" : on.sleeping() ? "sleeping"
                : "java.lang.Object.wait".equals(on.operation()) ? "waiting" : "parked";
        StringBuilder out = new StringBuilder(how);
        if (on.sinceMillis() != null) {
            out.append(' ').append(Durations.format(on.sinceMillis()));
        }
        if (on.operation() != null) {
            out.append(" in ").append(escape(on.shortOperation()));
        }
        if (on.object() != null) {
            out.append(enteringAMonitor ? " entering the monitor of " : " on ").append(escape(on.object()));
        }
        if (on.owner() != null && !"java.lang.Thread.join".equals(on.operation())) { // a join names its thread already
            out.append(enteringAMonitor ? ", owned by " : ", held by ").append(on.owner());
        }
        String detail = on.detail();
        if (detail == null && on.queueSize() != null) {
            detail = "size " + on.queueSize() + (on.queueCapacity() == null ? ""
                    : " of " + (on.queueCapacity() == Integer.MAX_VALUE ? "unbounded" : on.queueCapacity()));
        }
        if (detail != null) {
            out.append(" (").append(escape(detail)).append(')');
        }
        Long wakesIn = on.wakesInMillis();
        if (wakesIn != null) {
            out.append(", wakes in ").append(Durations.format(wakesIn));
        } else if (on.timeoutMillis() != null) {
            out.append(", timeout ").append(Durations.format(on.timeoutMillis()));
        }
        return out.toString();
    }

    private static void death(StringBuilder out, Death death) {
        out.append("DIED ").append(death.thread()).append(" of ").append(escape(death.exceptionType()));
        if (death.exceptionMessage() != null) {
            out.append(": ").append(escape(death.exceptionMessage()));
        }
        out.append(" at ").append(escape(death.endedAt()));
        if (death.handledBy() != null) {
            out.append(" (handled by ").append(escape(death.handledBy())).append(')');
        }
        out.append('\n');
        out.append("  created by ").append(death.createdBy() == null ? "an unknown thread" : death.createdBy());
        if (death.createdAt() == null || death.createdAt().isEmpty()) {
            out.append('\n');
        } else {
            out.append(" at:\n");
            frames(out, FoldedStack.creationLines(death.createdAt(), death.creationStackCut()));
        }
        if (death.exceptionStack() != null && !death.exceptionStack().isEmpty()) {
            // its stack is where it was made: when another thread made it, not where this one died
            out.append(death.madeOnAnotherThread() ? MADE_ELSEWHERE + ", at:\n" : "  thrown at:\n");
            frames(out, FoldedStack.lines(death.exceptionStack(), STACK_LINES));
        }
    }

    /**
     * What a death's exception made by another thread is said to be: "made on another thread at X"
     * read as if that frame had run on the thread that died (Zipkin's trial, again). Where this
     * thread threw it, nothing tells: the exception's stack is its maker's.
     */
    static final String MADE_ELSEWHERE = "  its exception was made on another thread, which this one threw later";

    private static void frames(StringBuilder out, List<String> lines) {
        for (String line : lines) {
            out.append("    ").append(line).append('\n');
        }
    }
}
