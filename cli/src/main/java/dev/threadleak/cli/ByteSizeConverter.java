package dev.threadleak.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a size in bytes: a number, or a number with k, m or g (powers of 1024, as {@code ls -lh} counts). */
final class ByteSizeConverter implements ITypeConverter<Long> {

    private static final Pattern FORM = Pattern.compile("(\\d+)([kmg]?)b?");

    @Override
    public Long convert(String value) {
        Matcher m = FORM.matcher(value.strip().toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                int shift = switch (m.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
                if (n > 0 && n <= Long.MAX_VALUE >> shift) {
                    return n << shift;
                }
            }
        } catch (NumberFormatException e) {
            // too many digits: said below
        }
        throw new TypeConversionException("'" + value + "' is not a size: expected a number above 0 of bytes, or with"
                + " k, m or g (e.g. 500m, 4g)");
    }
}
