package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * A report as JSON lines ({@code format=jsonl}): one line per leak (a group is one line, with its
 * {@code count}), for log pipelines that index one JSON object per line and alert on fields.
 * Each line stands alone: it carries the JVM ({@code pid}, {@code host}, {@code javaVersion},
 * {@code mode}), when the report was taken and its scope, and under {@code leak} the same object
 * as an element of a JSON report's {@code leaks}. Its schema is {@value #SCHEMA}, not the
 * report's: a line is not a report, and {@link ReportJson#read} refuses it rather than read it as
 * one without leaks. A report without leaks is no lines at all. Deaths, notes and counts are the
 * report's, not a leak's: they are in the JSON report and, for the agent, in the JFR events.
 */
public final class LeakLines {

    /** The schema of one line. */
    public static final String SCHEMA = "threadleak-leak/1";

    private static final ObjectWriter WRITER = new ObjectMapper().writer();

    private LeakLines() {
    }

    /** The lines of {@code report}, each ended by a line separator; {@code host} is the machine's name. */
    public static String write(LeakReport report, String host) {
        JvmInfo jvm = report.jvm() == null ? null : report.jvm().withHost(host);
        StringBuilder lines = new StringBuilder();
        for (Leak leak : report.leaks()) {
            lines.append(line(new Line(SCHEMA, jvm, report.takenAt(), report.scope(), leak)))
                    .append(System.lineSeparator());
        }
        return lines.toString();
    }

    private static String line(Line line) {
        try {
            return WRITER.writeValueAsString(line); // no indentation: Jackson escapes every newline inside strings
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line's object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String schema, JvmInfo jvm, String takenAt, ScopeInfo scope, Leak leak) {
    }
}
