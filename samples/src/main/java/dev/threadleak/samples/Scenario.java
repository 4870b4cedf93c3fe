package dev.threadleak.samples;

import java.io.PrintStream;

/** One lesson of go-lessons.md as a pair of programs: the leak, and the same program fixed. */
interface Scenario {

    /** The command-line name, e.g. {@code forgotten-sender}. */
    String name();

    /** One line: what leaks, and why. */
    String description();

    /** Runs the leaky program. It returns with its leaked threads still alive, for the report at exit. */
    void runLeaky(PrintStream out) throws Exception;

    /** Runs the corrected program. It returns only after every thread it started has ended. */
    void runFixed(PrintStream out) throws Exception;
}
