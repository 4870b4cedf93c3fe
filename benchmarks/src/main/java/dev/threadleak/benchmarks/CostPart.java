package dev.threadleak.benchmarks;

import java.util.List;
import java.util.Set;

/**
 * One part of the run, as {@code --only} names it: it measures its rows into the {@link CostTable}
 * and declares the {@link Target}s they are judged by. A new measurement is a new part, listed
 * once in {@link CostParts#ALL}. A part that needs virtual threads or the CLI says so
 * ({@link #needs()}), and the run skips its rows with the reason where it cannot have them; another
 * row it cannot measure on this JDK it {@link CostTable#skip skips} itself, with the reason.
 */
interface CostPart {

    /** Its name for {@code --only}: lower case, one word. */
    String name();

    /** The table's rows it fills, in the order they are printed. */
    List<String> rows();

    /** Its comparisons, with or without a limit. */
    List<Target> targets();

    /** What a part's rows cannot be measured without. */
    enum Need { VIRTUAL_THREADS, CLI_JAR }

    /** What it needs: a run that has not got it (a JDK 17, no CLI built) skips every row of it, saying why. */
    default Set<Need> needs() {
        return Set.of();
    }

    /** Measures every row into {@code table}; an exception ends the run, saying which part failed. */
    void measure(CostRun run, CostTable table) throws Exception;
}
