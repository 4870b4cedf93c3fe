package dev.threadleak.benchmarks;

import java.util.List;

/**
 * One part of the run, as {@code --only} names it: it measures its rows into the {@link CostTable}
 * and declares the {@link Target}s they are judged by. A new measurement is a new part, listed
 * once in {@link CostParts#ALL}; rows it cannot measure on this JDK it {@link CostTable#skip skips}
 * with the reason.
 */
interface CostPart {

    /** Its name for {@code --only}: lower case, one word. */
    String name();

    /** The table's rows it fills, in the order they are printed. */
    List<String> rows();

    /** Its comparisons, with or without a limit. */
    List<Target> targets();

    /** Measures every row into {@code table}; an exception ends the run, saying which part failed. */
    void measure(CostRun run, CostTable table) throws Exception;
}
