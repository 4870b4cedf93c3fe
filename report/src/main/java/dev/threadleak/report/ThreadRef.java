package dev.threadleak.report;

/** Names a thread that may be gone: its id and the name it had when we saw it. */
public record ThreadRef(long id, String name) {

    @Override
    public String toString() {
        return "\"" + name + "\" #" + id;
    }
}
