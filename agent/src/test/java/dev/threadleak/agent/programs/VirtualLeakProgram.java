package dev.threadleak.agent.programs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;

/** Starts virtual threads (JDK 21+) that wait forever on a latch nobody counts down. */
public final class VirtualLeakProgram {

    private VirtualLeakProgram() {
    }

    static void spawnWaiters(int count, CountDownLatch never) throws Throwable {
        MethodHandle startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        for (int i = 0; i < count; i++) {
            Thread unused = (Thread) startVirtual.invoke((Runnable) () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    public static void main(String[] args) throws Throwable {
        CountDownLatch never = new CountDownLatch(1);
        spawnWaiters(Integer.parseInt(args[0]), never);
        System.out.println("spawned");
    }
}
