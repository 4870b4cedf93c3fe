package dev.threadleak.report;

import java.util.Locale;

/**
 * Text from the application (a thread's name, an exception's message, a class name read from a
 * report file) made safe to print on an operator's terminal. A thread named
 * {@code "\u001b]0;owned\u0007\r\nTHREAD LEAKED: fake"} must neither retitle the terminal nor
 * forge a line of our report, so every character that a terminal or a reader takes for something
 * other than itself is written as an escape:
 * <ul>
 *   <li>C0 controls and DEL: {@code \n}, {@code \r}, {@code \t}, else {@code \}{@code u001b} and so on
 *       (ESC starts the CSI and OSC sequences that move the cursor, recolour or retitle);</li>
 *   <li>C1 controls (U+0080 to U+009F: some terminals take U+009B for CSI and U+009D for OSC);</li>
 *   <li>the line and paragraph separators U+2028 and U+2029, which some viewers break lines at;</li>
 *   <li>Unicode's bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
 *       U+2069), which reorder what is printed after them ("Trojan Source").</li>
 * </ul>
 * Everything else, letters of every script included, is printed as it is. A backslash is not
 * escaped: the aim is a safe terminal, not a reversible encoding (the JSON report has the raw text).
 * Escaping is idempotent, so text escaped twice reads the same.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} with every control, separator and bidi character escaped; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isUnsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
