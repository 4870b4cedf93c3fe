package dev.threadleak.report;

import java.util.List;

/**
 * A list a person reads in one line, however long it is: its first few entries, and how many
 * more. One spelling for every list a report, a note or a warning names ("a", "a and b",
 * "a, b and c", "a, b, c and 4 more").
 */
public final class FirstFew {

    private FirstFew() {
    }

    /** The first {@code shown} of {@code things}, and how many more; each entry as given, already escaped. */
    public static String of(List<String> things, int shown) {
        int n = things.size();
        if (n <= 1) {
            return n == 0 ? "" : things.get(0);
        }
        if (n <= shown) {
            return String.join(", ", things.subList(0, n - 1)) + " and " + things.get(n - 1);
        }
        return String.join(", ", things.subList(0, shown)) + " and " + (n - shown) + " more";
    }

    /**
     * The same, for entries that hold commas themselves ({@code "Cleaner-0" #12, made at ...}):
     * set apart by semicolons, "a; b; c; and 4 more".
     */
    public static String ofClauses(List<String> things, int shown) {
        int n = things.size();
        if (n <= shown) {
            return String.join("; ", things);
        }
        return String.join("; ", things.subList(0, shown)) + "; and " + (n - shown) + " more";
    }
}
