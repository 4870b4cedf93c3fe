package dev.threadleak.agent.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.AgentOptions.CreationStacks;
import dev.threadleak.report.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A creation stack cut at {@code stack-depth} says so; one that fits, however closely, does not. */
class CreationSitesTest {

    private final CreationSites sites = new CreationSites(CreationStacks.ALL, 3);

    /** A trace of {@code frames} frames of application code, as the JVM would have filled it in. */
    private static Throwable trace(int frames) {
        StackTraceElement[] elements = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            elements[i] = new StackTraceElement("com.acme.Layer" + i, "call", "Layer" + i + ".java", i + 1);
        }
        Throwable trace = new Throwable();
        trace.setStackTrace(elements);
        return trace;
    }

    @Test
    void aStackOfExactlyTheDepthIsWhole() {
        List<Frame> frames = sites.resolve(trace(3));

        assertEquals(3, frames.size());
        assertFalse(CreationSites.isCut(frames));
    }

    @Test
    void aStackOneFrameDeeperThanTheDepthIsCut() {
        List<Frame> frames = sites.resolve(trace(4));

        assertEquals(3, frames.size());
        assertEquals("com.acme.Layer2", frames.get(2).className());
        assertTrue(CreationSites.isCut(frames));
    }

    @Test
    void aCutStackAndAWholeOneOfTheSameFramesAreNeverSharedAcross() {
        Throwable deeper = trace(4);
        StackTraceElement[] sameTop = new StackTraceElement[3];
        System.arraycopy(deeper.getStackTrace(), 0, sameTop, 0, 3);
        Throwable whole = new Throwable();
        whole.setStackTrace(sameTop);

        assertTrue(CreationSites.isCut(sites.resolve(deeper)));
        assertFalse(CreationSites.isCut(sites.resolve(whole)), "equal frames, but this one is whole");
        assertTrue(CreationSites.isCut(sites.resolve(deeper)), "and the cut one stays cut");
    }
}
