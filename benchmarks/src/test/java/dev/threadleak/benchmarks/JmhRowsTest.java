package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.benchmarks.JmhRows.JmhRow;
import dev.threadleak.benchmarks.RunSettings.Part;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;

/** The catalog against the benchmark classes, by reflection only: no JMH run. */
class JmhRowsTest {

    @Test
    void everyRowNamesABenchmarkAndATableRow() {
        for (JmhRow row : JmhRows.ALL) {
            assertTrue(jmhNames(row.type()).contains(row.method()), row.benchmark());
            assertTrue(CostTable.ROWS.contains(row.row()), row.row());
        }
    }

    @Test
    void everyBenchmarkOfTheCatalogsClassesHasItsOwnRow() {
        Set<Class<?>> types = JmhRows.ALL.stream().map(JmhRow::type).collect(Collectors.toSet());
        Set<String> listed = JmhRows.ALL.stream().map(JmhRow::benchmark).collect(Collectors.toSet());
        Set<String> rows = new HashSet<>();
        for (Class<?> type : types) {
            for (String name : jmhNames(type)) {
                assertTrue(listed.contains(type.getName() + "." + name), type.getName() + "." + name + " has no row");
            }
        }
        JmhRows.ALL.forEach(row -> assertTrue(rows.add(row.row()), "two benchmarks fill " + row.row()));
    }

    @Test
    void everyJmhPartHasBenchmarksAndStartupTheProofsAndTelemetryHaveNone() {
        for (Part part : Part.values()) {
            assertEquals(part == Part.STARTUP || part == Part.PROOF || part == Part.HEAP || part == Part.TELEMETRY,
                    JmhRows.of(part).isEmpty(),
                    part.name());
        }
        assertEquals(List.of(CostTable.EXECUTOR_BATCH, CostTable.EXECUTOR_SUBMIT_GET),
                JmhRows.of(Part.EXECUTOR).stream().map(JmhRow::row).toList());
        assertFalse(JmhRows.of(Part.QUEUE).isEmpty());
    }

    /** The names JMH runs a class's benchmarks under: its methods, or their group. */
    private static Set<String> jmhNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Benchmark.class))
                .map(JmhRowsTest::jmhName)
                .collect(Collectors.toSet());
    }

    private static String jmhName(Method method) {
        Group group = method.getAnnotation(Group.class);
        return group == null ? method.getName() : group.value();
    }
}
