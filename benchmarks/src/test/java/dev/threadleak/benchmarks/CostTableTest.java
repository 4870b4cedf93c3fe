package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostTableTest {

    private static final List<String> COLUMNS =
            List.of(AgentConfig.NO_AGENT, AgentConfig.EMPTY_AGENT, AgentConfig.THREADLEAK);

    @Test
    void judgesEachTargetAgainstItsOwnBaseline() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.PLATFORM, "us/op", 100, 150, 104);     // 1.04 of no agent: ok
        put(table, CostTable.VIRTUAL, "ns/op", 160, 250, 300);      // 1.20 of the empty agent: miss
        put(table, CostTable.STARTUP_TO_END_OF_MAIN, "ms", 60, 100, 300); // +240 ms: ok

        String printed = print(table);

        assertEquals("1.040", measured(printed, "platform start+join: threadleak / no agent"), printed);
        assertTrue(lineOf(printed, "platform start+join: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "virtual start+join: threadleak / empty agent").endsWith("MISS"), printed);
        assertTrue(lineOf(printed, "start-up to end of main: threadleak - no agent").contains("+240 ms"), printed);
        assertTrue(lineOf(printed, "start-up to end of main: threadleak - no agent").endsWith("ok"), printed);
    }

    @Test
    void executorTargetIsFifteenPercentOverNoAgent() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.EXECUTOR_BATCH, "ns/op", 400, 400, 456);      // 1.14: ok
        put(table, CostTable.EXECUTOR_SUBMIT_GET, "us/op", 20, 20, 23.2);  // 1.16: miss

        String printed = print(table);

        assertEquals("1.140", measured(printed, "executor submit+run, batched: threadleak / no agent"), printed);
        assertTrue(lineOf(printed, "executor submit+run, batched: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "executor submit+get: threadleak / no agent").endsWith("MISS"), printed);
        assertTrue(lineOf(printed, "executor submit+run, batched: threadleak / empty agent").endsWith("(context)"),
                printed);
    }

    @Test
    void queueAndFutureTargetsAreTenPercentOverNoAgent() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.ARRAY_PUT_TAKE, "ns/op", 10, 10, 10.9);            // 1.09: ok
        put(table, CostTable.LINKED_OFFER_POLL, "ns/op", 20, 20, 22.4);         // 1.12: miss
        put(table, CostTable.COMPLETABLE_FUTURE_JOIN, "ns/op", 0.612, 0.6, 0.618);
        put(table, CostTable.QUEUE_HANDOFF, "ns/op", 900, 900, 950);

        String printed = print(table);

        assertTrue(lineOf(printed, "ArrayBlockingQueue put+take: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "LinkedBlockingQueue offer+poll: threadleak / no agent").endsWith("MISS"), printed);
        assertTrue(lineOf(printed, "completed CompletableFuture.join: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "queue handoff, 2 threads: threadleak / no agent").endsWith("ok"), printed);
        // Sub-nanosecond scores keep enough digits to tell the configurations apart.
        assertTrue(lineOf(printed, "completed CompletableFuture.join (ns/op)").contains("0.612 +- 1.000"), printed);
    }

    @Test
    void saysWhatWasSkippedAndWhichTargetsWentUnmeasured() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.PLATFORM, "us/op", 100, 101, 102);
        table.skip(CostTable.VIRTUAL, "JDK 17 has no virtual threads");

        String printed = print(table);

        assertTrue(printed.contains("skipped: JDK 17 has no virtual threads"), printed);
        assertTrue(lineOf(printed, "virtual start+join: threadleak / empty agent").endsWith("not measured"), printed);
    }

    @Test
    void leavesOutTheTargetsOfPartsNotAskedFor() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.PLATFORM, "us/op", 100, 101, 102);

        String printed = print(table);

        assertFalse(printed.contains("ArrayBlockingQueue"), printed);
        assertFalse(printed.contains("executor"), printed);
    }

    @Test
    void longRowNamesStayInTheirColumn() {
        CostTable table = new CostTable(COLUMNS);
        put(table, CostTable.PLATFORM, "us/op", 100, 101, 102);
        put(table, CostTable.COMPLETABLE_FUTURE_JOIN, "ns/op", 0.6, 0.6, 0.6);

        List<String> lines = print(table).lines().toList();
        String platform = lineOf(lines, "platform start+join (us/op)");
        String join = lineOf(lines, "completed CompletableFuture.join (ns/op)");

        assertEquals(platform.indexOf("100.0"), join.indexOf("0.600"), String.join("\n", lines));
    }

    private static void put(CostTable table, String row, String unit, double none, double empty, double agent) {
        table.put(row, AgentConfig.NO_AGENT, new Measurement(none, 1, unit));
        table.put(row, AgentConfig.EMPTY_AGENT, new Measurement(empty, 1, unit));
        table.put(row, AgentConfig.THREADLEAK, new Measurement(agent, 1, unit));
    }

    private static String print(CostTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String lineOf(String printed, String start) {
        return printed.lines().filter(line -> line.startsWith(start)).findFirst().orElse("").strip();
    }

    private static String lineOf(List<String> lines, String start) {
        return lines.stream().filter(line -> line.startsWith(start)).findFirst().orElse("");
    }

    /** The ratio printed on a comparison's line, without its error. */
    private static String measured(String printed, String comparison) {
        return lineOf(printed, comparison).substring(comparison.length()).strip().split(" ")[0];
    }
}
