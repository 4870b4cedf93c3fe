package dev.threadleak.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DURATION of the contract ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or {@code 0}),
 * parsed in one place for the agent, the extension and the CLI, and printed for people.
 */
public final class Durations {

    /** What every "bad duration" message tells the user is accepted. */
    public static final String ACCEPTED = "a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0";

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    /** Milliseconds, or {@link IllegalArgumentException} whose message is {@link #ACCEPTED}. */
    public static long parseMillis(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches() || (m.group(2) == null && !m.group(1).equals("0"))) {
            throw new IllegalArgumentException(ACCEPTED);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ACCEPTED);
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> Math.multiplyExact(n, 1_000L);
            case "m" -> Math.multiplyExact(n, 60_000L);
            default -> Math.multiplyExact(n, 3_600_000L);
        };
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4 m 05 s}, {@code 2 h 03 m}. */
    public static String format(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d m %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d m", seconds / 3600, (seconds % 3600) / 60);
    }
}
