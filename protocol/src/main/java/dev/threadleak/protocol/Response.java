package dev.threadleak.protocol;

/**
 * The server's answer to one request, after which it closes the connection: {@code ok}, a newline
 * and the body (a report's JSON; for a heap request one line, the time the dump took);
 * {@code error} and one line that says why; or {@code busy} and one line: the agent is serving as
 * many clients as it will at once, and the request was not looked at (ask again in a moment).
 */
public record Response(Kind kind, String text) {

    /** What kind of answer: the request was served, refused, or not looked at for load. */
    public enum Kind { OK, ERROR, BUSY }

    private static final String OK = "ok\n";
    private static final String ERROR = "error ";
    private static final String BUSY = "busy ";

    /** {@code ok} with {@code body}. */
    public static Response ok(String body) {
        return new Response(Kind.OK, body);
    }

    /** {@code error} with {@code message}, kept on one line. */
    public static Response error(String message) {
        return new Response(Kind.ERROR, oneLine(message));
    }

    /** {@code busy} with {@code message}, kept on one line: the request was not served, and may be sent again. */
    public static Response busy(String message) {
        return new Response(Kind.BUSY, oneLine(message));
    }

    /** The answer to a heap request: the dump is written, and took {@code millis}. */
    public static Response heapDumped(long millis) {
        return ok("dumped " + millis + " ms\n");
    }

    /**
     * The same, written by the agent's thread {@code threadId}: its stack held what it needed to
     * write the dump (the agent's own lists of threads), so the proof takes it for no root.
     */
    public static Response heapDumped(long millis, long threadId) {
        return ok("dumped " + millis + " ms by thread " + threadId + "\n");
    }

    /** The thread that wrote the heap dump, from a {@link #heapDumped} answer's text; -1 when it does not say. */
    public static long dumpingThread(String heapDumpedText) {
        String marker = " by thread ";
        int at = heapDumpedText.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        try {
            return Long.parseLong(heapDumpedText.substring(at + marker.length()).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean ok() {
        return kind == Kind.OK;
    }

    public boolean busy() {
        return kind == Kind.BUSY;
    }

    /** The answer as sent. */
    public String format() {
        return switch (kind) {
            case OK -> OK + text;
            case ERROR -> ERROR + text + "\n";
            case BUSY -> BUSY + text + "\n";
        };
    }

    /**
     * Reads everything the server sent; null if it is no answer (the server closed without one,
     * e.g. because its JVM is exiting).
     */
    public static Response parse(String answer) {
        if (answer.startsWith(ERROR)) {
            return error(answer.substring(ERROR.length()));
        }
        if (answer.startsWith(BUSY)) {
            return busy(answer.substring(BUSY.length()));
        }
        if (answer.startsWith(OK)) {
            return ok(answer.substring(OK.length()));
        }
        return null;
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ').strip();
    }
}
