package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

/** Runs on whichever JDK builds the module: 17 checks the skip, 21+ the factory. */
class VirtualThreadsTest {

    private static final boolean JDK_HAS_VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    @Test
    void availableExactlyWhereTheJdkHasThem() {
        assertEquals(JDK_HAS_VIRTUAL_THREADS, VirtualThreads.available());
    }

    @Test
    void factoryMakesUnstartedVirtualThreadsOrSaysWhyNot() throws Throwable {
        if (!JDK_HAS_VIRTUAL_THREADS) {
            assertThrows(UnsupportedOperationException.class, VirtualThreads::unstartedFactory);
            return;
        }
        MethodHandle factory = VirtualThreads.unstartedFactory();
        Thread thread = (Thread) factory.invokeExact((Runnable) () -> { });
        assertEquals(Thread.State.NEW, thread.getState());
        assertTrue(thread.toString().startsWith("VirtualThread"), thread.toString());
    }
}
