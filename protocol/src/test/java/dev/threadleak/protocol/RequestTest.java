package dev.threadleak.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the client sends is what the server reads, and what the server refuses it refuses in one line. */
class RequestTest {

    @Test
    void everyRequestTheClientBuildsIsReadBackAsItself() {
        List<Request> requests = List.of(new Request.Report(null, false), new Request.Report(0L, false),
                new Request.Report(30_000L, true), new Request.Report(null, true), new Request.Report(0L, false, true),
                new Request.Report(7L, true, true), new Request.Sites(),
                new Request.Heap(Path.of("/tmp/threadleak-proof-1/heap.hprof")),
                new Request.Heap(Path.of("/tmp/a dir/heap.hprof")));
        for (Request request : requests) {
            assertEquals(request, Request.parse(request.line()), request.line());
        }
    }

    @Test
    void theLinesAreTheDocumentedOnes() {
        assertEquals("threadleak/1 report", new Request.Report(null, false).line());
        assertEquals("threadleak/1 report min-age=500 sites", new Request.Report(500L, true).line());
        assertEquals("threadleak/1 report min-age=0 each", new Request.Report(0L, false, true).line());
        assertEquals("threadleak/1 sites", new Request.Sites().line());
        assertEquals("threadleak/1 heap /tmp/a dir/heap.hprof", new Request.Heap(Path.of("/tmp/a dir/heap.hprof")).line());
    }

    @Test
    void theServerReadsWordsInAnyOrderAndExtraBlanks() {
        assertEquals(new Request.Report(5L, true), Request.parse("  threadleak/1  report sites  min-age=5 "));
        assertEquals(new Request.Heap(Path.of("/tmp/x/heap.hprof")), Request.parse("threadleak/1 heap /tmp/x/../x/heap.hprof"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "threadleak/2 report|this agent speaks threadleak/1, not 'threadleak/2': use the threadleak CLI of the agent's version",
        "threadleak/1|expected 'report', 'sites' or 'heap' after threadleak/1",
        "threadleak/1 hoop /tmp/heap.hprof|expected 'report', 'sites' or 'heap' after threadleak/1",
        "threadleak/1 report min-age=-1|min-age must be milliseconds >= 0, was '-1'",
        "threadleak/1 report min-age=soon|min-age must be milliseconds >= 0, was 'soon'",
        "threadleak/1 report verbose|unknown word 'verbose' in a report request",
        "threadleak/1 sites min-age=5|unknown word 'min-age=5' in a sites request",
        "threadleak/1 heap|a heap request needs the file to write: 'threadleak/1 heap /abs/dir/heap.hprof'",
        "threadleak/1 heap heap.hprof|the heap file must be an absolute path, was 'heap.hprof'",
        "threadleak/1 heap /tmp/heap.bin|the heap file must end in .hprof, was '/tmp/heap.bin'"})
    void whatTheServerRefusesItSaysInOneLine(String lineAndMessage) {
        String[] parts = lineAndMessage.split("\\|");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Request.parse(parts[0]));
        assertEquals(parts[1], e.getMessage());
    }

    @Test
    void aRequestThatBreaksTheRulesCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new Request.Report(-1L, false));
        assertThrows(IllegalArgumentException.class, () -> new Request.Heap(Path.of("relative.hprof")));
        assertThrows(IllegalArgumentException.class, () -> new Request.Heap(Path.of("/tmp/heap.bin")));
    }

    @Test
    void theLongestLegalHeapRequestFitsTheServersLimit() {
        Path deep = Path.of("/" + "d".repeat(200), "e".repeat(200), "heap.hprof");
        assertTrue(new Request.Heap(deep).line().length() + 1 < Request.MAX_BYTES);
    }
}
