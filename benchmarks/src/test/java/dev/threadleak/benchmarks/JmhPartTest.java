package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.benchmarks.JmhPart.JmhRow;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;

/** The JMH parts against the benchmark classes, by reflection only: no JMH run. */
class JmhPartTest {

    private static final List<JmhPart> PARTS = List.of(JmhPart.PLATFORM, JmhPart.VIRTUAL, JmhPart.EXECUTOR,
            JmhPart.QUEUE);

    @Test
    void everyRowNamesABenchmark() {
        for (JmhPart part : PARTS) {
            for (JmhRow row : part.benchmarks()) {
                assertTrue(jmhNames(row.type()).contains(row.method()), row.benchmark());
            }
        }
    }

    @Test
    void everyBenchmarkOfTheirClassesHasExactlyOneRow() {
        List<JmhRow> all = PARTS.stream().flatMap(part -> part.benchmarks().stream()).toList();
        Set<String> listed = all.stream().map(JmhRow::benchmark).collect(Collectors.toSet());
        for (Class<?> type : all.stream().map(JmhRow::type).collect(Collectors.toSet())) {
            for (String name : jmhNames(type)) {
                assertTrue(listed.contains(type.getName() + "." + name), type.getName() + "." + name + " has no row");
            }
        }
        Set<String> rows = new HashSet<>();
        all.forEach(row -> assertTrue(rows.add(row.row()), "two benchmarks fill " + row.row()));
    }

    @Test
    void everyTargetIsOnARowOfItsOwnPart() {
        for (CostPart part : CostParts.ALL) {
            for (Target target : part.targets()) {
                assertTrue(part.rows().contains(target.row()), part.name() + ": " + target.describe());
                if (target.baseRow() != null) {
                    assertTrue(part.rows().contains(target.baseRow()), part.name() + ": " + target.describe());
                }
            }
        }
    }

    @Test
    void issueFourteensTargets() {
        assertEquals(1.05, limit(JmhPart.PLATFORM, JmhPart.PLATFORM_ROW, AgentConfig.NO_AGENT));
        assertEquals(1.10, limit(JmhPart.VIRTUAL, JmhPart.VIRTUAL_ROW, AgentConfig.EMPTY_AGENT));
        assertEquals(1.15, limit(JmhPart.EXECUTOR, JmhPart.EXECUTOR_BATCH, AgentConfig.NO_AGENT));
        assertEquals(1.05, limit(JmhPart.QUEUE, JmhPart.ARRAY_PUT_TAKE, AgentConfig.NO_AGENT));
    }

    private static double limit(JmhPart part, String row, String baseColumn) {
        return part.targets().stream()
                .filter(t -> t.row().equals(row) && t.baseColumn().equals(baseColumn) && t.hasLimit())
                .findFirst().orElseThrow().limit();
    }

    /** The names JMH runs a class's benchmarks under: its methods, or their group. */
    private static Set<String> jmhNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Benchmark.class))
                .map(JmhPartTest::jmhName)
                .collect(Collectors.toSet());
    }

    private static String jmhName(Method method) {
        Group group = method.getAnnotation(Group.class);
        return group == null ? method.getName() : group.value();
    }
}
