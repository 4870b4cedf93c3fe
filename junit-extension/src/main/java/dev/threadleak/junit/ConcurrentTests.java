package dev.threadleak.junit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Which tests ran at the same time, for snapshot mode under parallel execution: a snapshot
 * cannot tell whose thread is whose, so a report names the tests that might have started it.
 */
final class ConcurrentTests {

    /** How many names a report lists before "and N more". */
    static final int LISTED = 5;

    /** One test's (or class's) time span. */
    static final class Span {
        private final String name;
        private final Class<?> testClass;
        private final boolean wholeClass;
        private final long start = System.nanoTime();
        private volatile long end;

        private Span(String name, Class<?> testClass, boolean wholeClass) {
            this.name = name;
            this.testClass = testClass;
            this.wholeClass = wholeClass;
        }
    }

    private final ConcurrentLinkedDeque<Span> spans = new ConcurrentLinkedDeque<>();

    Span begin(String name, Class<?> testClass, boolean wholeClass) {
        Span span = new Span(name, testClass, wholeClass);
        spans.add(span);
        return span;
    }

    void end(Span span) {
        span.end = System.nanoTime();
        forgetSpansNoOneCanOverlap();
    }

    /** The tests that ran, at least for a while, during {@code span}; not its own class's when it is a class. */
    List<String> alongside(Span span) {
        long until = span.end == 0 ? System.nanoTime() : span.end;
        List<String> names = new ArrayList<>();
        for (Span other : spans) {
            if (other == span || other.wholeClass || (span.wholeClass && isWithin(other.testClass, span.testClass))) {
                continue;
            }
            long otherEnd = other.end;
            if (other.start < until && (otherEnd == 0 || otherEnd > span.start)) {
                names.add(other.name);
            }
        }
        return names;
    }

    /** Ended spans older than every running one cannot overlap a span that is still to be checked. */
    private void forgetSpansNoOneCanOverlap() {
        long oldestRunning = Long.MAX_VALUE;
        for (Span s : spans) {
            if (s.end == 0) {
                oldestRunning = Math.min(oldestRunning, s.start);
            }
        }
        for (Iterator<Span> it = spans.iterator(); it.hasNext(); ) {
            Span s = it.next();
            if (s.end != 0 && s.end < oldestRunning) {
                it.remove();
            }
        }
    }

    private static boolean isWithin(Class<?> inner, Class<?> outer) {
        for (Class<?> c = inner; c != null; c = c.getEnclosingClass()) {
            if (c == outer) {
                return true;
            }
        }
        return false;
    }
}
