package dev.threadleak.agent.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.library.LazilyHeld;
import dev.threadleak.agent.library.SharedPool;
import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Window;
import dev.threadleak.report.Death;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The scope engine's lineage rules, on registries fed through their listener interfaces. */
class LineageScopeTest {

    private static Scope scope(TrackedThreads threads) {
        return threads.engine.newScope(new ScopeInfo("test", "lineage"), "the test ended",
                t -> t.getName().startsWith("runner-"));
    }

    private static Set<String> threadNames(Scope scope) {
        Set<String> names = new TreeSet<>();
        for (Finding f : scope.findings()) {
            names.addAll(f.names());
        }
        return names;
    }

    @Test
    void aWindowOwnsWhatItsOwnerStartsDirectlyOrNotButNothingStartedBeforeIt() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            CountDownLatch grandchildStarted = new CountDownLatch(1);
            threads.start("older", () -> threads.start("older-child"));
            Scope scope = scope(threads);
            scope.openWindow();
            threads.start("child", () -> {
                threads.start("grandchild");
                grandchildStarted.countDown();
            });
            grandchildStarted.await();

            assertEquals(Set.of("child", "grandchild"), threadNames(scope));
        }
    }

    @Test
    void theLineageIsCutAtRunnerThreadsAndAtThreadsOlderThanTheWindow() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            CountDownLatch startLate = new CountDownLatch(1);
            CountDownLatch startedLate = new CountDownLatch(2);
            threads.start("older", () -> {
                await(startLate);
                threads.start("started-late-by-older");
                startedLate.countDown();
            });
            Scope scope = scope(threads);
            scope.openWindow();
            threads.start("runner-1", () -> {
                threads.start("runners-test-thread");
                startedLate.countDown();
            });
            threads.start("own");
            startLate.countDown();
            startedLate.await();

            assertEquals(Set.of("own"), threadNames(scope));
        }
    }

    @Test
    void whatARunnerStartedIsNotTheWindowsEvenOnceTheRunnerHasEnded() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            scope.openWindow();
            threads.runToEnd("runner-2", () -> threads.start("started-by-a-runner-that-ended"));
            threads.runToEnd("runner-3", () -> {
                try {
                    threads.runToEnd("dies-below-a-runner", new IllegalStateException("boom"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertEquals(Set.of(), threadNames(scope));
            ScopeCheck check = scope.check(Duration.ZERO, FindingFilter.NONE, false);
            assertEquals(List.of(), check.deaths(), "not even a death");
        }
    }

    /** Set before {@link LibraryHolder} is first used (setting a field of its own would initialize it). */
    private static TrackedThreads libraryThreads;

    /** A library's holder class: its static initializer starts a thread, which later starts another. */
    static final class LibraryHolder {
        static final CountDownLatch CHILD_STARTED = new CountDownLatch(1);
        static final Thread SHARED = libraryThreads.start("library-shared", () -> {
            libraryThreads.start("library-child");
            CHILD_STARTED.countDown();
        });
    }

    @Test
    void whatAClassInitializerMadeIsNeverTheWindowsNorWhatItsThreadsStart() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            scope.openWindow();
            libraryThreads = threads;
            assertTrue(LibraryHolder.SHARED.isAlive());
            LibraryHolder.CHILD_STARTED.await();
            threads.start("own");

            assertEquals(Set.of("own"), threadNames(scope));
        }
    }

    @Test
    void aClosedWindowKeepsLaterThreadsOnlyWhenOneOfItsOwnStartedThem() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            CountDownLatch grow = new CountDownLatch(1);
            CountDownLatch grown = new CountDownLatch(1);
            Scope scope = scope(threads);
            Window window = scope.openWindow();
            threads.start("pool-like", () -> {
                await(grow);
                threads.start("grown-after-close");
                grown.countDown();
            });
            window.close();
            threads.start("after-close");
            grow.countDown();
            grown.await();

            assertEquals(Set.of("grown-after-close", "pool-like"), threadNames(scope));
        }
    }

    @Test
    void aScopeOwnsTheUnionOfItsWindowsOnEveryThreadThatOpenedOne() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            try (Window first = scope.openWindow()) {
                threads.start("first-window");
            }
            CountDownLatch opened = new CountDownLatch(1);
            threads.start("other-owner", () -> {
                try (Window second = scope.openWindow()) {
                    threads.start("second-window");
                }
                opened.countDown();
            });
            opened.await();

            assertEquals(Set.of("first-window", "second-window"), threadNames(scope));
        }
    }

    @Test
    void anExecutorIsTheWindowsWhenItsOwnerMadeItWhileOpenOrOneOfItsThreadsDid() throws Exception {
        ExecutorService madeInWindow = Executors.newSingleThreadExecutor();
        ExecutorService madeByItsThread = Executors.newSingleThreadExecutor();
        ExecutorService madeAfterClose = Executors.newSingleThreadExecutor();
        ExecutorService madeByOlder = Executors.newSingleThreadExecutor();
        try (TrackedThreads threads = new TrackedThreads()) {
            CountDownLatch make = new CountDownLatch(1);
            CountDownLatch made = new CountDownLatch(2);
            threads.start("older", () -> {
                await(make);
                made(threads, madeByOlder);
                made.countDown();
            });
            Scope scope = scope(threads);
            try (Window window = scope.openWindow()) {
                made(threads, madeInWindow);
                threads.start("maker", () -> {
                    made(threads, madeByItsThread);
                    made.countDown();
                });
            }
            made(threads, madeAfterClose);
            make.countDown();
            made.await();

            List<Finding> findings = scope.findings();
            assertEquals(3, findings.size(), findings.toString()); // the two executors and the maker thread
            assertTrue(findings.stream().anyMatch(f -> f.leak().executor() != null
                    && f.leak().createdBy().name().equals("maker")), findings.toString());
            assertEquals(2, findings.stream().filter(f -> f.leak().executor() != null).count(), findings.toString());
        } finally {
            for (ExecutorService e : List.of(madeInWindow, madeByItsThread, madeAfterClose, madeByOlder)) {
                e.shutdownNow();
            }
        }
    }

    @Test
    void aCheckDoesNotWaitForWhatTheFilterExcludesAndNamesItWithItsReason() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            scope.openWindow();
            threads.start("benign-watcher");
            long start = System.nanoTime();

            ScopeCheck check = scope.check(Duration.ofSeconds(60),
                    f -> f.names().contains("benign-watcher") ? "a watcher we keep" : null, false);

            assertTrue(check.clean(), check.toString());
            assertEquals(1, check.excluded().size());
            assertEquals("a watcher we keep", check.excluded().get(0).reason());
            assertEquals(null, check.excluded().get(0).finding().thread(), "results hold no live thread");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30, "it waited for the grace period");
        }
    }

    /**
     * A pool the code shuts down right after the check's last look, while the heap is dumped (a
     * library's reaper, which also lets go of it): the look found it, the dump may have seen it
     * held or let go of; it ended within the check, and is no leak.
     */
    @Test
    void whatTheCodeEndsWhileTheHeapIsLookedAtIsNoLeak() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            try (Window window = scope.openWindow()) {
                made(threads, pool);
            }
            AtomicInteger looks = new AtomicInteger();

            ScopeCheck check = scope.check(Duration.ofSeconds(10), f -> {
                if (f.leak().executor() != null && looks.incrementAndGet() == 1) {
                    pool.shutdown(); // after the look that found it, before the proof: as a reaper would
                    threads.executors.executorShutdown(pool);
                }
                return null;
            }, true);

            assertEquals(1, looks.get(), "one look: a pool that runs nothing ends the grace period at once");
            assertTrue(check.clean(), check.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Nacos's client tests: hundreds of leaked clients made each dump take 4-12 s, and a failing
     * test paid two, the early look at the heap and the last. Where the last proof took longer than
     * the grace period, the early look would cost more than the wait it could save: a check skips
     * it, and its one proof decides as before. Where the early look ran and asked about every leak
     * left, none waiting on anything to prove, it is the only one (Feign's trial).
     */
    @Test
    void aCheckSkipsItsEarlyLookAtTheHeapWhenTheLastProofTookLongerThanItsGracePeriod() throws Exception {
        try (TrackedThreads fastThreads = new TrackedThreads(); TrackedThreads slowThreads = new TrackedThreads()) {
            Scope fast = scope(fastThreads);
            Scope slow = scope(slowThreads);
            try (Window a = fast.openWindow(); Window b = slow.openWindow()) {
                fastThreads.start("left-parked");
                slowThreads.start("left-parked-too");
            }
            try {
                HeapProofRun.lastTook(Duration.ZERO);
                long before = HeapProofRun.runs();
                AtomicLong seenInTheGrace = new AtomicLong();
                FindingFilter watching = f -> {
                    seenInTheGrace.accumulateAndGet(HeapProofRun.runs() - before, Math::max);
                    return null;
                };
                ScopeCheck quick = fast.check(Duration.ofSeconds(1), watching, true);
                long quickProofs = HeapProofRun.runs() - before;
                long quickEarly = seenInTheGrace.getAndSet(0);
                HeapProofRun.lastTook(Duration.ofSeconds(5));
                long beforeSlow = HeapProofRun.runs();
                FindingFilter watchingSlow = f -> {
                    seenInTheGrace.accumulateAndGet(HeapProofRun.runs() - beforeSlow, Math::max);
                    return null;
                };
                ScopeCheck skipped = slow.check(Duration.ofSeconds(1), watchingSlow, true);
                long skippedProofs = HeapProofRun.runs() - beforeSlow;

                assertEquals(1, quickEarly, "the early look, seen by the grace period's looks after it");
                assertEquals(1, quickProofs, "and no other: it asked about the one leak, which waits on nothing to prove");
                assertEquals(0, seenInTheGrace.get(), "no early look");
                assertEquals(1, skippedProofs, "the last only");
                assertEquals(1, quick.leaks().size(), quick.toString());
                assertEquals(1, skipped.leaks().size(), skipped.toString());
            } finally {
                HeapProofRun.lastTook(Duration.ZERO);
            }
        }
    }

    /**
     * Where this JVM's dumps took longer than the grace period, a check dumps only at its end, and
     * waited a grace period after that dump's collection for everything left (what only a
     * collection ends: a dropped {@code HttpClient}'s selector): a thread that ended a second after
     * the grace period passed its test there, and failed it where the check dumped early (jmdns's
     * trial: a listener whose socket another thread closed 4.2 s after the test). Both now collect
     * as the grace period begins and wait from then. The thread's wait is sized from this JVM's
     * dump time: it ends a second after the check's last look with the change, a second before it
     * without.
     */
    @Test
    void aThreadEndingAfterTheGracePeriodIsALeakWhetherTheCheckDumpedEarlyOrLate() throws Exception {
        long dumpMillis = oneProofMillis();
        try {
            for (Duration lastProof : List.of(Duration.ofSeconds(5), Duration.ZERO)) {
                HeapProofRun.lastTook(lastProof);
                try (TrackedThreads threads = new TrackedThreads(); ServerSocket server = new ServerSocket(0)) {
                    server.setSoTimeout((int) (3_000 + dumpMillis));
                    Scope scope = scope(threads);
                    Thread listener;
                    try (Window window = scope.openWindow()) {
                        listener = threads.startEnding("listener", () -> {
                            try {
                                server.accept().close();
                            } catch (IOException timedOut) {
                                // and ends
                            }
                        });
                    }
                    awaitNativeAccept(listener);

                    ScopeCheck check = scope.check(Duration.ofSeconds(2), FindingFilter.NONE, true);

                    assertTrue(listener.isAlive(), "the check ended before the listener: " + dumpMillis + " ms dumps");
                    assertEquals(List.of("listener"), check.leaks().stream().flatMap(f -> f.names().stream()).toList(),
                            "last proof took " + lastProof + ": " + check);
                    listener.join();
                }
            }
        } finally {
            HeapProofRun.lastTook(Duration.ZERO);
        }
    }

    /** How long one proof takes in this JVM, dump and analysis, in milliseconds. */
    private static long oneProofMillis() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = scope(threads);
            try (Window window = scope.openWindow()) {
                threads.start("parked");
            }
            Duration before = HeapProofRun.total();
            scope.check(Duration.ofMillis(100), FindingFilter.NONE, true);
            return HeapProofRun.total().minus(before).toMillis();
        }
    }

    private static void awaitNativeAccept(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = t.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod()
                    && Arrays.stream(stack).anyMatch(e -> e.getMethodName().toLowerCase(Locale.ROOT).contains("accept"))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("not in a native accept: " + Arrays.toString(t.getStackTrace()));
    }

    /**
     * Dubbo's trial: every test of a class made the library's JVM-wide pool anew, and each check
     * waited and dumped the heap to leave it out. A static field a proof found holding such a
     * subject is read again by reflection first: seen to hold the next one, it is left out without
     * a dump.
     */
    @Test
    void aStaticFieldAProofFoundHoldingASingletonIsAskedAgainWithoutADump() throws Exception {
        String field = LazilyHeld.class.getName() + ".instance";
        FindingFilter heldOut = f -> f.heldBy() != null ? "held by " + f.heldBy() : null;
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope first = scope(threads);
            try (Window w = first.openWindow()) {
                LazilyHeld.instance = new LazilyHeld(threads.start("lazy-worker-1"));
            }
            long before = HeapProofRun.runs();
            ScopeCheck proven = first.check(Duration.ofMillis(100), heldOut, true);
            assertTrue(HeapProofRun.runs() > before, "the first is asked of the heap");
            assertEquals(List.of(field), proven.excluded().stream().map(e -> e.finding().heldBy()).toList(),
                    proven.toString());

            Scope second = scope(threads);
            try (Window w = second.openWindow()) {
                LazilyHeld.instance = new LazilyHeld(threads.start("lazy-worker-2"));
            }
            before = HeapProofRun.runs();
            ScopeCheck again = second.check(Duration.ofSeconds(1), heldOut, true);

            assertEquals(before, HeapProofRun.runs(), "no dump: " + again);
            assertEquals(List.of(), again.leaks());
            assertEquals(List.of("lazy-worker-2"), again.excluded().stream().map(e -> e.finding().leak().thread().name())
                    .toList());
            assertEquals(field, again.excluded().get(0).finding().heldBy());
        } finally {
            LazilyHeld.instance = null;
        }
    }

    /**
     * A scope checked again at its class's end says how long after the test ended its thread is
     * still alive, not how long after that second check began (Dubbo's trial: a timer worker left
     * to the class's end read "still alive 2.3 s after the test ended" 4.4 s after it).
     */
    @Test
    void aSecondCheckSaysHowLongAfterTheScopesEndNotAfterItsOwnStart() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            CountDownLatch release = new CountDownLatch(1);
            Scope scope = scope(threads);
            try (Window w = scope.openWindow()) {
                threads.start("outlives-its-test", () -> await(release));
            }
            long ended = System.nanoTime();
            scope.check(Duration.ofMillis(100), FindingFilter.NONE, false);
            Thread.sleep(500); // time passing between the test's check and its class's end, not a synchronisation
            ScopeCheck atTheClassEnd = scope.check(Duration.ofMillis(100), FindingFilter.NONE, false);
            long sinceEnded = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);
            release.countDown();

            String reason = atTheClassEnd.leaks().get(0).leak().reason();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("still alive ([\\d.]+) (ms|s) after the test ended")
                    .matcher(reason);
            assertTrue(m.matches(), reason);
            long said = (long) (Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1_000 : 1));
            assertTrue(said >= 600 && said <= sinceEnded, "since the first check began, at most " + sinceEnded
                    + " ms: " + reason);
        }
    }

    /**
     * A scope is checked again at its class's end; by then the field that held its thread as the
     * test ended may hold another (a service a later test restarted, losing the first). What the
     * field held at the first check is not taken for what it holds at the second.
     */
    @Test
    void whatAFieldHeldAtOneCheckIsAskedAgainAtTheNext() throws Exception {
        FindingFilter heldOut = f -> f.heldBy() != null ? "held by " + f.heldBy() : null;
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope first = scope(threads);
            try (Window w = first.openWindow()) {
                LazilyHeld.instance = new LazilyHeld(threads.start("service-1"));
            }
            first.check(Duration.ofMillis(100), heldOut, true); // its proof finds the field, remembered
            Scope restarted = scope(threads);
            try (Window w = restarted.openWindow()) {
                LazilyHeld.instance = new LazilyHeld(threads.start("service-2"));
            }
            assertEquals(List.of(), restarted.check(Duration.ofMillis(100), heldOut, true).leaks(), "held, by reflection");

            LazilyHeld.instance = new LazilyHeld(null); // restarted again: service-2 is lost, still running
            ScopeCheck again = restarted.check(Duration.ofMillis(100), heldOut, true);

            assertEquals(List.of("service-2"), again.leaks().stream().map(f -> f.leak().thread().name()).toList(),
                    again.toString());
        } finally {
            LazilyHeld.instance = null;
        }
    }

    /**
     * The same for a pool held through the JDK's own objects, which reflection cannot open: the
     * wrapper {@code Executors.unconfigurableExecutorService} (as {@code newSingleThreadExecutor})
     * puts around it, of which the woven JDK tells the registry, and an {@code AtomicReference}.
     * Without them, the first proof found the field (the dump follows the JDK's fields too) and
     * every later check dumped the heap again to find it once more.
     */
    @Test
    void aPoolHeldThroughTheJdksWrapperOrAnAtomicReferenceIsAskedAgainWithoutADump() throws Exception {
        assertSecondCheckNeedsNoDump(SharedPool.class.getName() + ".wrapped", (threads, pool) -> {
            ExecutorService wrapper = Executors.unconfigurableExecutorService(pool);
            threads.executors.executorWrapped(wrapper, pool);
            SharedPool.wrapped = wrapper;
        });
        assertSecondCheckNeedsNoDump(SharedPool.class.getName() + ".CURRENT", (threads, pool) -> SharedPool.CURRENT.set(pool));
    }

    /** A pool with one live worker, both as the woven JDK reports them: the pool itself, unwrapped. */
    private static ExecutorService startedPool(TrackedThreads threads) {
        AtomicReference<ThreadPoolExecutor> self = new AtomicReference<>();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread worker = new Thread(r, "shared-worker");
            worker.setDaemon(true);
            threads.registry.starting(worker);
            threads.executors.poolWorker(self.get(), worker);
            return worker;
        });
        self.set(pool);
        threads.executors.executorCreated(pool);
        pool.prestartCoreThread();
        return pool;
    }

    private static void assertSecondCheckNeedsNoDump(String field, BiConsumer<TrackedThreads, ExecutorService> hold)
            throws Exception {
        FindingFilter heldOut = f -> f.heldBy() != null ? "held by " + f.heldBy() : null;
        List<ExecutorService> pools = new ArrayList<>();
        try (TrackedThreads threads = new TrackedThreads()) {
            long dumps = 0;
            for (int i = 0; i < 2; i++) {
                Scope scope = scope(threads);
                try (Window w = scope.openWindow()) {
                    pools.add(startedPool(threads));
                    hold.accept(threads, pools.get(i));
                }
                long before = HeapProofRun.runs();
                ScopeCheck check = scope.check(Duration.ofMillis(100), heldOut, true);
                dumps = HeapProofRun.runs() - before;

                assertEquals(List.of(), check.leaks(), check.toString());
                assertEquals(List.of(field), check.excluded().stream().map(e -> e.finding().heldBy()).toList(),
                        check.toString());
            }
            assertEquals(0, dumps, "the second pool is seen held by reflection");
        } finally {
            pools.forEach(ExecutorService::shutdownNow);
            SharedPool.wrapped = null;
            SharedPool.CURRENT.set(null);
        }
    }

    /** The client a test made and then let go of, just before its check. */
    private static final AtomicReference<Object> CLIENT = new AtomicReference<>();

    /**
     * A thread that ends only once an object nobody holds is collected (an unclosed HttpClient's
     * selector, up to 3 s after): the proof's dump collects it, and whether the thread had
     * ended when the proof was read was the race of the dump's length. Waited for after the proof,
     * as the grace period waits, it is no leak either way.
     */
    @Test
    void aThreadOnlyTheDumpsCollectionEndsIsNoLeak() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            Scope scope = clientLetGoOf(threads, 800, new AtomicLong()); // later than the proof is read, sooner than a grace period

            ScopeCheck check = scope.check(Duration.ofMillis(1500), FindingFilter.NONE, true);

            assertTrue(check.clean(), check.toString());
        }
    }

    /**
     * The same where the early dump is the check's only one: what its collection ends is waited
     * for a grace period from it, past the end of the check's own (its rest, 2 s less the early
     * look and the dump, is shorter than the 1.8 s this thread lives on after its client).
     */
    @Test
    void aThreadTheEarlyDumpsCollectionEndsIsWaitedForAGracePeriodFromIt() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            long before = HeapProofRun.runs();
            AtomicLong runsWhenCollected = new AtomicLong(-1);
            Scope scope = clientLetGoOf(threads, 1_800, runsWhenCollected);

            ScopeCheck check = scope.check(Duration.ofSeconds(2), FindingFilter.NONE, true);

            assertTrue(check.clean(), check.toString());
            assumeTrue(runsWhenCollected.get() > before, "a collection of the JVM's own took the client before the"
                    + " check's dump: the case this test is about did not arise");
            assertEquals(1, HeapProofRun.runs() - before, "the early dump only");
        }
    }

    /**
     * A scope whose window made a client and its selector thread, which ends {@code afterMillis}
     * after the client is collected; the client let go of as the window closed. A young collection
     * took it before the check's dump in a fresh JVM, whose young generation is small (this class
     * run alone): a full one first moves it to the old generation, which only the dump's collects.
     * Any other collection is said in {@code runsWhenCollected}: how many proofs had begun when it went.
     */
    private static Scope clientLetGoOf(TrackedThreads threads, long afterMillis, AtomicLong runsWhenCollected) {
        Scope scope = scope(threads);
        try (Window window = scope.openWindow()) {
            CLIENT.set(new Object());
            startSelectorOf(new WeakReference<>(CLIENT.get()), threads, afterMillis, runsWhenCollected);
        }
        System.gc();
        CLIENT.set(null);
        return scope;
    }

    private static void startSelectorOf(WeakReference<Object> client, TrackedThreads threads, long afterMillis,
                                        AtomicLong runsWhenCollected) {
        Thread selector = new Thread(() -> {
            try {
                while (client.get() != null) {
                    Thread.sleep(20);
                }
                runsWhenCollected.set(HeapProofRun.runs());
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(afterMillis);
                while (System.nanoTime() < end) {
                    Thread.sleep(20); // short waits begun after the scope ended: no check awaits one past its period
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                threads.registry.ended(Thread.currentThread());
            }
        }, "client-selector");
        selector.setDaemon(true);
        threads.registry.starting(selector);
        selector.start();
    }

    @Test
    void aCheckReportsWhatIsLeftWithTheGraceInItsReasonAndTheDeathsOfItsThreads() throws Exception {
        try (TrackedThreads threads = new TrackedThreads()) {
            threads.runToEnd("died-before", new IllegalStateException("not the scope's"));
            Scope scope = scope(threads);
            scope.openWindow();
            threads.start("stays");
            threads.runToEnd("dies", new IllegalStateException("port in use"));

            ScopeCheck check = scope.check(Duration.ofMillis(20), FindingFilter.NONE, false);
            LeakReport report = scope.report(check, List.of("a caller's note"));

            assertEquals(1, report.leakCount(), report.toText());
            assertEquals("stays", report.leaks().get(0).thread().name());
            assertEquals("still alive 20 ms after the test ended", report.leaks().get(0).reason());
            assertEquals(List.of("dies"), report.deaths().stream().map(Death::thread).map(t -> t.name()).toList());
            assertEquals(List.of("a caller's note"), report.notes());
            assertEquals(new ScopeInfo("test", "lineage"), report.scope());
        }
    }

    @Test
    void aTaskAloneSubmittedInTheWindowMakesTheCheckLookWhileOlderThreadsDoNot() throws Exception {
        ExecutorService older = Executors.newSingleThreadExecutor();
        try (TrackedThreads threads = new TrackedThreads()) {
            made(threads, older);
            threads.start("older-thread");
            Scope clean = scope(threads);
            clean.openWindow();
            assertTrue(clean.check(Duration.ZERO, FindingFilter.NONE, false).clean(), "nothing was made in the window");

            Scope submitting = scope(threads);
            submitting.openWindow();
            threads.executors.taskSubmitted(older, new Object()); // never run: it stays queued

            ScopeCheck check = submitting.check(Duration.ZERO, FindingFilter.NONE, false);
            assertEquals(1, check.leaks().size(), check.toString());
            assertTrue(check.leaks().get(0).leak().task() != null, check.toString());
        } finally {
            older.shutdownNow();
        }
    }

    /** An executor made by the current thread, as the woven JDK reports it, that made a worker (since ended). */
    private static void made(TrackedThreads threads, ExecutorService executor) {
        threads.executors.executorCreated(executor);
        threads.executors.poolWorker(executor, new Thread(() -> { }, "worker-never-started"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
