package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void defaultsAreTheContractsTable() throws Exception {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(AgentOptions.Destination.STDERR, o.destination());
        assertFalse(o.json());
        assertFalse(o.onExit());
        assertEquals(5_000, o.exitWatchMillis());
        assertEquals(0, o.intervalMillis());
        assertEquals(10_000, o.minAgeMillis());
        assertEquals(32, o.stackDepth());
        assertTrue(o.virtualThreads());
        assertTrue(o.queues());
        assertFalse(o.prove());
        assertEquals(AgentOptions.CreationStacks.SAMPLED, o.creationStacks());
    }

    @Test
    void everyOptionIsParsed() throws Exception {
        AgentOptions o = AgentOptions.parse("report=out/r.json,format=json,on-exit=true,exit-watch=0,interval=30s,"
                + "min-age=500ms,stack-depth=8,virtual-threads=false,queues=false,exclude=pool-.*;worker-\\d+,"
                + "prove=true,creation-stacks=all,max-records=1000");
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
        assertEquals(AgentOptions.CreationStacks.ALL, o.creationStacks());
        assertEquals(1000, o.maxRecords());
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        var e = assertThrows(AgentOptions.OptionException.class, () -> AgentOptions.parse("on-exit=true,colour=red"));
        assertEquals("unknown option 'colour'; known: report, format, on-exit, exit-watch, interval, min-age, "
                + "stack-depth, virtual-threads, queues, exclude, prove, creation-stacks, max-records", e.getMessage());
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAccepted() {
        assertEquals("bad value '10' for option 'interval': expected a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0",
                message("interval=10"));
        assertEquals("bad value 'xml' for option 'format': expected text or json", message("format=xml"));
        assertEquals("bad value '0' for option 'stack-depth': expected a whole number from 1 to 1024",
                message("stack-depth=0"));
        assertEquals("bad value 'some' for option 'creation-stacks': expected all or sampled or off",
                message("creation-stacks=some"));
        assertTrue(message("exclude=[").startsWith("bad value '[' for option 'exclude': expected ';'-separated"));
        assertEquals("option 'on-exit' needs a value: on-exit=VALUE", message("on-exit"));
    }

    private static String message(String options) {
        return assertThrows(AgentOptions.OptionException.class, () -> AgentOptions.parse(options)).getMessage();
    }
}
