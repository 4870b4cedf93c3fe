package dev.threadleak.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a pid, saying what one is where picocli would say "is not a long" (ZooKeeper's CLI trial). */
final class PidConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            long pid = Long.parseLong(value);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new TypeConversionException("'" + value + "' is not a pid: expected a process id, a whole number above 0"
                + " (list the JVMs you can reach with 'threadleak ps')");
    }
}
