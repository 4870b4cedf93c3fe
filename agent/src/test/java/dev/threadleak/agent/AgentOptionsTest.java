package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.executors.TaskRecording;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void defaultsAreTheContractsTable() throws Exception {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(AgentOptions.Destination.STDERR, o.destination());
        assertFalse(o.json());
        assertFalse(o.onExit());
        assertEquals(0, o.exitWatchMillis(), "exit-watch answers a question the user asks: off unless asked");
        assertEquals(10_000, o.proveBudgetMillis());
        assertEquals(0, o.intervalMillis());
        assertEquals(10_000, o.minAgeMillis());
        assertEquals(32, o.stackDepth());
        assertTrue(o.virtualThreads());
        assertTrue(o.queues());
        assertFalse(o.prove());
        assertEquals(AgentOptions.CreationStacks.SAMPLED, o.creationStacks());
    }

    @Test
    void reportsOfItsOwnOnlyWhenAnOptionAsksForThem() throws Exception {
        assertFalse(AgentOptions.parse(null).writesReports(), "by default: no reporter, no shutdown hook");
        assertFalse(AgentOptions.parse("report=none,min-age=1s").writesReports());
        for (String asks : new String[] {"on-exit=true", "interval=30s", "exit-watch=5s"}) {
            assertTrue(AgentOptions.parse(asks).writesReports(), asks);
        }
    }

    @Test
    void formatIsTextJsonOrJsonLines() throws Exception {
        assertEquals(AgentOptions.Format.TEXT, AgentOptions.parse(null).format());
        assertEquals(AgentOptions.Format.JSON, AgentOptions.parse("format=json").format());
        AgentOptions lines = AgentOptions.parse("format=jsonl");
        assertEquals(AgentOptions.Format.JSONL, lines.format());
        assertTrue(lines.json(), "JSON lines are JSON: a last-resort text report goes to stderr, not into them");
        AgentOptions.OptionException bad = assertThrows(AgentOptions.OptionException.class,
                () -> AgentOptions.parse("format=ndjson"));
        assertEquals("bad value 'ndjson' for option 'format': expected text, json or jsonl", bad.getMessage());
    }

    @Test
    void everyOptionIsParsed() throws Exception {
        AgentOptions o = AgentOptions.parse("report=out/r.json,format=json,on-exit=true,exit-watch=0,interval=30s,"
                + "min-age=500ms,stack-depth=8,virtual-threads=false,queues=false,exclude=pool-.*;worker-\\d+,"
                + "prove=true,prove-budget=2s,creation-stacks=all,max-records=1000");
        assertEquals(AgentOptions.Destination.FILE, o.destination());
        assertEquals(Path.of("out/r.json").toAbsolutePath(), o.reportFile());
        assertTrue(o.json());
        assertTrue(o.onExit());
        assertEquals(0, o.exitWatchMillis());
        assertEquals(30_000, o.intervalMillis());
        assertEquals(500, o.minAgeMillis());
        assertEquals(8, o.stackDepth());
        assertFalse(o.virtualThreads());
        assertFalse(o.queues());
        assertEquals(2, o.exclude().size());
        assertTrue(o.exclude().get(1).matcher("worker-12").matches());
        assertTrue(o.prove());
        assertEquals(2_000, o.proveBudgetMillis());
        assertEquals(AgentOptions.CreationStacks.ALL, o.creationStacks());
        assertEquals(1000, o.maxRecords());
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        var e = assertThrows(AgentOptions.OptionException.class, () -> AgentOptions.parse("on-exit=true,colour=red"));
        assertEquals("unknown option 'colour'; known: report, format, on-exit, exit-watch, interval, min-age, "
                + "stack-depth, virtual-threads, queues, exclude, prove, prove-budget, creation-stacks, max-records, tasks",
                e.getMessage());
    }

    @Test
    void tasksAreRecordedWhileAScopeIsOpenUnlessAskedOtherwise() throws Exception {
        assertEquals(TaskRecording.Mode.SCOPED, AgentOptions.parse("").tasks());
        assertEquals(TaskRecording.Mode.ALL, AgentOptions.parse("tasks=all").tasks());
        assertEquals(TaskRecording.Mode.OFF, AgentOptions.parse("tasks=off").tasks());
        var e = assertThrows(AgentOptions.OptionException.class, () -> AgentOptions.parse("tasks=some"));
        assertEquals("bad value 'some' for option 'tasks': expected scoped, all or off", e.getMessage());
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAccepted() {
        assertEquals("bad value '10' for option 'interval': expected a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0",
                message("interval=10"));
        assertEquals("bad value 'xml' for option 'format': expected text, json or jsonl", message("format=xml"));
        assertEquals("bad value '0' for option 'stack-depth': expected a whole number from 1 to 1024",
                message("stack-depth=0"));
        assertEquals("bad value 'some' for option 'creation-stacks': expected all, sampled or off",
                message("creation-stacks=some"));
        assertTrue(message("exclude=[").startsWith("bad value '[' for option 'exclude': expected ';'-separated"));
        assertEquals("option 'on-exit' needs a value: on-exit=VALUE", message("on-exit"));
    }

    @Test
    void durationsTooLongToCountAreOneLineWithTheRangeNotAnOverflow() {
        String range = "a duration from 0 to 8760h: a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0";
        assertEquals("bad value '9223372036854775h' for option 'interval': expected " + range,
                message("interval=9223372036854775h"));
        assertEquals("bad value '153722867280913m' for option 'min-age': expected " + range,
                message("min-age=153722867280913m"));
        assertEquals("bad value '99999999999999999999999ms' for option 'exit-watch': expected " + range,
                message("exit-watch=99999999999999999999999ms"));
        assertEquals("bad value '8761h' for option 'prove-budget': expected " + range, message("prove-budget=8761h"));
        assertEquals("bad value '99999999999' for option 'max-records': expected a whole number from 1 to 2147483647",
                message("max-records=99999999999"));
    }

    @Test
    void theLongestDurationIsAYear() throws Exception {
        assertEquals(8_760L * 3_600_000L, AgentOptions.parse("interval=8760h").intervalMillis());
        assertEquals(8_760L * 3_600_000L, AgentOptions.parse("min-age=525600m").minAgeMillis());
    }

    @Test
    void aCommaInsideBracketsOrAfterABackslashBelongsToTheRegex() throws Exception {
        AgentOptions o = AgentOptions.parse("exclude=c{1,3},on-exit=true");
        assertTrue(o.onExit());
        assertEquals(1, o.exclude().size());
        assertTrue(o.exclude().get(0).matcher("ccc").matches());
        assertFalse(o.exclude().get(0).matcher("cccc").matches());

        AgentOptions escaped = AgentOptions.parse("exclude=pool-[0-9]+\\,worker;(a|b\\,c),format=json");
        assertTrue(escaped.json());
        assertTrue(escaped.exclude().get(0).matcher("pool-1,worker").matches());
        assertTrue(escaped.exclude().get(1).matcher("b,c").matches());
    }

    private static String message(String options) {
        return assertThrows(AgentOptions.OptionException.class, () -> AgentOptions.parse(options)).getMessage();
    }
}
