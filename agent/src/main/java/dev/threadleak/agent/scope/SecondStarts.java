package dev.threadleak.agent.scope;

import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A thread a scope left, beside another the scope started later through the same code from
 * another line, which has ended: what a second {@code start()} does when it builds a new thread
 * over the first and a {@code stop()} then ends only the new one (logstash-logback-encoder's
 * trial: a test started an appender twice and stopped it once; the report named the first start's
 * line, rightly, and nothing of the second). Said as a note, and as what it may mean: two calls of
 * a helper, one of whose threads hangs, look the same.
 */
final class SecondStarts {

    /** Notes past this many say nothing a reader of the first ones does not know. */
    private static final int MAX_NOTES = 3;

    private SecondStarts() {
    }

    /**
     * A note for each thread of {@code leaks} (its record, by id, from {@code live}) that a later
     * thread of {@code ended}, one the scope had ({@code scopes}), was started beside; none when none was.
     */
    static List<String> notes(List<Leak> leaks, LongFunction<ThreadRecord> live, List<ThreadRecord> ended,
                              Predicate<ThreadRecord> scopes, CreationSites sites) {
        List<String> notes = new ArrayList<>();
        for (Leak leak : leaks) {
            if (notes.size() == MAX_NOTES) {
                break;
            }
            ThreadRecord left = leak.kind() == LeakKind.THREAD && leak.thread() != null
                    ? live.apply(leak.thread().id()) : null;
            String note = left == null ? null : note(leak.thread().name(), left, ended, scopes, sites);
            if (note != null) {
                notes.add(note);
            }
        }
        return notes;
    }

    /** The note for {@code left}, of the first thread started after it of those that qualify; null when none does. */
    private static String note(String name, ThreadRecord left, List<ThreadRecord> ended, Predicate<ThreadRecord> scopes,
                               CreationSites sites) {
        List<Frame> leftAt = left.createdAt(sites);
        ThreadRecord next = null;
        String note = null;
        for (ThreadRecord later : ended) {
            if (later.sequence() > left.sequence() && (next == null || later.sequence() < next.sequence())
                    && scopes.test(later)) {
                String said = note(name, leftAt, later.nameAtStart(), later.createdAt(sites));
                if (said != null) {
                    next = later;
                    note = said;
                }
            }
        }
        return note;
    }

    /**
     * Where the two creation stacks (top first) part: the deepest application frame they share,
     * and the first of each below it, which must be two lines of one method (one caller that
     * started twice); null otherwise. Two paths of a library that meet deep inside it (Netty's
     * client and server bootstraps, whose event loops start their threads alike) part in two
     * methods of its own, and say nothing of a second start.
     */
    static String note(String leftName, List<Frame> leftAt, String laterName, List<Frame> laterAt) {
        int shared = 0;
        while (shared < leftAt.size() && shared < laterAt.size() && leftAt.get(shared).equals(laterAt.get(shared))) {
            shared++;
        }
        Frame through = null;
        for (int i = 0; i < shared; i++) {
            through = leftAt.get(i).isApplication() ? leftAt.get(i) : through;
        }
        Frame first = applicationFrom(leftAt, shared);
        Frame second = applicationFrom(laterAt, shared);
        if (through == null || first == null || second == null || first.equals(second)
                || !first.className().equals(second.className()) || !first.method().equals(second.method())) {
            return null;
        }
        return "\"" + leftName + "\", left, and \"" + laterName + "\", which has ended, were both started through "
                + through + ", the first from " + first + ", the second later from " + second
                + ": if the second start was meant to replace the first, nothing stopped the first";
    }

    private static Frame applicationFrom(List<Frame> stack, int from) {
        for (int i = from; i < stack.size(); i++) {
            if (stack.get(i).isApplication()) {
                return stack.get(i);
            }
        }
        return null;
    }
}
