package dev.threadleak.testsupport;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A stand-in for Commons IO's {@code FileCleaningTracker}, from outside a test's own class path
 * entry: its reaper thread deletes what it tracks once the collector finds each marker
 * unreachable. {@link #exitWhenFinished()} interrupts it to look at its flag, and it ends only
 * once nothing is tracked: the interrupt is a wake-up, not a cancellation.
 */
public final class FileReaper {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Set<Reference<?>> trackers = Collections.synchronizedSet(new HashSet<>());
    private volatile boolean exitWhenFinished;
    private Thread reaper;

    /** Deletes (here: forgets) what {@code marker} stands for once the marker is collected. */
    public synchronized void track(Object marker) {
        trackers.add(new PhantomReference<>(marker, queue));
        if (reaper == null) {
            reaper = new Thread(this::reap, "File Reaper");
            reaper.setDaemon(true);
            reaper.start();
        }
    }

    /** Lets the reaper end once nothing is tracked, and wakes it to see so. */
    public synchronized void exitWhenFinished() {
        exitWhenFinished = true;
        if (reaper != null) {
            reaper.interrupt();
        }
    }

    private void reap() {
        while (!exitWhenFinished || !trackers.isEmpty()) {
            try {
                trackers.remove(queue.remove());
            } catch (InterruptedException e) {
                // a look at the flag: it ends once what it tracks is gone
            }
        }
    }
}
