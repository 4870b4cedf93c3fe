package dev.threadleak.agent.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.AgentOptions;
import java.util.List;
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
}
