package dev.threadleak.agent.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.agent.AgentOptions;
import dev.threadleak.agent.bootstrap.RecordSlot;
import dev.threadleak.agent.memory.RecordBound;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The thread registry, fed through its listener interface as the woven {@code Thread} methods feed it. */
class ThreadRegistryTest {

    private final ThreadRegistry registry = new ThreadRegistry(
            new CreationSites(AgentOptions.CreationStacks.ALL, 16), true, 3);

    @Test
    void aStartRecordsTheCreatorAndTheLineageAndAnEndForgetsTheThread() throws Exception {
        Thread parent = new Thread(() -> { }, "parent");
        registry.starting(parent);
        ThreadRecord p = registry.recordOf(parent);
        long self = Thread.currentThread().getId();

        Thread[] child = new Thread[1];
        Thread starter = new Thread(() -> {
            child[0] = new Thread(() -> { }, "child");
            registry.starting(child[0]);
        }, "starter");
        registry.starting(starter);
        starter.start();
        starter.join();
        ThreadRecord c = registry.recordOf(child[0]);

        assertEquals(self, p.creatorId());
        assertEquals("parent", p.nameAtStart());
        assertTrue(c.descendsFrom(starter.getId()) && c.descendsFrom(self), "lineage: starter, then its creator");
        assertFalse(c.descendsFrom(parent.getId()));
        assertTrue(c.sequence() > p.sequence());

        registry.ended(parent);
        assertNull(registry.recordOf(parent));
        assertEquals(3, registry.started());
    }

    @Test
    void aThreadThatDiesOfAnUncaughtExceptionIsKeptAsADeath() {
        Thread t = new Thread(() -> { }, "debug-server");
        registry.starting(t);
        IllegalStateException boom = new IllegalStateException("port already in use");
        registry.uncaught(t, boom);
        registry.ended(t);

        List<ThreadRegistry.UncaughtDeath> deaths = registry.deaths();
        assertEquals(1, deaths.size());
        assertEquals("debug-server", deaths.get(0).name());
        assertEquals(boom, deaths.get(0).exception());
    }

    @Test
    void onceScopesAreInUseTheLastEndedThreadsAreKeptAsFramesUnderTheirLastNames() {
        ThreadRegistry roomy = new ThreadRegistry(new CreationSites(AgentOptions.CreationStacks.ALL, 16), true, 1_000);
        Thread before = new Thread(() -> { }, "before-scopes");
        roomy.starting(before);
        roomy.ended(before);
        assertEquals(List.of(), roomy.recentEnds(), "no scope yet: no end is kept");

        roomy.sites().keepEveryStack();
        for (int i = 0; i < ThreadRegistry.KEPT_ENDS + 5; i++) {
            Thread t = new Thread(() -> { }, "worker-" + i);
            roomy.starting(t);
            t.setName("renamed-" + i);
            roomy.ended(t);
        }
        List<ThreadRecord> kept = roomy.recentEnds();
        assertEquals(ThreadRegistry.KEPT_ENDS, kept.size(), "bounded: the oldest go");
        assertEquals("renamed-5", kept.get(0).nameAtStart());
        assertEquals("renamed-" + (ThreadRegistry.KEPT_ENDS + 4), kept.get(kept.size() - 1).nameAtStart());
        ThreadRecord last = kept.get(kept.size() - 1);
        assertFalse(last.createdAt(roomy.sites()).isEmpty(), "kept with where it was made");
        assertNull(last.creationOfAncestor(Thread.currentThread().getId()), "no ancestor's trace is kept with it");
    }

    @Test
    void startsBeyondTheBoundAreCountedAsDroppedAndOurOwnThreadsAreNotTracked() {
        for (int i = 0; i < 5; i++) {
            registry.starting(new Thread(() -> { }, "worker-" + i));
        }
        Thread own = new Thread(() -> { }, ThreadRegistry.OWN_THREAD_PREFIX + "probe");
        registry.starting(own);
        registry.ended(own);

        assertEquals(3, registry.started());
        assertEquals(2, registry.dropped());
        assertNull(registry.recordOf(own));
        assertEquals(1, registry.ownStarts());
        assertEquals(1, registry.ownEnds());
    }

    @Test
    void aVirtualThreadsRecordInASlotIsFoundClearedAtItsEndAndCountedByTheBound() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        Slots slots = new Slots();
        registry.keepVirtualRecords(slots);
        Thread platform = new Thread(() -> { }, "platform");
        registry.starting(platform);
        Thread first = unstartedVirtual();
        Thread second = unstartedVirtual();
        Thread third = unstartedVirtual();
        registry.startingVirtual(first, slots.of(first));
        registry.startingVirtual(second, null); // a lookup by the thread finds its slot too
        ThreadRecord kept = registry.recordOf(first);
        registry.startingVirtual(first, slots.of(first)); // a second start keeps the first record
        registry.startingVirtual(third, slots.of(third)); // a platform and two virtual records: the bound of 3

        assertSame(kept, slots.of(first).threadleakRecord());
        assertSame(kept, registry.recordOf(first));
        assertTrue(kept.virtual() && kept.creatorId() == Thread.currentThread().getId());
        assertNull(registry.recordOf(third));
        assertEquals(1, registry.bound().dropped(RecordBound.Kind.VIRTUAL_THREADS));
        assertEquals(2, slots.held());

        registry.endedVirtual(first, slots.of(first));
        registry.endedVirtual(first, slots.of(first)); // an end may repeat
        assertNull(slots.of(first).threadleakRecord());
        assertNull(registry.recordOf(first));
        assertEquals(1, slots.held());
        assertEquals(3, registry.started());
    }

    @Test
    void theBoundHoldsForRecordsInSlotsThoughTheirCountIsNotReadAtEveryStart() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        int max = ThreadRegistry.NEAR_BOUND + 1_000;
        ThreadRegistry bounded = new ThreadRegistry(new CreationSites(AgentOptions.CreationStacks.OFF, 16), true, max);
        Slots slots = new Slots();
        bounded.keepVirtualRecords(slots);
        for (int i = 0; i < max + 500; i++) {
            Thread t = unstartedVirtual();
            bounded.startingVirtual(t, slots.of(t));
        }

        assertEquals(max, slots.held());
        assertEquals(500, bounded.bound().dropped(RecordBound.Kind.VIRTUAL_THREADS));
    }

    private static Thread unstartedVirtual() throws Throwable {
        Object builder = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                .invoke(builder, (Runnable) () -> { });
    }

    /** Slots as the woven continuations hold them, one per thread, made on first ask. */
    private static final class Slots implements VirtualRecords {
        private final Map<Thread, Slot> slots = new ConcurrentHashMap<>();

        /** Slots that hold a record now. */
        long held() {
            return slots.values().stream().filter(s -> s.threadleakRecord() != null).count();
        }

        RecordSlot of(Thread thread) {
            return slots.computeIfAbsent(thread, t -> new Slot());
        }

        @Override
        public RecordSlot slotOf(Thread thread, Object continuation) {
            return continuation != null ? (RecordSlot) continuation : of(thread);
        }

        @Override
        public List<Thread> liveThreads() {
            return List.copyOf(slots.keySet());
        }

        @Override
        public void access(MethodHandle continuation) {
        }

        @Override
        public String kept() {
            return "test slots";
        }
    }

    private static final class Slot implements RecordSlot {
        private Object record;

        @Override
        public Object threadleakRecord() {
            return record;
        }

        @Override
        public void threadleakRecord(Object value) {
            record = value;
        }
    }
}
