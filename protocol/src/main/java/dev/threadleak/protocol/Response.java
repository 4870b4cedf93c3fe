package dev.threadleak.protocol;

/**
 * The server's answer to one request, after which it closes the connection: {@code ok}, a newline
 * and the body (a report's JSON; for a heap request one line, the time the dump took), or
 * {@code error} and one line that says why.
 */
public record Response(boolean ok, String text) {

    private static final String OK = "ok\n";
    private static final String ERROR = "error ";

    /** {@code ok} with {@code body}. */
    public static Response ok(String body) {
        return new Response(true, body);
    }

    /** {@code error} with {@code message}, kept on one line. */
    public static Response error(String message) {
        return new Response(false, String.valueOf(message).replace('\n', ' ').strip());
    }

    /** The answer to a heap request: the dump is written, and took {@code millis}. */
    public static Response heapDumped(long millis) {
        return ok("dumped " + millis + " ms\n");
    }

    /** The answer as sent. */
    public String format() {
        return ok ? OK + text : ERROR + text + "\n";
    }

    /**
     * Reads everything the server sent; null if it is no answer (the server closed without one,
     * e.g. because its JVM is exiting).
     */
    public static Response parse(String answer) {
        if (answer.startsWith(ERROR)) {
            return error(answer.substring(ERROR.length()));
        }
        if (answer.startsWith(OK)) {
            return ok(answer.substring(OK.length()));
        }
        return null;
    }
}
