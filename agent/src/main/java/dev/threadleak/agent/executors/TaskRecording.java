package dev.threadleak.agent.executors;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a submitted task gets a record of its own (agent option {@code tasks}). A record costs a
 * map insert and a removal on every submit (more than the rest of a trivial task's trip through a
 * pool), and only a few facts need it: the submitter and the submission site (which charge a
 * scope for a task on a shared pool), a task that ignores its cancellation, a {@code Future.get}
 * on a task whose executor terminated without running it. So by default ({@code scoped}) tasks
 * are recorded only while a scope has a window open, where those facts are asked for; {@code all}
 * records every task, {@code off} none. Tasks an executor throws away (a discard policy, the list
 * {@code shutdownNow()} returns) are always recorded, when it happens: that is a slow path.
 */
public final class TaskRecording {

    /** The values of the {@code tasks} option. */
    public enum Mode { SCOPED, ALL, OFF }

    private final Mode mode;
    private final AtomicInteger openWindows = new AtomicInteger();

    public TaskRecording(Mode mode) {
        this.mode = mode;
    }

    /** Whether a task submitted now gets a record. */
    boolean wanted() {
        return mode == Mode.ALL || (mode == Mode.SCOPED && openWindows.get() > 0);
    }

    /** A scope's window opened: tasks submitted from now on are recorded (in {@code scoped} mode). */
    public void windowOpened() {
        openWindows.incrementAndGet();
    }

    /** A window closed; called once per window. */
    public void windowClosed() {
        openWindows.decrementAndGet();
    }

    public Mode mode() {
        return mode;
    }
}
