package dev.threadleak.agent.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the bound keeps out is counted, kind by kind, and said in words a user acts on. */
class RecordBoundTest {

    @Test
    void whatTheBoundKeepsOutIsCountedByKind() {
        RecordBound bound = new RecordBound(2);
        assertTrue(bound.admits(RecordBound.Kind.TASKS, 1));
        assertFalse(bound.admits(RecordBound.Kind.TASKS, 2));
        assertFalse(bound.admits(RecordBound.Kind.TASKS, 2));
        assertFalse(bound.admits(RecordBound.Kind.VIRTUAL_THREADS, 5));

        assertEquals(3, bound.droppedTotal());
        assertEquals(Map.of("virtualThreads", 1L, "tasks", 2L), bound.droppedByKind());
        assertEquals("max-records=2 was reached: 1 virtual thread, 2 tasks were not tracked and are missing from this"
                + " report; raise max-records to track them", bound.note());
    }

    @Test
    void nothingDroppedNothingSaid() {
        RecordBound bound = new RecordBound(10);
        assertTrue(bound.admits(RecordBound.Kind.THREADS, 9));
        assertEquals(0, bound.droppedTotal());
        assertEquals(Map.of(), bound.droppedByKind());
        assertNull(bound.note());
    }
}
