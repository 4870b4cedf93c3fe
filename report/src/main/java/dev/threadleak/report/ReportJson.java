package dev.threadleak.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON form of {@link LeakReport}: written pretty, read leniently but only if it is one. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {
    }

    public static String write(LeakReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a report; anything that is not valid JSON of schema {@value LeakReport#SCHEMA} is refused. */
    public static LeakReport read(String json) throws ReportFormatException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ReportFormatException("not a threadleak report: expected a JSON object");
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !LeakReport.SCHEMA.equals(schema.asText())) {
            throw new ReportFormatException("not a threadleak report: schema is "
                    + (schema == null ? "missing" : "'" + schema.asText() + "'") + ", expected '"
                    + LeakReport.SCHEMA + "'");
        }
        try {
            return MAPPER.treeToValue(tree, LeakReport.class);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException("malformed threadleak report: " + e.getOriginalMessage());
        }
    }

    public static LeakReport read(Path file) throws ReportFormatException {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ReportFormatException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return read(json);
        } catch (ReportFormatException e) {
            throw new ReportFormatException(file + ": " + e.getMessage());
        }
    }
}
