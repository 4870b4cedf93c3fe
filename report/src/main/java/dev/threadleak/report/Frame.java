package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * One stack frame, as printed by {@link StackTraceElement} but stable across JDKs and JSON. Its
 * names are the application's: {@link #toString} escapes them for a terminal.
 */
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

    /**
     * Where the application asked, in a creation stack (top first): its first frame that is
     * neither the JDK's nor a test framework's, build tool's or reflection's ({@link Plumbing});
     * null when there is none (a stack not sampled, or the JDK's own threads).
     */
    public static Frame applicationFrame(List<Frame> stack) {
        for (Frame frame : stack) {
            if (frame.isApplication()) {
                return frame;
            }
        }
        return null;
    }

    /** Neither the JDK's nor a test framework's, build tool's or reflection's ({@link Plumbing}): the application's. */
    @JsonIgnore
    public boolean isApplication() {
        return !isJdk() && Plumbing.of(this) == null;
    }

    /**
     * From the {@code from}th of {@code stack} (top first) down: the first frame of the application
     * that a test framework or reflection called, a test method or an extension's callback, where
     * the test's code was entered; null when there is none.
     */
    public static Frame enteredByPlumbing(List<Frame> stack, int from) {
        for (int i = Math.max(0, from); i + 1 < stack.size(); i++) {
            if (enteredAt(stack, i)) {
                return stack.get(i);
            }
        }
        return null;
    }

    /**
     * The last frame of the application in {@code stack} (top first) that a test framework or
     * reflection called: where the test entered the code, below any callback of a library's the
     * test's code reached through reflection; null when there is none.
     */
    public static Frame lastEnteredByPlumbing(List<Frame> stack) {
        Frame last = null;
        for (int i = 0; i + 1 < stack.size(); i++) {
            if (enteredAt(stack, i)) {
                last = stack.get(i);
            }
        }
        return last;
    }

    /** Whether the {@code i}th frame of {@code stack} is the application's, called by plumbing (the next frame). */
    private static boolean enteredAt(List<Frame> stack, int i) {
        return stack.get(i).isApplication() && stack.get(i + 1).isPlumbing();
    }

    /** A test framework's, build tool's or reflection's ({@link Plumbing}): what calls a test method. */
    private boolean isPlumbing() {
        return Plumbing.of(this) != null;
    }

    /** {@code Class.method}, the form users write in ignore lists. */
    public String qualifiedMethod() {
        return className + "." + method;
    }

    /** A frame of the JDK's own classes: where user code asks for a thread, these are how. */
    @JsonIgnore
    public boolean isJdk() {
        return className != null && isJdkClass(className);
    }

    /** Whether the class named {@code className} is one of the JDK's own. */
    public static boolean isJdkClass(String className) {
        return JdkPackages.isJdkClass(className);
    }

    /** Whether it is a native method's frame: on top of a stack, what a thread in I/O is in. */
    @JsonIgnore
    public boolean isNative() {
        return line == -2;
    }

    /**
     * A park's, a monitor wait's or a sleep's native method: what it does is wait, which the
     * thread's state and its wait line say already, where the code that waits says more
     * (snapshot mode's parked thread read "..., in Unsafe.park (native)").
     */
    boolean isNativeWait() {
        return isNative() && className != null
                && (className.endsWith(".Unsafe") || className.equals("java.lang.Object") || className.equals("java.lang.Thread"));
    }

    /** {@code com.acme.Search.process(Search.java:42)}, escaped for a terminal. */
    @Override
    public String toString() {
        String where;
        if (isNative()) {
            where = "Native Method";
        } else if (file == null) {
            where = "Unknown Source";
        } else if (line >= 0) {
            where = file + ":" + line;
        } else {
            where = file;
        }
        return TerminalText.escape(className + "." + method + "(" + where + ")");
    }
}
