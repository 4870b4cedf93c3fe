package dev.threadleak.agent.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TaskKindsTest {

    private final TaskKinds kinds = new TaskKinds();

    @Test
    void eachKindIsCountedFromItsFirstInEachScopeAndLeftOutPastItsRecords() {
        for (int place = 1; place <= TaskKinds.RECORDS; place++) {
            assertEquals(place, kinds.next("com.acme.Event", 1, true));
        }
        assertEquals(TaskKinds.LEFT_OUT, kinds.next("com.acme.Event", 1, true));
        assertEquals(TaskKinds.RECORDS + 1, kinds.next("com.acme.Event", 1, false), "one that may not be left out");
        assertEquals(TaskKinds.LEFT_OUT, kinds.next("com.acme.Event", 1, true));
        assertEquals(1, kinds.next("com.acme.Other", 1, true), "another kind counts on its own");
        assertFalse(kinds.leftOutIfPast("com.acme.Other", 1), "not past: nothing counted");
        assertEquals(2, kinds.next("com.acme.Other", 1, true));
        assertEquals("2 tasks submitted since the last scope began have no record, past the first 10000 of their kind"
                + " (2 of com.acme.Event): one of them left unfinished is missing from this report unless its pool is"
                + " in it (counted JVM-wide: tests run alongside count too); tasks=all records every task",
                kinds.leftOutNote(1));

        assertEquals(1, kinds.next("com.acme.Event", 2, true), "a new scope starts again");
        assertNull(kinds.leftOutNote(2), "what the last scope left out is not this one's");
    }
}
