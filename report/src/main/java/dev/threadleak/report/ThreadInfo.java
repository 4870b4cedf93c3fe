package dev.threadleak.report;

/** A thread as it was when the report was taken. {@code state} is {@link Thread.State}'s name. */
public record ThreadInfo(long id, String name, boolean virtual, boolean daemon, String state) {

    public ThreadRef ref() {
        return new ThreadRef(id, name);
    }

    /** {@code "worker-1" #31 (platform, non-daemon) WAITING}, the application's text escaped for a terminal. */
    @Override
    public String toString() {
        String kind = virtual ? "virtual" : daemon ? "platform, daemon" : "platform, non-daemon";
        return "\"" + TerminalText.escape(name) + "\" #" + id + " (" + kind + ") " + TerminalText.escape(state);
    }
}
