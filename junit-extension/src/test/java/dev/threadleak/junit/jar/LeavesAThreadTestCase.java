package dev.threadleak.junit.jar;

import dev.threadleak.junit.DetectThreadLeaks;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A test that leaves a parked thread behind, run in a child JVM that has the extension's jar and no Jackson. */
@DetectThreadLeaks(grace = "100ms")
public class LeavesAThreadTestCase {

    @Test
    void leavesAThread() {
        Thread parked = new Thread(() -> LockSupport.park(), "left-parked");
        parked.setDaemon(true);
        parked.start();
    }
}
