package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostPartsTest {

    @Test
    void childJvmPartsRunBeforeTheJmhPartsAndEachGroupKeepsItsPrintOrder() {
        List<String> run = CostParts.inRunOrder(CostParts.ALL).stream().map(CostPart::name).toList();

        assertEquals(List.of("startup", "memory", "dump", "junit", "churn", "proof", "heap", "telemetry",
                "platform", "virtual", "executor", "queue"), run);
    }

    @Test
    void aSelectionRunsInTheSameOrder() {
        List<CostPart> asked = List.of(JmhPart.QUEUE, new StartupPart(), JmhPart.PLATFORM, new ChurnPart());

        List<String> run = CostParts.inRunOrder(asked).stream().map(CostPart::name).toList();

        assertEquals(List.of("startup", "churn", "queue", "platform"), run);
    }
}
