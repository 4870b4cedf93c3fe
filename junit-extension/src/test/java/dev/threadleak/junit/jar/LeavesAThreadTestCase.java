package dev.threadleak.junit.jar;

import dev.threadleak.junit.DetectThreadLeaks;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** A test that leaves a parked thread behind, run in a child JVM that has the extension's jar and no Jackson. */
@DetectThreadLeaks(grace = "100ms")
public class LeavesAThreadTestCase {

    /** JUnit makes its instance, and so starts its check, before it finds it disabled: the check is closed with its context. */
    @Test
    @Disabled("never run")
    void isDisabled() {
    }

    @Test
    void leavesAThread() {
        Thread parked = new Thread(() -> LockSupport.park(), "left-parked");
        parked.setDaemon(true);
        parked.start();
    }
}
