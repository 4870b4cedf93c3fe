package dev.threadleak.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of the heap proof's notes that settle nothing: what the proof cost when it proved no
 * wait endless, and that no static field holds what is left. The full report keeps them, as the
 * account of what was looked at; a summary leaves them out, where they took two of a failed
 * test's few lines beside every leak (Java-WebSocket's trial: "repeated in most summaries, and
 * tell the user nothing to act on"). One place for the words, so the proof that writes them and
 * the summary that leaves them out cannot drift apart.
 */
public final class ProofNotes {

    /** How the proof's note of its cost begins. */
    public static final String TOOK = "heap proof took ";

    /** Where the note of its cost begins to count the JVM's waits, after "): ". */
    public static final String WAITING = "of the JVM's waiting threads, ";

    /** What the note of its cost says of the JVM's waits when it proved none endless, after "): ". */
    public static final String NOTHING_PROVEN = WAITING + "0 blocked forever, 0 deadlocked";

    /** The note of a dump that found no static field holding any of what is left. */
    public static final String NO_HOLDER = "no static field of the program holds what is left; being held by one is "
            + "what marks a JVM-wide singleton";

    /** How the note of a proof that had nothing to prove begins: the same verdicts as a proof's. */
    public static final String NOT_RUN = "heap proof not run";

    private ProofNotes() {
    }

    /**
     * Whether the report these are the notes of was judged with the heap proof: it ran, or had no
     * wait to prove (a proof skipped for its budget, or failed, judged from runtime facts only).
     */
    public static boolean judgedWithTheProof(List<String> notes) {
        return notes != null && notes.stream().anyMatch(note -> note.startsWith(TOOK) || note.startsWith(NOT_RUN));
    }

    /**
     * {@code not this test's}: what the note of a scope's proof says before the threads it proved
     * that are not the scope's (the JVM's waits are proven together).
     */
    public static String notOurs(String scopeKind) {
        return NOT_OURS + scopeKind + "'s";
    }

    private static final String NOT_OURS = "not this ";

    /**
     * Whether {@code note} (perhaps behind a class report's "of what `T.a()` left: ") settles
     * nothing: of the scope's own threads too, where it proved only others' (logback's trial: every
     * failing test's summary said "6 deadlocked (not this test's: ...)" of an earlier test's workers).
     */
    public static boolean settlesNothing(String note) {
        return note.contains(NO_HOLDER) || note.contains(TOOK) && provesNoneOfOurs(note);
    }

    /** Whether a note of the proof's cost counts no wait proven endless but other scopes' ({@link #NOTHING_PROVEN} too). */
    private static boolean provesNoneOfOurs(String note) {
        String counting = "): " + WAITING;
        int at = note.indexOf(counting);
        if (at < 0) {
            return false;
        }
        String counts = note.substring(at + counting.length());
        return noneOurs(counts, BLOCKED_FOREVER) && noneOurs(counts, DEADLOCKED);
    }

    /** Whether the count of {@code what} is 0, or names only threads not the scope's. */
    private static boolean noneOurs(String counts, Pattern what) {
        Matcher m = what.matcher(counts);
        return m.find() && (m.group(1).equals("0") || m.group(2) != null);
    }

    private static final Pattern BLOCKED_FOREVER = count("blocked forever");
    private static final Pattern DEADLOCKED = count("deadlocked");

    private static Pattern count(String what) {
        return Pattern.compile("(\\d+) " + what + "( \\(" + NOT_OURS + ")?");
    }
}
