package dev.threadleak.cli;

import dev.threadleak.report.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code watch}'s {@code --interval}, a DURATION longer than 0: the error says so, where the
 * one of {@link DurationConverter} offered 0, which an interval is not (ZooKeeper's CLI trial).
 */
final class IntervalConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            long millis = Durations.parseMillis(value);
            if (millis > 0) {
                return millis;
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // said below
        }
        throw new TypeConversionException("'" + value + "' is not an interval: expected a number above 0 with ms, s,"
                + " m or h (e.g. 500ms, 2s, 5m)");
    }
}
