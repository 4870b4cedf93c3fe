package dev.threadleak.agent.programs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Starts virtual threads (JDK 21+) that wait forever on a latch nobody counts down. */
public final class VirtualLeakProgram {

    private VirtualLeakProgram() {
    }

    /** The virtual threads it started. */
    static List<Thread> spawnWaiters(int count, CountDownLatch never) throws Throwable {
        MethodHandle startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add((Thread) startVirtual.invoke((Runnable) () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return started;
    }

    public static void main(String[] args) throws Throwable {
        CountDownLatch never = new CountDownLatch(1);
        spawnWaiters(Integer.parseInt(args[0]), never);
        System.out.println("spawned");
    }
}
