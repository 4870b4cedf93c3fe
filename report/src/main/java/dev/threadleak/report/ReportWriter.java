package dev.threadleak.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link LeakReport} as JSON with Jackson's streaming generator, field by field, in the
 * form {@code ObjectMapper} with {@code INDENT_OUTPUT} gives (record components in order, absent
 * values left out where the record says {@code NON_NULL}). Not through the mapper: its first use
 * loads and introspects some 450 classes, which an agent would pay in the JVM it watches on its
 * first report (the first {@code threadleak dump} of a late attach, a test's first report). The
 * generator is some 30 classes.
 */
final class ReportWriter {

    private final JsonGenerator out;

    private ReportWriter(JsonGenerator out) {
        this.out = out;
    }

    static String write(LeakReport report) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = ReportJson.FACTORY.createGenerator(text)) {
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
            new ReportWriter(generator).report(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private void report(LeakReport r) throws IOException {
        out.writeStartObject();
        string("schema", r.schema(), false);
        if (r.jvm() != null) {
            out.writeFieldName("jvm");
            out.writeStartObject();
            out.writeNumberField("pid", r.jvm().pid());
            string("host", r.jvm().host(), false);
            string("javaVersion", r.jvm().javaVersion(), false);
            string("mode", r.jvm().mode(), false);
            if (r.jvm().attached() != null) {
                out.writeBooleanField("attached", r.jvm().attached());
            }
            out.writeEndObject();
        }
        string("takenAt", r.takenAt(), false);
        if (r.scope() != null) {
            out.writeFieldName("scope");
            out.writeStartObject();
            string("kind", r.scope().kind(), true);
            string("name", r.scope().name(), true);
            out.writeEndObject();
        }
        if (r.leaks() != null) {
            out.writeArrayFieldStart("leaks");
            for (Leak leak : r.leaks()) {
                leak(leak);
            }
            out.writeEndArray();
        }
        if (r.deaths() != null) {
            out.writeArrayFieldStart("deaths");
            for (Death death : r.deaths()) {
                death(death);
            }
            out.writeEndArray();
        }
        if (r.stats() != null) {
            stats(r.stats());
        }
        if (r.notes() != null) {
            out.writeArrayFieldStart("notes");
            for (String note : r.notes()) {
                out.writeString(note);
            }
            out.writeEndArray();
        }
        if (r.sites() != null) {
            out.writeArrayFieldStart("sites");
            for (SiteCount site : r.sites()) {
                site(site);
            }
            out.writeEndArray();
        }
        if (r.baseline() != null) {
            baseline(r.baseline());
        }
        out.writeEndObject();
    }

    private void leak(Leak l) throws IOException {
        out.writeStartObject();
        enumValue("kind", l.kind());
        enumValue("verdict", l.verdict());
        out.writeNumberField("count", l.count());
        if (l.thread() != null) {
            out.writeFieldName("thread");
            thread(l.thread());
        }
        frames("createdAt", l.createdAt());
        ref("createdBy", l.createdBy());
        out.writeNumberField("ageMillis", l.ageMillis());
        if (l.blockedOn() != null) {
            blockedOn(l.blockedOn());
        }
        frames("stack", l.stack());
        out.writeBooleanField("preExisting", l.preExisting());
        string("reason", l.reason(), false);
        refs("members", l.members());
        if (l.executor() != null) {
            executor(l.executor());
        }
        if (l.task() != null) {
            task(l.task());
        }
        refs("cycle", l.cycle());
        if (l.createdAtCut() != null) {
            out.writeBooleanField("createdAtCut", l.createdAtCut());
        }
        frames("createdFrom", l.createdFrom());
        refs("startedFrom", l.startedFrom());
        if (l.startedFromAt() != null) {
            out.writeFieldName("startedFromAt");
            frame(l.startedFromAt());
        }
        string("keptThrough", l.keptThrough(), false);
        if (l.keptVia() != null) {
            out.writeArrayFieldStart("keptVia");
            for (String c : l.keptVia()) {
                out.writeString(c);
            }
            out.writeEndArray();
        }
        if (l.stackCut() != null) {
            out.writeBooleanField("stackCut", l.stackCut());
        }
        if (l.elsewhere() != null) {
            out.writeNumberField("elsewhere", l.elsewhere());
        }
        if (l.waitObjects() != null) {
            out.writeNumberField("waitObjects", l.waitObjects());
        }
        if (l.stacksRead() != null) {
            out.writeNumberField("stacksRead", l.stacksRead());
        }
        if (l.workersInAll() != null) {
            out.writeNumberField("workersInAll", l.workersInAll());
        }
        out.writeEndObject();
    }

    private void blockedOn(BlockedOn b) throws IOException {
        out.writeFieldName("blockedOn");
        out.writeStartObject();
        string("operation", b.operation(), false);
        string("object", b.object(), false);
        number("sinceMillis", b.sinceMillis());
        string("why", b.why(), false);
        number("timeoutMillis", b.timeoutMillis());
        number("queueSize", b.queueSize());
        number("queueCapacity", b.queueCapacity());
        string("detail", b.detail(), false);
        ref("owner", b.owner());
        if (b.interruptible() != null) {
            out.writeBooleanField("interruptible", b.interruptible());
        }
        out.writeEndObject();
    }

    private void executor(ExecutorInfo e) throws IOException {
        out.writeFieldName("executor");
        out.writeStartObject();
        string("type", e.type(), false);
        string("identity", e.identity(), false);
        string("state", e.state(), false);
        refs("workers", e.workers());
        number("queuedTasks", e.queuedTasks());
        number("activeTasks", e.activeTasks());
        number("shutdownAgoMillis", e.shutdownAgoMillis());
        frames("shutdownAt", e.shutdownAt());
        number("cancelledTasks", e.cancelledTasks());
        number("idleWorkersEndAfterMillis", e.idleWorkersEndAfterMillis());
        number("coreSize", e.coreSize());
        number("workersAboveCoreEndAfterMillis", e.workersAboveCoreEndAfterMillis());
        number("daemonWorkers", e.daemonWorkers());
        number("collectedAgoMillis", e.collectedAgoMillis());
        string("collectedShutDownBy", e.collectedShutDownBy(), false);
        if (e.timer() != null) {
            out.writeBooleanField("timer", e.timer());
        }
        if (e.tasks() != null) {
            out.writeArrayFieldStart("tasks");
            for (TaskInfo t : e.tasks()) {
                taskObject(t);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private void task(TaskInfo t) throws IOException {
        out.writeFieldName("task");
        taskObject(t);
    }

    private void taskObject(TaskInfo t) throws IOException {
        out.writeStartObject();
        string("type", t.type(), false);
        string("identity", t.identity(), false);
        string("executor", t.executor(), false);
        string("state", t.state(), false);
        string("lostBecause", t.lostBecause(), false);
        ref("runningIn", t.runningIn());
        number("cancelledAgoMillis", t.cancelledAgoMillis());
        ref("cancelledBy", t.cancelledBy());
        frames("cancelledAt", t.cancelledAt());
        string("cancelledWith", t.cancelledWith(), false);
        if (t.periodic() != null) {
            out.writeBooleanField("periodic", t.periodic());
        }
        number("runs", t.runs());
        if (t.submittedAt() != null) {
            out.writeFieldName("submittedAt");
            frame(t.submittedAt());
        }
        string("wraps", t.wraps(), false);
        number("nextRunInMillis", t.nextRunInMillis());
        ref("submittedBy", t.submittedBy());
        out.writeEndObject();
    }

    private void death(Death d) throws IOException {
        out.writeStartObject();
        if (d.thread() != null) {
            out.writeFieldName("thread");
            thread(d.thread());
        }
        frames("createdAt", d.createdAt());
        ref("createdBy", d.createdBy());
        string("endedAt", d.endedAt(), false);
        string("exceptionType", d.exceptionType(), false);
        string("exceptionMessage", d.exceptionMessage(), false);
        frames("exceptionStack", d.exceptionStack());
        string("handledBy", d.handledBy(), false);
        if (d.createdAtCut() != null) {
            out.writeBooleanField("createdAtCut", d.createdAtCut());
        }
        if (d.exceptionMadeElsewhere() != null) {
            out.writeBooleanField("exceptionMadeElsewhere", d.exceptionMadeElsewhere());
        }
        out.writeEndObject();
    }

    private void stats(Stats s) throws IOException {
        out.writeFieldName("stats");
        out.writeStartObject();
        out.writeNumberField("threadsStarted", s.threadsStarted());
        out.writeNumberField("liveThreads", s.liveThreads());
        out.writeNumberField("liveVirtualThreads", s.liveVirtualThreads());
        out.writeNumberField("droppedRecords", s.droppedRecords());
        if (s.dropped() != null && !s.dropped().isEmpty()) {
            out.writeFieldName("dropped");
            out.writeStartObject();
            for (Map.Entry<String, Long> e : s.dropped().entrySet()) {
                out.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    out.writeNull();
                } else {
                    out.writeNumber(e.getValue());
                }
            }
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    private void site(SiteCount s) throws IOException {
        out.writeStartObject();
        enumValue("kind", s.kind());
        frames("createdAt", s.createdAt());
        ref("createdBy", s.createdBy());
        out.writeBooleanField("preExisting", s.preExisting());
        out.writeNumberField("live", s.live());
        out.writeEndObject();
    }

    private void baseline(Baseline b) throws IOException {
        out.writeFieldName("baseline");
        out.writeStartObject();
        string("file", b.file(), false);
        out.writeNumberField("known", b.known());
        out.writeNumberField("now", b.now());
        out.writeNumberField("beyond", b.beyond());
        if (b.grown() != null) {
            out.writeArrayFieldStart("grown");
            for (Baseline.Site site : b.grown()) {
                out.writeStartObject();
                enumValue("kind", site.kind());
                frames("createdAt", site.createdAt());
                out.writeNumberField("known", site.known());
                out.writeNumberField("now", site.now());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    /** ThreadInfo writes its nulls: the record does not leave them out. */
    private void thread(ThreadInfo t) throws IOException {
        out.writeStartObject();
        out.writeNumberField("id", t.id());
        string("name", t.name(), true);
        out.writeBooleanField("virtual", t.virtual());
        out.writeBooleanField("daemon", t.daemon());
        string("state", t.state(), true);
        number("cpuMillis", t.cpuMillis());
        out.writeEndObject();
    }

    private void ref(String field, ThreadRef ref) throws IOException {
        if (ref == null) {
            return;
        }
        out.writeFieldName(field);
        refValue(ref);
    }

    private void refValue(ThreadRef ref) throws IOException {
        out.writeStartObject();
        out.writeNumberField("id", ref.id());
        string("name", ref.name(), true);
        out.writeEndObject();
    }

    private void refs(String field, List<ThreadRef> refs) throws IOException {
        if (refs == null) {
            return;
        }
        out.writeArrayFieldStart(field);
        for (ThreadRef ref : refs) {
            if (ref == null) {
                out.writeNull();
            } else {
                refValue(ref);
            }
        }
        out.writeEndArray();
    }

    private void frames(String field, List<Frame> frames) throws IOException {
        if (frames == null) {
            return;
        }
        out.writeArrayFieldStart(field);
        for (Frame frame : frames) {
            if (frame == null) {
                out.writeNull();
                continue;
            }
            frame(frame);
        }
        out.writeEndArray();
    }

    private void frame(Frame frame) throws IOException {
        out.writeStartObject();
        string("className", frame.className(), true);
        string("method", frame.method(), true);
        string("file", frame.file(), true);
        out.writeNumberField("line", frame.line());
        out.writeEndObject();
    }

    /** A string field; a null one is written as null only where the record keeps its nulls. */
    private void string(String field, String value, boolean nullsWritten) throws IOException {
        if (value != null) {
            out.writeStringField(field, value);
        } else if (nullsWritten) {
            out.writeNullField(field);
        }
    }

    private void number(String field, Number value) throws IOException {
        if (value instanceof Long l) {
            out.writeNumberField(field, l);
        } else if (value instanceof Integer i) {
            out.writeNumberField(field, i);
        }
    }

    private void enumValue(String field, Enum<?> value) throws IOException {
        if (value != null) {
            out.writeStringField(field, value.name());
        }
    }
}
