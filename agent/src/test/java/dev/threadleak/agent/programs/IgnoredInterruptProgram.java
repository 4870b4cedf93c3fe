package dev.threadleak.agent.programs;

import dev.threadleak.api.LeakScope;
import dev.threadleak.io.Deadline;
import dev.threadleak.report.LeakReport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * In a scope, interrupts threads that go on past it as the code's last act: one that swallows the
 * interrupt and waits again (and on JDK 21+ a virtual one), one that sets it again and spins
 * (Commons IO's reaper), one blocked entering a monitor and one in {@code awaitUninterruptibly},
 * which an interrupt does not end; and two
 * nobody asked to stop as the code: one a future's {@code cancel(true)} interrupted (the JDK's
 * call, for the task), one that interrupted itself. Prints the scope's report as JSON.
 */
public final class IgnoredInterruptProgram {

    private static final Object HELD = new Object();
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private IgnoredInterruptProgram() {
    }

    public static void main(String[] args) throws Throwable {
        LeakScope scope = LeakScope.open("ignored-interrupt");
        AtomicInteger swallowed = new AtomicInteger();
        Runnable swallow = () -> {
            while (true) {
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    swallowed.incrementAndGet(); // and waits again
                }
            }
        };
        Thread swallower = start("swallower", swallow::run);
        Thread virtual = Runtime.version().feature() >= 21 ? startVirtual("virtual-swallower", swallow) : swallower;
        AtomicInteger spins = new AtomicInteger();
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        Thread spinner = start("spinner", () -> {
            while (true) {
                try {
                    queue.remove();
                } catch (InterruptedException e) {
                    spins.incrementAndGet();
                    Thread.currentThread().interrupt(); // the reaper's "interrupt(); continue;"
                }
            }
        });
        AtomicInteger cancelledRuns = new AtomicInteger();
        FutureTask<Void> task = new FutureTask<>(() -> {
            while (true) {
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    cancelledRuns.incrementAndGet();
                }
            }
        }, null);
        Thread cancelled = start("cancelled-by-future", task::run);
        Thread self = start("self-interrupted", () -> {
            Thread.currentThread().interrupt();
            Thread.interrupted();
            NEVER.await();
        });
        ReentrantLock lock = new ReentrantLock();
        Condition never = lock.newCondition();
        Thread uninterruptible = start("uninterruptible", () -> {
            lock.lock();
            try {
                never.awaitUninterruptibly();
            } finally {
                lock.unlock();
            }
        });
        synchronized (HELD) { // held to the end: blocked stays blocked through the check
            Thread blocked = start("blocked-entering", () -> {
                synchronized (HELD) {
                    NEVER.await();
                }
            });
            await(() -> blocked.getState() == Thread.State.BLOCKED && swallower.getState() == Thread.State.WAITING
                    && cancelled.getState() == Thread.State.WAITING && spinner.getState() != Thread.State.NEW
                    && self.getState() == Thread.State.WAITING && virtual.getState() == Thread.State.WAITING
                    && uninterruptible.getState() == Thread.State.WAITING);
            blocked.interrupt();
            uninterruptible.interrupt();
            swallower.interrupt();
            if (virtual != swallower) {
                virtual.interrupt(); // VirtualThread.interrupt(), which never calls Thread's
            }
            int interrupted = virtual != swallower ? 2 : 1;
            spinner.interrupt();
            task.cancel(true);
            await(() -> swallowed.get() == interrupted && swallower.getState() == Thread.State.WAITING
                    && virtual.getState() == Thread.State.WAITING && spins.get() > 1000
                    && cancelledRuns.get() == 1 && cancelled.getState() == Thread.State.WAITING);
            LeakReport report = scope.check(Duration.ofMillis(300));
            System.out.println(report.toJson());
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static Thread start(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A virtual thread (JDK 21+, called through a handle: this compiles for 17). */
    private static Thread startVirtual(String name, Runnable work) throws Throwable {
        Thread t = (Thread) MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class)).invoke(work);
        t.setName(name);
        return t;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (deadline.hasPassed()) {
                throw new IllegalStateException("the threads did not reach their states in 20 s");
            }
            Thread.sleep(1);
        }
    }
}
