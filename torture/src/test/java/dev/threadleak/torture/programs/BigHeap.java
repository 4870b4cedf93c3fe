package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A heap worth dumping slowly (MB of arrays, and small objects, which are what takes a dump and
 * its analysis time), and a consumer parked on a queue nobody feeds: a candidate for the heap
 * proof. Args: MB, small objects, then {@code wait} (until its input closes) or {@code exit}
 * (returns from main at once, for the proof at exit).
 */
public final class BigHeap {

    static final List<Object> HELD = new ArrayList<>();

    private BigHeap() {
    }

    public static void main(String[] args) throws Exception {
        int mb = Integer.parseInt(args[0]);
        int small = Integer.parseInt(args[1]);
        for (int i = 0; i < mb; i++) {
            HELD.add(new long[128 * 1024]);
        }
        for (int i = 0; i < small; i++) {
            HELD.add(new Object[] {null});
        }
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        ParkedThreads.startInAnEndedThread("starter", () -> ParkedThreads.daemon("consumer", () -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "consumer", 1);
        UntilInputCloses.ready();
        if (args[2].equals("wait")) {
            UntilInputCloses.await();
        }
    }
}
