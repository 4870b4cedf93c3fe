package dev.threadleak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A list written on one line with commas between its entries, where an entry may be a regex that
 * holds commas itself: the agent's options ({@code exclude=c{1,3},on-exit=true}) and the JUnit
 * extension's list parameters. One rule for both, so that what works in one works in the other:
 * <ul>
 * <li>a comma inside {@code ()}, {@code []} or {@code {}} belongs to the entry: {@code c{1,3}}
 *     and {@code (a|b,c)} stay one;</li>
 * <li>a backslash escapes the character after it, which then neither separates nor opens or closes
 *     a bracket; both stay in the entry as written, so {@code a\,b} is the one regex {@code a\,b},
 *     which matches {@code a,b}, and {@code \{} is a brace, not a bracket;</li>
 * <li>blank entries are dropped; the others are kept as written, blanks around them removed.</li>
 * </ul>
 */
public final class CommaList {

    private CommaList() {
    }

    /** The entries of {@code line}, in order. */
    public static List<String> split(String line) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                entry.append(c).append(line.charAt(++i));
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                add(entries, entry);
                continue;
            }
            entry.append(c);
        }
        add(entries, entry);
        return entries;
    }

    private static void add(List<String> entries, StringBuilder entry) {
        String e = entry.toString().trim();
        if (!e.isEmpty()) {
            entries.add(e);
        }
        entry.setLength(0);
    }
}
