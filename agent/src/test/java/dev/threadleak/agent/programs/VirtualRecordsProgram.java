package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.SignalFile;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts {@code args[0]} virtual threads (JDK 21+) that wait forever, and one virtual thread that
 * starts another and joins it (a virtual creator), then prints where the agent keeps virtual
 * threads' records ({@code kept ...}). With {@code args[1]}, a file, it first says {@code ready}
 * and waits for that file (the test attaches the agent meanwhile).
 */
public final class VirtualRecordsProgram {

    private VirtualRecordsProgram() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 1) {
            System.out.println("ready");
            SignalFile.await(Path.of(args[1]));
        }
        CountDownLatch never = new CountDownLatch(1);
        VirtualLeakProgram.spawnWaiters(Integer.parseInt(args[0]), never);
        CountDownLatch childStarted = new CountDownLatch(1);
        startVirtual(() -> {
            try {
                Thread child = startVirtual(() -> awaitQuietly(never));
                childStarted.countDown();
                child.join();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        childStarted.await();
        System.out.println("kept " + recordsKept());
        System.exit(0);
    }

    static Thread startVirtual(Runnable task) throws Throwable {
        MethodHandle start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        return (Thread) start.invoke(task);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the agent's thread registry keeps virtual threads' records: read from the hooks' listener. */
    private static String recordsKept() throws ReflectiveOperationException {
        Field listener = Class.forName("dev.threadleak.agent.bootstrap.Hooks", false, null).getDeclaredField("threads");
        listener.setAccessible(true);
        Object registry = listener.get(null);
        return (String) registry.getClass().getMethod("virtualRecordsKept").invoke(registry);
    }
}
