package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParkedThreadsTest {

    @Test
    void aHistogramsLiveBytesLeaveTheGcsFillersAndTheParkedStacksOut() {
        String histogram = String.join("\n",
                "12345:",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------",
                "   1:         10000        1000000  [B (java.base@25)",
                "   2:           211         267128  [Ljdk.internal.vm.FillerElement; (java.base@25)",
                "   3:           100           3200  dev.threadleak.agent.threads.ThreadRecord",
                "   4:           100         120000  jdk.internal.vm.StackChunk (java.base@25)",
                "Total         10411        1390328");

        assertEquals(1_003_200, ParkedThreads.totalOf(histogram));
    }

    @Test
    void somethingThatIsNoHistogramIsAnError() {
        assertThrows(IllegalStateException.class, () -> ParkedThreads.totalOf("Permission denied"));
    }
}
