package dev.threadleak.torture.programs;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills its heap until less than the given KB are free, and returns from main: the JVM exits
 * with its heap nearly full. Its own shutdown hook prints a line made before the heap filled; a
 * parked thread gives the agent's on-exit report something to say. Args: KB to leave free.
 */
public final class NearlyFullHeap {

    public static final String HOOK_LINE = "the application's own shutdown hook ran";
    static final List<byte[]> HELD = new ArrayList<>(1 << 20);

    private NearlyFullHeap() {
    }

    public static void main(String[] args) throws Exception {
        byte[] line = (HOOK_LINE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.write(line, 0, line.length);
            System.out.flush();
        }, "application-hook"));
        LeakyWorker.start();
        long leave = Long.parseLong(args[0]) * 1024;
        Runtime runtime = Runtime.getRuntime();
        try {
            while (runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()) > leave) {
                HELD.add(new byte[1024]);
            }
        } catch (OutOfMemoryError e) {
            HELD.remove(HELD.size() - 1);
        }
    }
}
