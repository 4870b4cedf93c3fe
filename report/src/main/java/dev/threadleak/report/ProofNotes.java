package dev.threadleak.report;

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

    private ProofNotes() {
    }

    /** Whether {@code note} (perhaps behind a class report's "of what `T.a()` left: ") settles nothing. */
    public static boolean settlesNothing(String note) {
        return note.contains(NO_HOLDER) || note.contains(TOOK) && note.contains("): " + NOTHING_PROVEN + ",");
    }
}
