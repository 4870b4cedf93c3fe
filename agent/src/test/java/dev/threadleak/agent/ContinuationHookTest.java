package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadleak.agent.bootstrap.Hooks;
import dev.threadleak.agent.bootstrap.ThreadListener;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hook a woven continuation class hands its lookup to. It is tested from here: the bootstrap
 * package holds only what goes to the boot loader.
 */
class ContinuationHookTest {

    private final List<MethodHandle> getters = new ArrayList<>();

    @AfterEach
    void uninstall() {
        Hooks.install((ThreadListener) null);
    }

    @Test
    void aLookupOfAnyClassButTheWovenContinuationGivesTheListenerNothing() {
        Hooks.install(new GetterListener());

        Hooks.virtualThreadAccess(MethodHandles.lookup());
        Hooks.virtualThreadAccess(MethodHandles.publicLookup());
        Hooks.virtualThreadAccess(MethodHandles.lookup().in(Thread.class));

        assertEquals(List.of(), getters, "only the woven continuation class's own lookup may make the getter");
    }

    @Test
    void aHookWithNoListenerOrABadLookupNeverThrows() {
        Hooks.virtualThreadAccess(MethodHandles.lookup());
        Hooks.install(new GetterListener());
        Hooks.virtualThreadAccess(null);
        assertEquals(List.of(), getters);
    }

    /** Records the getters it is given; nothing else is called in these tests. */
    private final class GetterListener implements ThreadListener {
        @Override
        public void continuationGetter(MethodHandle getter) {
            getters.add(getter);
        }

        @Override
        public void starting(Thread thread) {
        }

        @Override
        public void startingVirtual(Thread thread, Object continuation) {
        }

        @Override
        public void ended(Thread thread) {
        }

        @Override
        public void endedVirtual(Thread thread, Object continuation) {
        }

        @Override
        public void uncaught(Thread thread, Throwable exception) {
        }

        @Override
        public void sleeping(long nanos) {
        }

        @Override
        public void sleepingFor(long millis, int nanos) {
        }

        @Override
        public void interrupted(Thread thread) {
        }
    }
}
