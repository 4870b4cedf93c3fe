package dev.threadleak.junit;

import dev.threadleak.io.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The check itself: waits up to the grace period for a watch's threads to end, polling (joining
 * the next thread still alive, so it returns the moment the last one ends; executors and tasks
 * are looked at again after short sleeps), and returns what is still unfinished then. What an
 * ignore rule matches neither counts nor makes it wait.
 */
final class LeakCheck {

    /**
     * For what cannot be joined (an executor waiting to be shut down, a task, a thread known only
     * from a dump): look again after this, doubling up to {@link #MAX_POLL_NANOS}.
     */
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int IGNORED_LISTED = 5;

    /** The leaks, and notes naming the live threads the ignore rules left out. */
    record Result(List<Suspect> leaks, List<String> ignoredNotes) {
    }

    private record Ignored(Suspect suspect, IgnoreRules.Rule rule) {
    }

    private LeakCheck() {
    }

    /**
     * {@code judged}: what earlier checks of the run reported or ignored, which this check adds
     * to; when {@code skipJudged} (a class's check, after its tests') it leaves those out.
     */
    static Result run(Watch watch, CheckSettings settings, Set<String> judged, boolean skipJudged) {
        boolean interrupted = Thread.interrupted(); // a test may leave its flag set; join would not wait
        Deadline deadline = Deadline.after(Duration.ofMillis(settings.graceMillis()));
        List<Suspect> pending = List.of();
        List<Ignored> ignored = List.of();
        long poll = FIRST_POLL_NANOS;
        try {
            while (true) {
                pending = new ArrayList<>();
                ignored = new ArrayList<>();
                for (Suspect s : watch.alive()) {
                    if (skipJudged && judged.contains(s.key())) {
                        continue;
                    }
                    IgnoreRules.Rule rule = settings.ignores().match(s);
                    if (rule == null) {
                        pending.add(s);
                    } else {
                        ignored.add(new Ignored(s, rule));
                    }
                }
                if (pending.isEmpty() || deadline.hasPassed()) {
                    break;
                }
                if (!joinedOne(pending, deadline)) {
                    deadline.sleep(Duration.ofNanos(poll));
                    poll = Math.min(poll * 2, MAX_POLL_NANOS);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true; // report what is alive now
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Suspect s : pending) {
            judged.add(s.key());
        }
        for (Ignored i : ignored) {
            judged.add(i.suspect().key());
        }
        return new Result(pending, notes(ignored));
    }

    /** Joins the first pending thread: returns when it ends (the earliest a check can pass) or time is up. */
    private static boolean joinedOne(List<Suspect> pending, Deadline deadline) throws InterruptedException {
        for (Suspect s : pending) {
            if (s.thread() != null) {
                deadline.join(s.thread());
                return true;
            }
        }
        return false;
    }

    private static List<String> notes(List<Ignored> ignored) {
        if (ignored.isEmpty()) {
            return List.of();
        }
        StringBuilder note = new StringBuilder("also alive but ignored: ");
        int shown = Math.min(ignored.size(), IGNORED_LISTED);
        for (int i = 0; i < shown; i++) {
            Ignored x = ignored.get(i);
            note.append(i == 0 ? "" : "; ").append(x.suspect().describe()).append(", ")
                    .append(x.rule().description());
        }
        if (ignored.size() > shown) {
            note.append("; and ").append(ignored.size() - shown).append(" more");
        }
        return List.of(note.toString());
    }
}
