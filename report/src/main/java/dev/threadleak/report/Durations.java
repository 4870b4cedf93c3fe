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

    /**
     * The longest duration accepted: a year. Longer ones mean nothing to a leak detector, and
     * bounding them keeps every sum of a clock reading and a duration far from overflow.
     */
    public static final long MAX_MILLIS = 8_760L * 3_600_000L;

    /** What a duration beyond {@link #MAX_MILLIS} is told. */
    public static final String RANGE = "a duration from 0 to 8760h: " + ACCEPTED;

    private static final long DAY_SECONDS = 24 * 3600;

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Milliseconds, or {@link IllegalArgumentException} whose message is {@link #ACCEPTED} (or
     * {@link #RANGE} for a number beyond {@link #MAX_MILLIS}): never an arithmetic overflow.
     */
    public static long parseMillis(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches() || (m.group(2) == null && !m.group(1).equals("0"))) {
            throw new IllegalArgumentException(ACCEPTED);
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long perUnit = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 12 || Long.parseLong(digits) > MAX_MILLIS / perUnit) {
            throw new IllegalArgumentException(RANGE);
        }
        return Long.parseLong(digits) * perUnit;
    }


    /**
     * {@code 850 ms}, {@code 12.3 s}, {@code 4 m 05 s}, {@code 2 h 03 m}, {@code 3 d 04 h}, and past
     * a year (a {@code sleep(Long.MAX_VALUE)} wakes in 292 years) {@code over a year}.
     */
    public static String format(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 59_950) { // what would round to "60.0 s" is "1 m 00 s", as a moment later (jline3's trial read both)
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.max(60, millis / 1000);
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d m %02d s", seconds / 60, seconds % 60);
        }
        if (seconds < DAY_SECONDS) {
            return String.format(Locale.ROOT, "%d h %02d m", seconds / 3600, (seconds % 3600) / 60);
        }
        if (millis < MAX_MILLIS) { // a year
            return String.format(Locale.ROOT, "%d d %02d h", seconds / DAY_SECONDS, (seconds % DAY_SECONDS) / 3600);
        }
        return "over a year";
    }
}
