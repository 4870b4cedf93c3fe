package dev.threadleak.cli;

import dev.threadleak.report.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads the contract's DURATION ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 0}) as milliseconds. */
final class DurationConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Durations.parseMillis(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: expected " + Durations.ACCEPTED);
        }
    }
}
