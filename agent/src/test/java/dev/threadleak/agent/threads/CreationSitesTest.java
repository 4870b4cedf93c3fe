package dev.threadleak.agent.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.report.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A creation stack cut at {@code stack-depth} says so; one that fits, however closely, does not. */
class CreationSitesTest {

    private final CreationSites sites = new CreationSites(CreationStacks.ALL, 3);

    /** A trace of {@code frames} frames of application code, as the JVM would have filled it in. */
    private static Throwable trace(int frames) {
        StackTraceElement[] elements = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            elements[i] = new StackTraceElement("com.acme.Layer" + i, "call", "Layer" + i + ".java", i + 1);
        }
        Throwable trace = new Throwable();
        trace.setStackTrace(elements);
        return trace;
    }

    @Test
    void aStackOfExactlyTheDepthIsWhole() {
        List<Frame> frames = sites.resolve(trace(3));

        assertEquals(3, frames.size());
        assertFalse(CreationSites.isCut(frames));
    }

    @Test
    void aStackOneFrameDeeperThanTheDepthIsCut() {
        List<Frame> frames = sites.resolve(trace(4));

        assertEquals(3, frames.size());
        assertEquals("com.acme.Layer2", frames.get(2).className());
        assertTrue(CreationSites.isCut(frames));
    }

    @Test
    void aCutStackAndAWholeOneOfTheSameFramesAreNeverSharedAcross() {
        Throwable deeper = trace(4);
        StackTraceElement[] sameTop = new StackTraceElement[3];
        System.arraycopy(deeper.getStackTrace(), 0, sameTop, 0, 3);
        Throwable whole = new Throwable();
        whole.setStackTrace(sameTop);

        assertTrue(CreationSites.isCut(sites.resolve(deeper)));
        assertFalse(CreationSites.isCut(sites.resolve(whole)), "equal frames, but this one is whole");
        assertTrue(CreationSites.isCut(sites.resolve(deeper)), "and the cut one stays cut");
    }

    /** A library's deep stack over a test method, called by JUnit through reflection. */
    private static Throwable deepUnder(String testMethod) {
        StackTraceElement[] elements = {
            new StackTraceElement("com.acme.lib.Pool", "start", "Pool.java", 10),
            new StackTraceElement("com.acme.lib.Context", "refresh", "Context.java", 20),
            new StackTraceElement("com.acme.lib.Context", "build", "Context.java", 30),
            new StackTraceElement("com.acme.lib.Boot", "run", "Boot.java", 40),
            new StackTraceElement("com.acme.PoolTest", testMethod, "PoolTest.java", 50),
            new StackTraceElement("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, -1),
            new StackTraceElement("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod", null, 7),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840),
        };
        Throwable trace = new Throwable();
        trace.setStackTrace(elements);
        return trace;
    }

    @Test
    void aCutStackKeepsWhereTheApplicationWasEnteredBelowTheCut() {
        List<Frame> frames = sites.resolve(deepUnder("startsAPool"));

        assertTrue(CreationSites.isCut(frames));
        assertEquals(List.of(new Frame("com.acme.PoolTest", "startsAPool", "PoolTest.java", 50)),
                CreationSites.entries(frames), "the application's frame that the test framework called");
        assertEquals(List.of(new Frame("com.acme.PoolTest", "another", "PoolTest.java", 50)),
                CreationSites.entries(sites.resolve(deepUnder("another"))), "the same top, entered elsewhere: not shared");
        assertEquals(List.of(), CreationSites.entries(sites.resolve(trace(3))), "whole: its frames show it");
    }

    /**
     * In a scope, the submission stack of each of the first tasks of a kind (the caller counts them),
     * then as {@code sampled} promises: the JVM's first {@value CreationSites#ALWAYS_CAPTURED}, then
     * one in {@value CreationSites#SAMPLE_EVERY}. Before any scope, all are sampled; {@code all}
     * keeps every one.
     */
    @Test
    void inAScopeTheFirstTasksOfEachKindKeepTheirStacksAndTheRestAreSampled() {
        CreationSites scoped = new CreationSites(CreationStacks.SAMPLED, 16);
        assertEquals(CreationSites.ALWAYS_CAPTURED, kept(scoped, true, CreationSites.ALWAYS_CAPTURED));
        int beforeAnyScope = kept(scoped, true, 12_800);
        assertTrue(beforeAnyScope > 20 && beforeAnyScope < 300, "past the first 1,000, about one in 128: " + beforeAnyScope);

        scoped.keepEveryStack();
        assertEquals(1, scoped.scopesMade());
        assertEquals(64, kept(scoped, true, 64), "the first of their kind in a scope: every one");
        int later = kept(scoped, false, 12_800);
        assertTrue(later > 20 && later < 300, "the rest, about one in 128: " + later);
        assertEquals(1_000, kept(new CreationSites(CreationStacks.ALL, 16), false, 1_000), "all: every one");
    }

    private static int kept(CreationSites sites, boolean firstOfKind, int tasks) {
        int kept = 0;
        for (int i = 0; i < tasks; i++) {
            kept += sites.captureTask(firstOfKind) != null ? 1 : 0;
        }
        return kept;
    }

    /**
     * A thread a class initializer starts is the initializer's; a worker a {@code ForkJoinPool}
     * starts is not, whatever the thread that made the pool start it was doing (JDK 24+ starts
     * one when a worker blocks in {@code Object.wait}, here in Mockito's initializer: Shiro's trial).
     */
    @Test
    void aClassInitializersThreadIsItsAndAForkJoinPoolsWorkerIsNot() {
        StackTraceElement[] started = {
            new StackTraceElement("java.lang.Thread", "start", "Thread.java", 1),
            new StackTraceElement("com.acme.Cache", "startCleaner", "Cache.java", 2),
            new StackTraceElement("com.acme.Cache", "<clinit>", "Cache.java", 3)};
        StackTraceElement[] compensated = {
            new StackTraceElement("java.lang.Thread", "start", "Thread.java", 1),
            new StackTraceElement("java.util.concurrent.ForkJoinPool", "createWorker", "ForkJoinPool.java", 2),
            new StackTraceElement("java.util.concurrent.ForkJoinPool", "tryCompensate", "ForkJoinPool.java", 3),
            new StackTraceElement("java.lang.Object", "wait", "Object.java", 4),
            new StackTraceElement("org.mockito.internal.creation.bytebuddy.InlineDelegateByteBuddyMockMaker",
                    "<clinit>", "InlineDelegateByteBuddyMockMaker.java", 5)};

        assertEquals("com.acme.Cache", CreationSites.classInitializer(started));
        assertNull(CreationSites.classInitializer(compensated));
    }
}
