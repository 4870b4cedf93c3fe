package dev.threadleak.junit;

import dev.threadleak.report.Frame;

/**
 * A frame users name in ignore lists: {@code com.acme.Poller.run} (that method exactly, as the
 * report prints it) or {@code com.acme.metrics.*} (any method of any class under that prefix).
 */
final class FramePattern {

    static final String ACCEPTED = "Class.method as the report prints it (e.g. com.acme.Poller.run), "
            + "or a prefix ending in .* (e.g. com.acme.metrics.*)";

    private final String text;
    private final String prefix;

    private FramePattern(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
    }

    /** Parses one entry, or {@link IllegalArgumentException} saying what is accepted. */
    static FramePattern parse(String text) {
        String t = text.trim();
        boolean wildcard = t.endsWith(".*");
        String body = wildcard ? t.substring(0, t.length() - 2) : t;
        boolean wellFormed = !body.isEmpty() && !body.startsWith(".") && !body.endsWith(".")
                && !body.contains("..") && (wildcard || body.indexOf('.') > 0);
        for (int i = 0; i < body.length() && wellFormed; i++) {
            char c = body.charAt(i);
            wellFormed = Character.isJavaIdentifierPart(c) || c == '.' || c == '<' || c == '>';
        }
        if (!wellFormed) {
            throw new IllegalArgumentException(ACCEPTED);
        }
        return new FramePattern(t, wildcard ? body + "." : null);
    }

    boolean matches(Frame frame) {
        String qualified = frame.qualifiedMethod();
        return prefix == null ? qualified.equals(text) : qualified.startsWith(prefix);
    }

    @Override
    public String toString() {
        return text;
    }
}
