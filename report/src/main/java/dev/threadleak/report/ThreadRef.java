package dev.threadleak.report;

/** Names a thread that may be gone: its id and the name it had when we saw it (the application's text). */
public record ThreadRef(long id, String name) {

    /** {@code "worker-1" #31}, the name escaped for a terminal. */
    @Override
    public String toString() {
        return "\"" + TerminalText.escape(name) + "\" #" + id;
    }
}
