package dev.threadleak.agent.threads;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.report.Frame;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Captures creation stacks cheaply and turns them into frames only when a report needs them.
 *
 * <p>Capture is a {@code Throwable} whose frames the JVM resolves lazily (measured here: about
 * 450 ns on top of a 160 ns virtual-thread start, against 1.4 µs for a 16-frame StackWalker).
 * Platform-thread starts cost 100+ µs, so they always get one. Virtual threads are cheap, so in
 * {@code sampled} mode only the first {@value #ALWAYS_CAPTURED} and then one in
 * {@value #SAMPLE_EVERY} (at random) get one; the rest are reported by creator, saying the stack was not
 * sampled. Resolved stacks are shared: 10,000 threads from one site hold one list. The trace holds
 * the whole stack, so resolving it also tells whether {@code stack-depth} cut it ({@link #isCut}),
 * at no cost to a start.
 *
 * <p>Once a scope is in use ({@link #keepEveryStack()}), {@code sampled} keeps every stack: a
 * scope must tell what a class initializer made (the JVM's, for as long as the class lives) from
 * what the scope's own code made, and only the stack says so. A {@code StackWalker} looking for a
 * class initializer at each start would cost more (about 4 µs at any depth, 15-18 µs through a
 * JUnit stack, measured here) than the {@code Throwable} (1.7 µs at 60 frames).
 */
public final class CreationSites {

    static final int ALWAYS_CAPTURED = 1_000;
    static final int SAMPLE_EVERY = 128;
    private static final int MAX_SHARED = 10_000;

    private final CreationStacks mode;
    private final int depth;
    private final ConcurrentHashMap<List<Frame>, List<Frame>> shared = new ConcurrentHashMap<>();
    /** Counts only until {@value #ALWAYS_CAPTURED}; after that, sampling touches no shared state. */
    private final AtomicInteger warmUp = new AtomicInteger();
    /** How many scopes were made ({@link #scopesMade}). */
    private final AtomicInteger scopes = new AtomicInteger();
    private volatile boolean warm;
    private volatile boolean everyStack;

    public CreationSites(CreationStacks mode, int depth) {
        this.mode = mode;
        this.depth = depth;
    }

    /** A trace of the current stack, or null when this start (or task) is not sampled. */
    public Throwable capture(boolean virtual) {
        switch (mode) {
            case OFF:
                return null;
            case SAMPLED:
                if (virtual && !everyStack && !sampled()) {
                    return null;
                }
                return new CreationTrace();
            default:
                return new CreationTrace();
        }
    }

    private boolean sampled() {
        if (!warm) {
            if (warmUp.incrementAndGet() <= ALWAYS_CAPTURED) {
                return true;
            }
            warm = true;
        }
        return ThreadLocalRandom.current().nextInt(SAMPLE_EVERY) == 0;
    }

    /**
     * From now on, {@code sampled} keeps the stack of every start and submission, as {@code all}
     * does: a scope is in use. {@code off} stays off.
     */
    public void keepEveryStack() {
        everyStack = true;
        scopes.incrementAndGet();
    }

    /**
     * A trace of a task's submission, or null. Sampled as a virtual thread's start is (the JVM's
     * first {@value #ALWAYS_CAPTURED}, then one in {@value #SAMPLE_EVERY}: the contract's
     * {@code sampled}), but in a scope every one of the first tasks of each kind since a scope was
     * last made too ({@code firstOfKind}, counted by the caller): a test that hands a pool a million
     * events paid a stack each (Commons JCS's event tests ran 12 times slower), where a task left
     * unfinished is named by its code's class and its submitter all the same. A task a class
     * initializer submits is told by its stack: the first of its kind, it has one.
     */
    public Throwable captureTask(boolean firstOfKind) {
        if (mode != CreationStacks.SAMPLED || !everyStack) {
            return capture(true);
        }
        return firstOfKind || sampled() ? new CreationTrace() : null;
    }

    /** How many scopes were made: a task's count of its kind starts again with each; 0 before the first. */
    public int scopesMade() {
        return scopes.get();
    }

    /** True once {@link #keepEveryStack()} was called: stacks of what scopes judge are then kept. */
    public boolean keepsEveryStack() {
        return everyStack && mode != CreationStacks.OFF;
    }

    public List<Frame> resolve(Throwable trace) {
        return trace == null ? List.of() : resolveTrace(trace.getStackTrace());
    }

    /**
     * A creation stack a record holds as {@code creation}: a trace not resolved yet, its frames
     * once resolved (which the record keeps instead), or null when none was captured.
     */
    @SuppressWarnings("unchecked")
    public List<Frame> frames(Object creation) {
        if (creation instanceof Throwable trace) {
            return resolve(trace);
        }
        return creation == null ? List.of() : (List<Frame>) creation;
    }

    /**
     * The class whose static initializer ({@code <clinit>}) was on the stack, nearest first, or
     * null: what a class initializer makes lives as long as its class, which is the JVM's, not the
     * code that happened to use the class first. Not for a {@code ForkJoinPool}'s worker: the pool
     * starts one whenever it wants one, from whatever a thread that signals or blocks in it is
     * doing, and the worker then runs anyone's tasks. On JDK 24+ a worker blocked in
     * {@code Object.wait} makes its pool start another: JUnit's parallel worker that ran Mockito's
     * class initializer (waiting for its agent to attach) had its pool start a worker, and every
     * thread the tests that worker ran then started was taken for the initializer's (Shiro's trial:
     * leaks missed). The pool's own record says whether an initializer made the pool.
     */
    public static String classInitializer(StackTraceElement[] elements) {
        for (StackTraceElement e : elements) {
            if (e.getMethodName().equals("<clinit>")) {
                return e.getClassName();
            }
            if (e.getMethodName().equals("createWorker") && e.getClassName().equals(FORK_JOIN_POOL)) {
                return null;
            }
        }
        return null;
    }

    private static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";

    private List<Frame> resolveTrace(StackTraceElement[] elements) {
        int first = 0;
        while (first < elements.length && isStartMachinery(elements[first])) {
            first++;
        }
        int end = Math.min(elements.length, first + depth);
        List<Frame> frames = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            frames.add(Frame.of(elements[i]));
        }
        // the trace holds the whole stack (up to the JVM's own limit), so this knows whether frames went on below
        List<Frame> site = end < elements.length ? new CutStack(frames, entries(elements, end)) : List.copyOf(frames);
        if (shared.size() >= MAX_SHARED) {
            return site;
        }
        List<Frame> previous = shared.putIfAbsent(site, site);
        // equal frames, one cut and one whole (a recursion), or cut above different callers: never share those
        return previous == null || isCut(previous) != isCut(site) || !entries(previous).equals(entries(site))
                ? site : previous;
    }

    /** How many of the frames where the application was entered a cut stack keeps. */
    static final int ENTRIES_KEPT = 4;

    /**
     * In what the cut at {@code end} left out, the frames of the application's code that the JDK,
     * reflection or a framework called (a test method, a lambda a Spring context ran, {@code main},
     * a thread's {@code run}), innermost first, at most {@value #ENTRIES_KEPT}: a test nested in
     * another's engine, or a context's bean, is entered several times.
     */
    private static List<Frame> entries(StackTraceElement[] elements, int end) {
        List<Frame> entries = new ArrayList<>(2);
        Frame frame = end < elements.length ? Frame.of(elements[end]) : null;
        for (int i = end; frame != null && entries.size() < ENTRIES_KEPT; i++) {
            Frame caller = i + 1 < elements.length ? Frame.of(elements[i + 1]) : null; // each frame made once
            if (frame.isApplication() && (caller == null || !caller.isApplication())) {
                entries.add(frame);
            }
            frame = caller;
        }
        return List.copyOf(entries);
    }

    /**
     * For {@code frames} cut at {@code stack-depth} ({@link #isCut}), where the application's code
     * was entered in what was cut ({@link #entries}): the one line a reader of a deep stack (a
     * Spring context's, 30 frames between a pool and the test) needs. Empty when nothing was cut.
     */
    public static List<Frame> entries(List<Frame> frames) {
        return frames instanceof CutStack cut ? cut.entries : List.of();
    }

    /**
     * Whether {@code frames}, as {@link #frames} or {@link #resolve} gave them, are the top of a stack
     * that went on below them: the stack was deeper than {@code stack-depth}.
     */
    public static boolean isCut(List<Frame> frames) {
        return frames instanceof CutStack;
    }

    /**
     * Our own frames, the JDK's {@code Thread.start} path and the executor machinery that makes,
     * submits and starts work: the user's code starts below them (a pool worker's site is then
     * the code whose submit made the pool start it).
     */
    private static boolean isStartMachinery(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("dev.threadleak.agent.bootstrap.") || c.startsWith("dev.threadleak.agent.threads.")
                || c.startsWith("dev.threadleak.agent.executors.")
                || ((c.equals("java.lang.Thread") || c.equals("java.lang.VirtualThread")
                    || c.startsWith("java.lang.ThreadBuilders")) && (e.getMethodName().startsWith("start")))
                || c.startsWith("java.util.concurrent.") || c.equals("java.util.Timer")
                || c.startsWith("jdk.internal.vm.") || c.startsWith("java.lang.System$");
    }

    /**
     * The frames of a stack cut at {@code stack-depth}. The list itself says so, so that a record
     * keeps one object for its resolved stack, as before; it equals any list of the same frames.
     */
    private static final class CutStack extends AbstractList<Frame> implements RandomAccess {
        private final List<Frame> frames;
        private final List<Frame> entries;

        CutStack(List<Frame> frames, List<Frame> entries) {
            this.frames = List.copyOf(frames);
            this.entries = entries;
        }

        @Override
        public Frame get(int index) {
            return frames.get(index);
        }

        @Override
        public int size() {
            return frames.size();
        }
    }

    /** Marks a creation stack in a heap dump; never thrown. */
    static final class CreationTrace extends Throwable {
        private static final long serialVersionUID = 1L;

        CreationTrace() {
            super("thread created here", null, false, true);
        }
    }
}
