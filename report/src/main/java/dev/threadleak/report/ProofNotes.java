package dev.threadleak.report;

import java.util.List;

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

    /** What the note of its cost says of the JVM's waits when it proved none endless, after "): ". */
    public static final String NOTHING_PROVEN = "of the JVM's waiting threads, 0 blocked forever, 0 deadlocked";

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

    /** Whether {@code note} (perhaps behind a class report's "of what `T.a()` left: ") settles nothing. */
    public static boolean settlesNothing(String note) {
        return note.contains(NO_HOLDER) || note.contains(TOOK) && note.contains("): " + NOTHING_PROVEN + ",");
    }
}
