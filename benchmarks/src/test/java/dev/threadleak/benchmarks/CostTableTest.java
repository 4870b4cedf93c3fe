package dev.threadleak.benchmarks;

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

        assertTrue(printed.contains("platform start+join: threadleak / no agent              1.040"), printed);
        assertTrue(lineOf(printed, "platform start+join: threadleak / no agent").endsWith("ok"), printed);
        assertTrue(lineOf(printed, "virtual start+join: threadleak / empty agent").endsWith("MISS"), printed);
        assertTrue(lineOf(printed, "start-up to end of main: threadleak - no agent").contains("+240 ms"), printed);
        assertTrue(lineOf(printed, "start-up to end of main: threadleak - no agent").endsWith("ok"), printed);
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
}
