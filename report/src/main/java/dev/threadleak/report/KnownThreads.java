package dev.threadleak.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Threads that are never leaks: the JVM's and the JDK's own, those common libraries start on a
 * caller's behalf and stop by themselves or keep for the life of the JVM, and threadleak's. One
 * list, each entry with the reason, shared by the agent and by the JUnit extension's snapshot
 * mode, so that a user who wonders why a thread is not reported can find out here. An entry
 * matches a thread by its name, or (where a name could be a user's) by its class or pool; a thread
 * seen only in a thread dump can be matched by name alone. A library's entry may also match what
 * the library's own code made (an executor, its tasks), by the first frame of the creation stack
 * that is not the JDK's.
 */
public final class KnownThreads {

    /** The prefix of every thread threadleak starts. */
    public static final String OWN_THREAD_PREFIX = "threadleak-";

    /**
     * The JDK class behind each {@code java.lang.ref.Cleaner}: its {@code start} starts the
     * Cleaner's thread, whose loop is its {@code run}; that thread ends only when its Cleaner is
     * collected (there is no {@code close()}).
     */
    public static final String CLEANER_IMPL = "jdk.internal.ref.CleanerImpl";

    /** Whether the frame of {@code className}'s {@code method} is a {@code Cleaner}'s thread's loop. */
    public static boolean isCleanersLoop(String className, String method) {
        return CLEANER_IMPL.equals(className) && "run".equals(method);
    }

    /** Whether the frame of {@code className}'s {@code method} is where a {@code Cleaner} starts its thread. */
    public static boolean isCleanersStart(String className, String method) {
        return CLEANER_IMPL.equals(className) && "start".equals(method);
    }

    /** Whether {@code stack} (may be null) is in a {@code Cleaner}'s thread's loop. */
    public static boolean runsCleanersLoop(List<Frame> stack) {
        return stack != null && stack.stream().anyMatch(f -> isCleanersLoop(f.className(), f.method()));
    }

    /**
     * Whether {@code leak} is a {@code Cleaner}'s thread: its loop is on its stack, or (just
     * started, before the loop shows) the {@code Cleaner} started it.
     */
    public static boolean isCleanersThread(Leak leak) {
        return leak.kind() == LeakKind.THREAD && (runsCleanersLoop(leak.stack()) || startedByACleaner(leak.createdAt()));
    }

    /** Whether creation stack {@code createdAt} (may be null) is a {@code Cleaner}'s start of its thread. */
    public static boolean startedByACleaner(List<Frame> createdAt) {
        return createdAt != null && createdAt.stream().anyMatch(f -> isCleanersStart(f.className(), f.method()));
    }

    /** Where a thread waits for the collector to hand it a reference. */
    private static final String REFERENCE_QUEUE = "java.lang.ref.ReferenceQueue";

    /**
     * Whether {@code leak} is a thread that waits on a reference queue for code outside the JDK
     * (Commons IO's file reaper, a driver's cleanup thread): only the collector serves that wait,
     * and such a thread often ends only once what it tracks has been collected, as a
     * {@code Cleaner}'s, the JDK's own kind of it, does.
     */
    public static boolean waitsOnAReferenceQueue(Leak leak) {
        List<Frame> stack = leak.stack();
        if (leak.kind() != LeakKind.THREAD || leak.task() != null || leak.executor() != null || stack == null) {
            return false;
        }
        boolean inRemove = false;
        for (Frame f : stack) {
            if (REFERENCE_QUEUE.equals(f.className())) {
                inRemove |= "remove".equals(f.method());
            } else if (inRemove) {
                return !f.isJdk(); // who called it
            }
        }
        return false;
    }

    /** Where the JDK's HTTP client starts its selector thread. */
    private static final String HTTP_CLIENT = "jdk.internal.net.http.HttpClientImpl";

    /**
     * Whether {@code leak} is a thread the JDK's {@code HttpClient} started: its selector, the only
     * one it starts itself, which ends once its client is closed (Java 21 and later) or collected.
     */
    public static boolean isHttpClientSelector(Leak leak) {
        List<Frame> createdAt = leak.createdAt();
        return leak.task() == null && leak.executor() == null && createdAt != null
                && createdAt.stream().anyMatch(f -> HTTP_CLIENT.equals(f.className()) && "start".equals(f.method()));
    }

    /** Where Netty's event loops spend their graceful shutdown's quiet period: checking for tasks every 100 ms. */
    private static final String NETTY_EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";

    /**
     * Whether the top of {@code stack}, innermost first, is the sleep of a Netty event loop's
     * graceful shutdown ({@code SingleThreadEventExecutor.confirmShutdown}): it ends once its quiet
     * period passes without a task, within the shutdown's timeout, with nobody waiting. Of any
     * frames: a report's, or a thread dump's.
     */
    public static <F> boolean inNettyQuietPeriod(List<F> stack, Function<F, String> className,
                                                 Function<F, String> method) {
        for (F frame : stack) {
            if ("java.lang.Thread".equals(className.apply(frame))) {
                continue; // Thread.sleep and the JDK's frames under it
            }
            return NETTY_EXECUTOR.equals(className.apply(frame)) && "confirmShutdown".equals(method.apply(frame));
        }
        return false;
    }

    /** The same, of a report's stack. */
    public static boolean inNettyQuietPeriod(List<Frame> stack) {
        return stack != null && inNettyQuietPeriod(stack, Frame::className, Frame::method);
    }

    /**
     * A kind of thread that is never a leak, and why. {@code madeBy}: class-name prefixes of the
     * code whose threads, executors and tasks are the entry's (empty: matched by thread only).
     * {@code madeInJdkAt}: JDK methods ({@code class.method}) through which the JDK makes the
     * entry's threads for the whole JVM, on behalf of whichever caller came first.
     */
    public record Entry(String what, String reason, Predicate<String> name, Predicate<Thread> thread,
                        List<String> madeBy, List<String> madeInJdkAt) {

        public Entry(String what, String reason, Predicate<String> name, Predicate<Thread> thread,
                     List<String> madeBy) {
            this(what, reason, name, thread, madeBy, List.of());
        }

        public Entry(String what, String reason, Predicate<String> name, Predicate<Thread> thread) {
            this(what, reason, name, thread, List.of());
        }
    }

    /** An entry that matches by name alone. */
    private static final Predicate<Thread> NO_THREAD = t -> false;

    private static final List<Entry> ENTRIES = List.of(
            named("Reference Handler", "the JVM's: enqueues cleared references for the life of the JVM"),
            named("Finalizer", "the JVM's: runs finalize() for the life of the JVM"),
            named("Signal Dispatcher", "the JVM's: dispatches OS signals to Java handlers"),
            named("Common-Cleaner", "the JDK's: runs java.lang.ref.Cleaner actions for the life of the JVM"),
            named("Attach Listener", "the JVM's: serves jcmd and the attach API (threadleak's CLI uses it)"),
            named("Notification Thread", "the JVM's: delivers JMX notifications for low memory and GC"),
            named("DestroyJavaVM", "the JVM's: the launcher thread waiting for non-daemon threads after main"),
            new Entry("JVM service threads", "the JVM's compiler, service and sweeper threads (seen in thread dumps)",
                    n -> n.equals("Service Thread") || n.equals("Monitor Deflation Thread")
                            || n.equals("Sweeper thread") || n.startsWith("C1 CompilerThread")
                            || n.startsWith("C2 CompilerThread"), NO_THREAD),
            new Entry("process reaper", "the JDK's: waits for child processes; daemon, lives in a cached pool",
                    n -> n.startsWith("process reaper"), NO_THREAD),
            new Entry("JFR threads", "Flight Recorder's own threads", n -> n.startsWith("JFR "), NO_THREAD),
            new Entry("JMX and RMI threads", "the JDK's management agent and its RMI transport",
                    n -> n.startsWith("RMI ") || n.startsWith("JMX server connection timeout") || n.equals("GC Daemon"),
                    NO_THREAD),
            new Entry("virtual-thread machinery", "the JDK's carriers, unparker and I/O pollers for virtual threads",
                    n -> n.equals("VirtualThread-unparker") || n.equals("VirtualThread-unblocker")
                            || n.equals("Read-Poller") || n.equals("Write-Poller") || n.equals("Master-Poller"),
                    t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread")),
            new Entry("ForkJoinPool delay scheduler", "a ForkJoinPool's timer thread (JDK 25+): it lives and ends with its pool",
                    n -> false, t -> t.getClass().getName().equals("java.util.concurrent.DelayScheduler")),
            new Entry("common-pool workers", "the ForkJoin common pool belongs to the JVM; its idle workers are not leaks",
                    n -> false, KnownThreads::isCommonPoolWorker),
            named("Keep-Alive-Timer", "the JDK's: closes idle keep-alive connections of HttpURLConnection, and ends "
                    + "when none is left"),
            new Entry("the default asynchronous channel group", "the JDK's: the first AsynchronousSocketChannel or "
                    + "AsynchronousServerSocketChannel opened without a group starts the JVM-wide default group, which "
                    + "cannot be shut down; and AsynchronousFileChannel's default pool is JVM-wide too",
                    n -> false, NO_THREAD, List.of(), List.of(
                            "sun.nio.ch.LinuxAsynchronousChannelProvider.defaultEventPort",
                            "sun.nio.ch.BsdAsynchronousChannelProvider.defaultEventPort",
                            "sun.nio.ch.AixAsynchronousChannelProvider.defaultEventPort",
                            "sun.nio.ch.SolarisAsynchronousChannelProvider.defaultEventPort",
                            "sun.nio.ch.WindowsAsynchronousChannelProvider.defaultIocp",
                            "sun.nio.ch.ThreadPool.createDefault")),
            named("Keep-Alive-SocketCleaner", "the JDK's: drains HttpURLConnection streams closed early, for reuse"),
            // jline3's trial: a test that stopped its Swing timer failed, by the thread, or its class did
            new Entry("Swing's timer thread", "the JDK's: every javax.swing.Timer of an AppContext runs on one "
                    + "thread, which the first timer starts and a stopped timer leaves waiting for the next; it ends "
                    + "with its AppContext, and the main one's with the JVM",
                    n -> false, NO_THREAD, List.of(), List.of("javax.swing.TimerQueue.startIfNeeded")),
            named("JNA Cleaner", "JNA's: frees the native memory of collected objects, for the life of the JVM"),
            new Entry("Netty's global threads", "Netty's: GlobalEventExecutor runs JVM-wide tasks on one thread that "
                    + "ends a second after its last task; ObjectCleaner and ThreadDeathWatcher clean up after threads",
                    n -> n.startsWith("globalEventExecutor-") || n.equals("ObjectCleanerThread")
                            || n.startsWith("threadDeathWatcher-"), NO_THREAD),
            new Entry("Testcontainers and docker-java threads", "Testcontainers' reaper connection (testcontainers-ryuk) "
                    + "removes its containers when the JVM exits; its wait and pull-watchdog pools are JVM-wide; "
                    + "docker-java streams a container's output on a thread that ends with the stream",
                    n -> n.equals("testcontainers-ryuk") || n.startsWith("testcontainers-wait-")
                            || n.startsWith("testcontainers-pull-watchdog-") || n.startsWith("docker-java-stream-"),
                    NO_THREAD, List.of("org.testcontainers.", "com.github.dockerjava.")),
            new Entry("OkHttp's pools", "OkHttp's: its dispatcher, connection pool and task runner keep idle threads "
                    + "for up to a minute and need no shutdown (its documentation says so); Okio's watchdog times out "
                    + "its I/O for the life of the JVM",
                    n -> n.startsWith("OkHttp ") || n.equals("Okio Watchdog"), NO_THREAD,
                    List.of("okhttp3.", "okio.")),
            // TTL's trial: every kotest suite's JVM reported kotest's invocation timeout's timer thread at exit
            new Entry("kotlinx.coroutines' shared threads", "kotlinx.coroutines': Dispatchers.Default and "
                    + "Dispatchers.IO share one scheduler for the JVM, whose idle workers end after a minute, and its "
                    + "DefaultExecutor runs delays and timeouts on a thread that ends a second after its last",
                    n -> n.equals("kotlinx.coroutines.DefaultExecutor") || n.startsWith("DefaultDispatcher-worker-"),
                    NO_THREAD),
            new Entry("Surefire's and Failsafe's forked JVM threads", "Maven Surefire's and Failsafe's: as the "
                    + "forked test JVM exits, its booter schedules a last-ditch halt 30 s later on a pool of its own "
                    + "(surefire-forkedjvm-last-ditch-daemon-shutdown-thread-30s), meant never to run, and its "
                    + "command reader and ping threads serve the Maven process for the life of the JVM",
                    n -> n.startsWith("surefire-forkedjvm-"), NO_THREAD,
                    List.of("org.apache.maven.surefire.booter.")),
            new Entry("threadleak", "ours: named threadleak-*, each with an owner that stops it",
                    n -> n.startsWith(OWN_THREAD_PREFIX), NO_THREAD));

    /** The entries that look at more than a name. */
    private static final List<Entry> BY_THREAD = lookingAtThreads();

    private KnownThreads() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry that makes {@code thread} a non-leak, or null. */
    public static Entry match(Thread thread) {
        String name = thread.getName();
        if (name.isEmpty()) { // no entry's name is empty; virtual threads mostly have none, and a JVM may hold 100,000
            for (Entry entry : BY_THREAD) {
                if (entry.thread().test(thread)) {
                    return entry;
                }
            }
            return null;
        }
        for (Entry entry : ENTRIES) {
            if (entry.name().test(name) || entry.thread().test(thread)) {
                return entry;
            }
        }
        return null;
    }

    public static boolean isKnown(Thread thread) {
        return match(thread) != null;
    }

    /** For threads seen only by name (a thread dump): the entries that a name alone can match. */
    public static boolean isKnownName(String name) {
        for (Entry entry : ENTRIES) {
            if (entry.name().test(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entry of the library whose own code made what {@code createdAt} is the creation stack of
     * (its first frame that is not the JDK's), or of the JDK's JVM-wide service it was made
     * through (a JDK frame above that one); or null.
     */
    public static Entry madeBy(List<Frame> createdAt) {
        for (Frame f : createdAt) {
            if (f.isJdk()) {
                Entry jdk = madeInJdkAt(f);
                if (jdk != null) {
                    return jdk;
                }
                continue;
            }
            String c = f.className();
            for (Entry entry : ENTRIES) {
                for (String prefix : entry.madeBy()) {
                    if (c != null && c.startsWith(prefix)) {
                        return entry;
                    }
                }
            }
            return null;
        }
        return null;
    }

    private static Entry madeInJdkAt(Frame f) {
        String at = f.className() + "." + f.method();
        for (Entry entry : ENTRIES) {
            if (entry.madeInJdkAt().contains(at)) {
                return entry;
            }
        }
        return null;
    }

    private static Entry named(String name, String reason) {
        return new Entry(name, reason, name::equals, NO_THREAD);
    }

    private static List<Entry> lookingAtThreads() {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            if (entry.thread() != NO_THREAD) {
                result.add(entry);
            }
        }
        return List.copyOf(result);
    }

    private static boolean isCommonPoolWorker(Thread t) {
        return t instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }
}
