package dev.threadleak.agent.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadleak.agent.library.LazilyHeld;
import dev.threadleak.agent.library.SharedPool;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reflection sees a remembered static field hold, and what it must not take for held. */
class SingletonFieldsTest {

    private final SingletonFields fields = new SingletonFields(() -> new Class<?>[] {LazilyHeld.class, SharedPool.class});
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void clear() {
        LazilyHeld.instance = null;
        SharedPool.wrapped = null;
        SharedPool.CURRENT.set(null);
        pool.shutdownNow();
    }

    /** An empty field, or one whose object holds nothing, holds no subject, whatever alias it has or lacks. */
    @Test
    void aNullOnTheWayIsNeverTakenForTheSubjectOrItsAbsentAlias() {
        fields.remember(SharedPool.class.getName() + ".CURRENT");
        fields.remember(LazilyHeld.class.getName() + ".instance");
        fields.remember(SharedPool.class.getName() + ".wrapped");
        LazilyHeld.instance = new LazilyHeld(null);

        assertNull(fields.holderOf(pool, null), "an AtomicReference holding null, an object whose field is null");
        assertNull(fields.holderOf(Thread.currentThread()));
    }

    @Test
    void aSubjectIsSeenThroughAnAtomicReferenceAndThroughItsAlias() {
        fields.remember(SharedPool.class.getName() + ".CURRENT");
        fields.remember(SharedPool.class.getName() + ".wrapped");
        Object wrapper = Executors.unconfigurableExecutorService(pool);
        SharedPool.wrapped = (ExecutorService) wrapper;

        assertEquals(SharedPool.class.getName() + ".wrapped", fields.holderOf(pool, wrapper));
        assertNull(fields.holderOf(pool, null), "the wrapper is the JDK's: without the alias, not seen through");
        SharedPool.wrapped = null;
        SharedPool.CURRENT.set(pool);
        assertEquals(SharedPool.class.getName() + ".CURRENT", fields.holderOf(pool, null));
    }
}
