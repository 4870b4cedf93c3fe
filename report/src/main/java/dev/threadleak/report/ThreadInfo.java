package dev.threadleak.report;

/** A thread as it was when the report was taken. {@code state} is {@link Thread.State}'s name. */
public record ThreadInfo(long id, String name, boolean virtual, boolean daemon, String state) {

    public ThreadRef ref() {
        return new ThreadRef(id, name);
    }

    @Override
    public String toString() {
        return "\"" + name + "\" #" + id + " (" + (virtual ? "virtual" : daemon ? "platform, daemon" : "platform, non-daemon")
                + ") " + state;
    }
}
