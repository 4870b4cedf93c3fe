package javax.threadleaktest;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A library in a package that begins with {@code javax.}, as the JDK's do and jmdns's
 * ({@code javax.jmdns}) does too: its timer and pool are its own, not the JDK's.
 */
public final class Announcer {

    private final Timer timer = new Timer("announcer-timer", true);
    private final ExecutorService responder = Executors.newSingleThreadExecutor();

    private Announcer() {
    }

    /** Announces every second, and answers on a pool of its own, until closed. */
    public static Announcer start() {
        Announcer announcer = new Announcer();
        announcer.timer.schedule(new TimerTask() {
            @Override
            public void run() {
                // an announcement
            }
        }, 0, 1_000);
        announcer.responder.execute(() -> { });
        return announcer;
    }

    public Timer timer() {
        return timer;
    }

    public ExecutorService responder() {
        return responder;
    }
}
