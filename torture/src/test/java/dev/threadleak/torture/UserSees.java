package dev.threadleak.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** What a user must see, and must never see, in what the host and our tools print. */
final class UserSees {

    /** Marks of a stack trace, a JVM abort or an instrument assertion: none of ours may reach a user. */
    private static final List<String> TRACES = List.of("\tat ", "Exception in thread", "Caused by:",
            "FATAL ERROR", "ASSERTION FAILED", "InvocationTargetException", "# A fatal error");

    private UserSees() {
    }

    /** No stack trace, abort or assertion anywhere in {@code output}. */
    static void noTrace(String output, String context) {
        for (String mark : TRACES) {
            assertFalse(output.contains(mark), "'" + mark + "' in what the user sees: " + context);
        }
    }

    /** {@code output} is exactly one line, starting with {@code prefix}; returns it. */
    static String oneLine(String output, String prefix, String context) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line expected: " + context);
        assertTrue(lines.get(0).startsWith(prefix), "'" + prefix + "' expected: " + context);
        return lines.get(0);
    }

    /** The lines of {@code output} that start with {@code prefix}. */
    static List<String> linesStartingWith(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** Nothing a terminal would act on: no ESC, BEL or CR, and no line that forges the start of a report block. */
    static void terminalSafe(String output, String forgedLine, String context) {
        assertTrue(output.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == '\r' || c == 0x9b),
                "a raw control character reached the terminal: " + context);
        assertFalse(output.lines().anyMatch(l -> l.startsWith(forgedLine)), "a forged line: " + context);
    }
}
