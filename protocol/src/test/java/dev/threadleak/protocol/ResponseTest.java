package dev.threadleak.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the server answers is what the client reads. */
class ResponseTest {

    @Test
    void anOkAnswerCarriesItsBodyUntouched() {
        Response report = Response.ok("{\n  \"schema\" : \"threadleak/1\"\n}");
        assertEquals("ok\n{\n  \"schema\" : \"threadleak/1\"\n}", report.format());
        assertEquals(report, Response.parse(report.format()));
    }

    @Test
    void anErrorIsOneLineAndReadBackWithoutItsNewline() {
        Response error = Response.error("the agent could not build the report: java.lang.OutOfMemoryError\n\tat x");
        assertEquals("error the agent could not build the report: java.lang.OutOfMemoryError \tat x\n", error.format());
        Response read = Response.parse(error.format());
        assertEquals(false, read.ok());
        assertEquals(error, read);
    }

    @Test
    void busyIsOneLineThatTheClientTellsFromAnError() {
        Response busy = Response.busy("the agent is serving 4 other requests\nnow");
        assertEquals("busy the agent is serving 4 other requests now\n", busy.format());
        Response read = Response.parse(busy.format());
        assertTrue(read.busy());
        assertFalse(read.ok());
        assertEquals(busy, read);
        assertFalse(Response.error("x").busy());
    }

    @Test
    void theHeapAnswerSaysHowLongTheDumpTook() {
        assertEquals("ok\ndumped 42 ms\n", Response.heapDumped(42).format());
        assertEquals(Response.heapDumped(42), Response.parse("ok\ndumped 42 ms\n"));
        assertEquals("ok\ndumped 42 ms by thread 17\n", Response.heapDumped(42, 17).format());
        assertEquals(17, Response.dumpingThread(Response.parse(Response.heapDumped(42, 17).format()).text()));
        assertEquals(-1, Response.dumpingThread("dumped 42 ms\n"), "an agent that does not say");
    }

    @Test
    void silenceOrGarbageIsNoAnswer() {
        assertNull(Response.parse(""));
        assertNull(Response.parse("HTTP/1.1 400 Bad Request\r\n"));
    }
}
