package dev.threadleak.report;

import java.util.ArrayList;
import java.util.List;

/** One stack frame, as printed by {@link StackTraceElement} but stable across JDKs and JSON. */
public record Frame(String className, String method, String file, int line) {

    public static Frame of(StackTraceElement element) {
        return new Frame(element.getClassName(), element.getMethodName(), element.getFileName(),
                element.getLineNumber());
    }

    /** The first {@code max} frames of a stack. */
    public static List<Frame> of(StackTraceElement[] elements, int max) {
        int n = Math.min(elements.length, max);
        List<Frame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(of(elements[i]));
        }
        return frames;
    }

    /** {@code Class.method}, the form users write in ignore lists. */
    public String qualifiedMethod() {
        return className + "." + method;
    }

    @Override
    public String toString() {
        String where;
        if (line == -2) {
            where = "Native Method";
        } else if (file == null) {
            where = "Unknown Source";
        } else if (line >= 0) {
            where = file + ":" + line;
        } else {
            where = file;
        }
        return className + "." + method + "(" + where + ")";
    }
}
