package dev.threadleak.agent.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * N virtual threads (JDK 21+), each joining a {@code CompletableFuture} that only it can see:
 * every one is blocked for ever, and the root thread container that lists them all does not
 * change that. With a second argument M, M more join one future that a sleeping virtual thread
 * holds in its frames (on the heap, in its stack chunks): those can still be woken.
 */
public final class VirtualFuturesProgram {

    private VirtualFuturesProgram() {
    }

    public static void main(String[] args) throws Throwable {
        spawn(Integer.parseInt(args[0]));
        if (args.length > 1) {
            spawnHeld(Integer.parseInt(args[1]));
        }
        System.out.println("parked");
    }

    private static void spawn(int count) throws Throwable {
        MethodHandle startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add((Thread) startVirtual.invoke((Runnable) () -> new CompletableFuture<String>().join()));
        }
        ParkedThreads.awaitAll(threads);
    }

    private static void spawnHeld(int count) throws Throwable {
        MethodHandle startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        CompletableFuture<String> held = new CompletableFuture<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add((Thread) startVirtual.invoke((Runnable) held::join));
        }
        Thread unused = (Thread) startVirtual.invoke((Runnable) () -> completeLater(held));
        ParkedThreads.awaitAll(threads);
    }

    private static void completeLater(CompletableFuture<String> future) {
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        future.complete("late");
    }
}
