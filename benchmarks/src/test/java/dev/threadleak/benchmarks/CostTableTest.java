package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostTableTest {

    private static final List<String> COLUMNS = List.of(NO_AGENT, EMPTY_AGENT, THREADLEAK);

    @Test
    void anIntervalBelowTheLimitIsOkAboveItAMissAndAcrossItWithinNoise() {
        CostTable table = new CostTable(COLUMNS, CostParts.ALL);
        // platform: 1.02 every round: ok
        put(table, JmhPart.PLATFORM_ROW, List.of(100.0, 120.0, 90.0), List.of(102.0, 122.4, 91.8));
        // executor batched: 2.0 every round: MISS
        put(table, JmhPart.EXECUTOR_BATCH, List.of(100.0, 110.0, 90.0), List.of(200.0, 220.0, 180.0));
        // put+take: 1.00, 1.10, 1.05 around a target of 1.05: within noise
        put(table, JmhPart.ARRAY_PUT_TAKE, List.of(10.0, 10.0, 10.0), List.of(10.0, 11.0, 10.5));

        String printed = print(table);

        assertTrue(lineOf(printed, "platform start+join: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "platform start+join: threadleak / no agent").contains("1.020 [1.020, 1.020]"), printed);
        assertTrue(lineOf(printed, "executor submit+run, batched: threadleak / no agent").endsWith("MISS"), printed);
        assertTrue(lineOf(printed, "ArrayBlockingQueue put+take: threadleak / no agent").endsWith("within noise"),
                printed);
        assertTrue(lineOf(printed, "platform start+join: threadleak / empty agent").endsWith("(context)"), printed);
    }

    @Test
    void oneRoundGivesAVerdictThatSaysItHasNoInterval() {
        CostTable table = new CostTable(COLUMNS, CostParts.ALL);
        put(table, JmhPart.PLATFORM_ROW, List.of(100.0), List.of(104.0));

        assertTrue(lineOf(print(table), "platform start+join: threadleak / no agent").endsWith("ok (1 round, no interval)"));
    }

    @Test
    void differencesAndValuesAreJudgedInTheirUnits() {
        CostTable table = new CostTable(COLUMNS, CostParts.ALL);
        table.put(StartupPart.TO_END_OF_MAIN, NO_AGENT, Measurement.medianOfRounds(List.of(300.0, 310.0, 305.0), "ms"));
        table.put(StartupPart.TO_END_OF_MAIN, THREADLEAK, Measurement.medianOfRounds(List.of(500.0, 510.0, 505.0), "ms"));
        table.put(DumpPart.FIRST, THREADLEAK, Measurement.ofRounds(List.of(0.70, 0.72, 0.71), "s"));
        table.put(DumpPart.JCMD_FIRST, THREADLEAK, Measurement.ofRounds(List.of(1.4, 1.44, 1.42), "s"));

        String printed = print(table);

        String startup = lineOf(printed, "start-up to end of main: threadleak - no agent");
        assertTrue(startup.contains("+200 ms") && startup.endsWith("MISS"), printed);
        assertTrue(lineOf(printed, DumpPart.FIRST + ": threadleak").endsWith("ok"), printed);
        assertTrue(lineOf(printed, DumpPart.FIRST + " / " + DumpPart.JCMD_FIRST).contains("0.500"), printed);
        assertTrue(lineOf(printed, DumpPart.FIRST + " / " + DumpPart.JCMD_FIRST).endsWith("ok"), printed);
    }

    @Test
    void saysWhatWasSkippedAndWhichTargetsWentUnmeasured() {
        CostTable table = new CostTable(COLUMNS, CostParts.ALL);
        put(table, JmhPart.PLATFORM_ROW, List.of(100.0), List.of(101.0));
        table.skip(JmhPart.VIRTUAL_ROW, "JDK 17 has no virtual threads");

        String printed = print(table);

        assertTrue(printed.contains("skipped: JDK 17 has no virtual threads"), printed);
        assertTrue(lineOf(printed, "virtual start+join: threadleak / empty agent").endsWith("not measured"), printed);
        assertFalse(printed.contains("ArrayBlockingQueue"), printed); // not asked for: not mentioned
    }

    @Test
    void refusesARowNoPartDeclares() {
        CostTable table = new CostTable(COLUMNS, List.of(JmhPart.PLATFORM));
        assertThrows(IllegalArgumentException.class,
                () -> table.put(JmhPart.VIRTUAL_ROW, THREADLEAK, Measurement.withoutError(1, "ns/op")));
    }

    @Test
    void longRowNamesStayInTheirColumn() {
        CostTable table = new CostTable(COLUMNS, CostParts.ALL);
        put(table, JmhPart.PLATFORM_ROW, List.of(100.0), List.of(102.0));
        put(table, JmhPart.COMPLETABLE_FUTURE_JOIN, List.of(0.6), List.of(0.6));

        List<String> lines = print(table).lines().toList();
        String platform = lineOf(lines, "platform start+join (us/op)");
        String join = lineOf(lines, "completed CompletableFuture.join (us/op)");

        assertEquals(platform.indexOf("100.0"), join.indexOf("0.600"), String.join("\n", lines));
    }

    private static void put(CostTable table, String row, List<Double> none, List<Double> agent) {
        table.put(row, NO_AGENT, Measurement.ofRounds(none, "us/op"));
        table.put(row, EMPTY_AGENT, Measurement.ofRounds(none, "us/op"));
        table.put(row, THREADLEAK, Measurement.ofRounds(agent, "us/op"));
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
}
