package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A thread without a name (most virtual threads) is matched by what it is, never by its name. */
class KnownThreadsTest {

    @Test
    void noEntryMatchesTheEmptyName() {
        for (KnownThreads.Entry entry : KnownThreads.entries()) {
            assertFalse(entry.name().test(""), entry.what());
        }
        assertFalse(KnownThreads.isKnownName(""));
    }

    /** TTL's trial: kotest's timeout timer and Dispatchers.Default's workers were leaks at every Kotlin suite's exit. */
    @Test
    void kotlinCoroutinesSharedThreadsAreTheJvmsByNameAndADispatcherTheCodeMadeIsNot() {
        assertTrue(KnownThreads.isKnownName("kotlinx.coroutines.DefaultExecutor"));
        assertTrue(KnownThreads.isKnownName("DefaultDispatcher-worker-2"));
        assertFalse(KnownThreads.isKnownName("my-single-thread-context"), "newSingleThreadContext's: the code's to close");
        assertFalse(KnownThreads.isKnownName("DefaultDispatcher"));
    }

    @Test
    void aNamelessThreadIsMatchedByItsKindAndOtherwiseNot() throws Exception {
        assertNull(KnownThreads.match(new Thread(() -> { }, "")));
        AtomicReference<String> matched = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ForkJoinPool.commonPool().execute(() -> { // awaited on a latch: a get() could run it on this thread
            Thread self = Thread.currentThread();
            String name = self.getName();
            self.setName("");
            try {
                KnownThreads.Entry entry = KnownThreads.match(self);
                matched.set(entry == null ? null : entry.what());
            } finally {
                self.setName(name);
                done.countDown();
            }
        });
        done.await();
        assertEquals("common-pool workers", matched.get());
    }

    @Test
    void aThreadTheJdkStartsForItsDefaultAsynchronousChannelGroupIsTheJvmsWhoeverOpenedTheFirstChannel() {
        List<Frame> defaultGroup = List.of(
                new Frame("sun.nio.ch.AsynchronousChannelGroupImpl", "startInternalThread", null, 116),
                new Frame("sun.nio.ch.EPollPort", "start", null, 116),
                new Frame("sun.nio.ch.LinuxAsynchronousChannelProvider", "defaultEventPort", null, 43),
                new Frame("java.nio.channels.AsynchronousSocketChannel", "open", null, 195),
                new Frame("com.acme.Client", "connect", null, 14));
        List<Frame> ownGroup = List.of(
                new Frame("sun.nio.ch.AsynchronousChannelGroupImpl", "startInternalThread", null, 116),
                new Frame("sun.nio.ch.EPollPort", "start", null, 116),
                new Frame("sun.nio.ch.LinuxAsynchronousChannelProvider", "openAsynchronousChannelGroup", null, 50),
                new Frame("com.acme.Client", "connect", null, 14));

        assertEquals("the default asynchronous channel group", KnownThreads.madeBy(defaultGroup).what());
        assertNull(KnownThreads.madeBy(ownGroup), "a group the code made is its to shut down");
    }

    @Test
    void swingsTimerThreadIsTheJvmsWhicheverTimerStartedItAndAJmdnsTimerIsNot() {
        List<Frame> swing = List.of(
                new Frame("javax.swing.TimerQueue", "lambda$startIfNeeded$0", null, 96),
                new Frame("java.security.AccessController", "doPrivileged", null, 318),
                new Frame("javax.swing.TimerQueue", "startIfNeeded", null, 92),
                new Frame("javax.swing.TimerQueue", "<init>", null, 66),
                new Frame("javax.swing.Timer", "start", null, 531),
                new Frame("org.jline.builtins.SwingTerminal$TerminalComponent", "startCursorTimer", null, 335));
        List<Frame> jmdns = List.of(
                new Frame("java.util.Timer", "<init>", null, 188),
                new Frame("javax.jmdns.impl.DNSTaskStarter$DNSTaskStarterImpl", "<init>", null, 281),
                new Frame("com.acme.MdnsTest", "announces", null, 12));

        assertEquals("Swing's timer thread", KnownThreads.madeBy(swing).what());
        assertNull(KnownThreads.madeBy(jmdns), "javax.jmdns is a library's package, not the JDK's");
        assertTrue(Frame.isJdkClass("javax.swing.TimerQueue") && Frame.isJdkClass("javax.net.ssl.SSLSocket")
                && Frame.isJdkClass("com.sun.net.httpserver.HttpServer") && Frame.isJdkClass("java.lang.Thread"));
        assertFalse(Frame.isJdkClass("javax.jmdns.impl.JmDNSImpl") || Frame.isJdkClass("com.sun.jna.Native")
                || Frame.isJdkClass("javax.servlet.http.HttpServlet") || Frame.isJdkClass("com.acme.Pool"));
    }

    @Test
    void surefiresForkedJvmThreadsAndTheHaltItSchedulesAsTheJvmExitsAreItsOwn() {
        List<Frame> lastDitchHalt = List.of(
                new Frame("java.util.concurrent.ScheduledThreadPoolExecutor", "schedule", null, 562),
                new Frame("org.apache.maven.surefire.booter.ForkedBooter", "launchLastDitchDaemonShutdownThread", null, 407),
                new Frame("org.apache.maven.surefire.booter.ForkedBooter", "acknowledgedExit", null, 300));

        assertEquals("Surefire's and Failsafe's forked JVM threads", KnownThreads.madeBy(lastDitchHalt).what());
        assertTrue(KnownThreads.isKnownName("surefire-forkedjvm-last-ditch-daemon-shutdown-thread-30s"));
        assertTrue(KnownThreads.isKnownName("surefire-forkedjvm-command-thread"));
    }
}
