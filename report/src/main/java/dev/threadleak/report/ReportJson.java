package dev.threadleak.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of {@link LeakReport}: written pretty, read leniently but only if it is one.
 *
 * <p>A report is read as a stream, never whole into memory, and the frames of its stacks are
 * shared (200,000 leaks parked at one place hold one set of frames). A file larger than a limit
 * ({@link #MAX_BYTES} unless the caller says otherwise) is refused before it is read: the largest
 * report our writers produce (200,000 separate leaks, each with a 32-frame stack) is 1.24 GB, and
 * none can exceed 2 GiB, the most a Java string holds. Whatever goes wrong (no file, not JSON, not
 * UTF-8, truncated, another JSON document, too big, too big for this JVM's heap) is a
 * {@link ReportFormatException} whose message is one line naming the file.
 */
public final class ReportJson {

    /** The default size limit of a report file: 2 GiB (see the class comment). */
    public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

    /** What every "not a report" message says is accepted. */
    public static final String ACCEPTED = "a threadleak JSON report (schema '" + LeakReport.SCHEMA + "')";

    /** How far into the input its schema is looked for before the report is read. */
    private static final int PEEK_BYTES = 64 * 1024;
    private static final String FRAMES = "threadleak.frames";

    /**
     * The reader's mapper, made on the first read: writing does without it ({@link ReportWriter}),
     * so a JVM that only writes reports (the agent's) never loads it.
     */
    private static final class Reading {
        static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .registerModule(new SimpleModule("threadleak-frames").addDeserializer(Frame.class, new FrameReader()));
    }

    /**
     * The one factory of this module's parsers and generators: {@link ReportWriter}'s, {@link #check}'s
     * (Jackson's streaming parser alone: the mapper's first use costs a CLI a second) and the mapper's.
     */
    static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {
    }

    /**
     * Checks, without reading it into the model, that {@code json} is one well-formed JSON object
     * whose first field names our schema, as every writer of ours puts it: a tool that passes a
     * report on unchanged (the CLI, from an agent of its own version) checks it this way, at a
     * fraction of a read's cost. Anything else is a {@link ReportFormatException}, as from a read.
     */
    public static void check(String json) throws ReportFormatException {
        try (JsonParser p = FACTORY.createParser(json)) {
            openObject(p);
            if (!firstFieldIsOurSchema(p)) {
                throw notOurs("its first field is not the schema");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t == null) {
                    throw new JsonEOFException(p, null, "end of input inside the report");
                }
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT,
                        "more than one JSON value in it, where a report is one");
            }
        } catch (IOException e) {
            throw isTruncation(e) ? truncated() : notJson(e);
        }
    }

    /** The report, pretty-printed; streamed field by field, see {@link ReportWriter}. */
    public static String write(LeakReport report) {
        return ReportWriter.write(report);
    }

    /** Reads a report; anything that is not valid JSON of schema {@value LeakReport#SCHEMA} is refused. */
    public static LeakReport read(String json) throws ReportFormatException {
        try {
            return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ReportFormatException(ReportFormatException.Problem.UNREADABLE, String.valueOf(e.getMessage()));
        }
    }

    /** Reads a report file of at most {@link #MAX_BYTES}. */
    public static LeakReport read(Path file) throws ReportFormatException {
        return read(file, MAX_BYTES);
    }

    /**
     * Reads a report file of at most {@code maxBytes}: a regular file, or anything else that can
     * be read once (a FIFO, {@code /dev/stdin}), whose bytes are counted as they come.
     */
    public static LeakReport read(Path file, long maxBytes) throws ReportFormatException {
        if (Files.isDirectory(file)) {
            throw new ReportFormatException(ReportFormatException.Problem.UNREADABLE, file + ": is a directory");
        }
        long size = size(file);
        if (size > maxBytes) {
            throw tooBig(file, size, maxBytes);
        }
        try (InputStream in = new Bounded(Files.newInputStream(file), maxBytes)) {
            return read(in);
        } catch (ReportFormatException e) {
            throw e.about(file);
        } catch (Bounded.Exceeded e) {
            throw tooBig(file, -1, maxBytes);
        } catch (NoSuchFileException e) {
            throw new ReportFormatException(ReportFormatException.Problem.UNREADABLE, file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ReportFormatException(ReportFormatException.Problem.UNREADABLE, file + ": permission denied");
        } catch (IOException e) {
            throw new ReportFormatException(ReportFormatException.Problem.UNREADABLE, file + ": cannot read it ("
                    + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            // all that the read allocated is garbage once it unwinds: say so rather than die
            throw new ReportFormatException(ReportFormatException.Problem.OUT_OF_MEMORY, file + ": too big to read in"
                    + " this JVM's " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB of heap");
        }
    }

    /** The size of a regular file; 0 for anything else, or when it cannot be read (the read says why). */
    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code size} -1: a stream, cut where it passed the limit. */
    private static ReportFormatException tooBig(Path file, long size, long maxBytes) {
        return new ReportFormatException(ReportFormatException.Problem.TOO_BIG, file + ": " + (size < 0 ? "" : bytes(size)
                + ", ") + "more than the " + bytes(maxBytes) + " a report may have");
    }

    /** {@code 812 bytes}, {@code 1.2 MB}, {@code 2.0 GB} (powers of 1024, as {@code ls -lh} counts). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Checks the schema from the first bytes, then reads the whole report in one pass. */
    private static LeakReport read(InputStream input) throws IOException, ReportFormatException {
        BufferedInputStream in = new BufferedInputStream(input, PEEK_BYTES);
        in.mark(PEEK_BYTES);
        Schema schema = peek(in.readNBytes(PEEK_BYTES));
        in.reset();
        LeakReport report;
        try {
            ObjectReader reader = Reading.MAPPER.readerFor(LeakReport.class).withAttribute(FRAMES, new HashMap<Frame, Frame>());
            report = reader.readValue(in);
        } catch (IOException e) {
            throw problem(e, schema);
        }
        if (report == null) {
            throw new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT, "empty: no JSON in it");
        }
        if (!LeakReport.SCHEMA.equals(report.schema())) {
            throw notOurs("schema is " + (report.schema() == null ? "missing" : "'" + report.schema() + "'"));
        }
        return report;
    }

    /**
     * What is wrong with the input, from the innermost cause (a parse error under a mapping error is
     * a parse error); an I/O error of the input itself, or the size limit, is rethrown as it is.
     */
    private static ReportFormatException problem(IOException e, Schema schema) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Bounded.Exceeded exceeded) {
                throw exceeded;
            }
            if (isTruncation(t)) {
                return truncated();
            }
            if (t instanceof JsonParseException || t instanceof CharConversionException) {
                return notJson((IOException) t);
            }
        }
        if (e instanceof JsonMappingException mapping) {
            return new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT, mappingProblem(mapping, schema));
        }
        if (e instanceof JsonProcessingException json) {
            return new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT,
                    "not a threadleak report: " + json.getOriginalMessage());
        }
        throw e;
    }

    /** Reads the start of the one JSON object a report is; refuses nothing, or anything else. */
    private static void openObject(JsonParser p) throws IOException, ReportFormatException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT, "empty: no JSON in it");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT,
                    "not a threadleak report: expected a JSON object");
        }
    }

    private static boolean isTruncation(Throwable t) {
        return t instanceof JsonEOFException || t instanceof JsonParseException parse
                && String.valueOf(parse.getOriginalMessage()).startsWith("Unexpected end-of-input");
    }

    private static ReportFormatException truncated() {
        return new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT,
                "truncated: the JSON ends before the report does");
    }

    /** {@code malformed threadleak report at leaks[3].createdAt[0].line: ...}, or: it is not a report at all. */
    private static String mappingProblem(JsonMappingException e, Schema schema) {
        String why = e.getOriginalMessage();
        if (why != null && why.startsWith("Trailing token")) {
            return "more than one JSON value in it, where a report is one";
        }
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                where.append(where.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                where.append('[').append(ref.getIndex()).append(']');
            }
        }
        return (schema == Schema.OURS ? "malformed threadleak report" : "not a threadleak report")
                + (where.length() == 0 ? "" : " at " + where) + ": " + why;
    }

    /** What the first field says: that is where every writer of ours puts the schema. */
    private enum Schema { OURS, UNKNOWN }

    private static Schema peek(byte[] start) throws ReportFormatException {
        for (int i = 0; i < start.length; i++) {
            if (start[i] == 0) { // never in JSON text of UTF-8, the only encoding we write: a binary file
                throw new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT,
                        "not JSON text: binary, or not UTF-8 at byte " + i);
            }
        }
        try (JsonParser p = FACTORY.createParser(start)) {
            openObject(p);
            return firstFieldIsOurSchema(p) ? Schema.OURS : Schema.UNKNOWN; // UNKNOWN: the binding says whether it is one
        } catch (JsonEOFException e) {
            return Schema.UNKNOWN; // a first field longer than the peek, or a truncated file: the read tells
        } catch (JsonParseException | CharConversionException e) {
            throw notJson(e);
        } catch (IOException e) {
            return Schema.UNKNOWN;
        }
    }

    /**
     * Reads the first field of the object {@code p} has opened: false if it is not the schema; if
     * it is, it must be ours.
     */
    private static boolean firstFieldIsOurSchema(JsonParser p) throws IOException, ReportFormatException {
        if (p.nextToken() != JsonToken.FIELD_NAME || !"schema".equals(p.currentName())) {
            return false;
        }
        String schema = p.nextToken().isScalarValue() ? p.getText() : null;
        if (!LeakReport.SCHEMA.equals(schema)) {
            throw notOurs("schema is " + (schema == null ? "not a string" : "'" + schema + "'"));
        }
        return true;
    }

    /** {@code not a threadleak report: WHY, expected 'threadleak/1'}. */
    private static ReportFormatException notOurs(String why) {
        return new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT, "not a threadleak report: " + why
                + ", expected '" + LeakReport.SCHEMA + "'");
    }

    private static ReportFormatException notJson(IOException e) {
        String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        String lower = String.valueOf(why).toLowerCase(Locale.ROOT);
        // Jackson's words for bytes that are no text: "Invalid UTF-8 start byte", "(CTRL-CHAR, code 0)"
        boolean encoding = e instanceof CharConversionException || lower.contains("utf") || lower.contains("ctrl-char");
        String where = e instanceof JsonProcessingException json && json.getLocation() != null
                && json.getLocation().getByteOffset() >= 0 ? " at byte " + json.getLocation().getByteOffset() : "";
        return new ReportFormatException(ReportFormatException.Problem.NOT_A_REPORT, encoding
                ? "not JSON text: binary, or not UTF-8" + where
                : "not JSON: " + why);
    }

    /** Counts what is read and stops past the limit: a FIFO or a growing file has no size to check first. */
    private static final class Bounded extends FilterInputStream {

        /** Thrown from inside the parser; caught by {@link #read(Path, long)}. */
        static final class Exceeded extends IOException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("more than the limit");
            }
        }

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        /**
         * What can be read without blocking, 0 when the stream cannot tell: a pipe's channel
         * answers "Illegal seek" (JDK 17), and {@link BufferedInputStream} asks between reads.
         */
        @Override
        public int available() {
            try {
                return super.available();
            } catch (IOException e) {
                return 0;
            }
        }

        private void count(int n) throws Exceeded {
            read += n;
            if (read > max) {
                throw new Exceeded();
            }
        }
    }

    /**
     * Reads a frame and hands out one instance per distinct frame of the report being read (the
     * map is the read's own, an attribute of its context): stacks repeat, their frames need not.
     */
    private static final class FrameReader extends StdDeserializer<Frame> {

        private static final long serialVersionUID = 1L;

        FrameReader() {
            super(Frame.class);
        }

        @Override
        public Frame deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartObjectToken()) {
                return (Frame) ctxt.handleUnexpectedToken(Frame.class, p);
            }
            String className = null;
            String method = null;
            String file = null;
            int line = 0;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                switch (name) {
                    case "className" -> className = text(p, ctxt);
                    case "method" -> method = text(p, ctxt);
                    case "file" -> file = text(p, ctxt);
                    case "line" -> line = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue()
                            : (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
                    default -> p.skipChildren();
                }
            }
            Frame frame = new Frame(className, method, file, line);
            @SuppressWarnings("unchecked")
            Map<Frame, Frame> seen = (Map<Frame, Frame>) ctxt.getAttribute(FRAMES);
            return seen == null ? frame : seen.computeIfAbsent(frame, f -> f);
        }

        private static String text(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            return t == JsonToken.VALUE_STRING ? p.getText() : (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }
}
