package dev.threadleak.agent.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadleak.report.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which two creation stacks read as a second start that replaced the first. */
class SecondStartsTest {

    private static final Frame START = new Frame("java.lang.Thread", "start", "Thread.java", 809);
    private static final Frame APPENDER = new Frame("com.acme.Appender", "start", "Appender.java", 42);

    private static List<Frame> from(Frame... below) {
        return List.of(START, APPENDER, below[0], below.length > 1 ? below[1] : below[0]);
    }

    @Test
    void twoLinesOfOneMethodThroughOneStartAreASecondStart() {
        assertEquals("\"appender-1\", left, and \"appender-2\", which has ended, were both started through "
                        + "com.acme.Appender.start(Appender.java:42), the first from "
                        + "com.acme.AppenderTest.restarts(AppenderTest.java:56), the second later from "
                        + "com.acme.AppenderTest.restarts(AppenderTest.java:57): if the second start was meant to "
                        + "replace the first, nothing stopped the first",
                SecondStarts.note("appender-1", from(new Frame("com.acme.AppenderTest", "restarts", "AppenderTest.java", 56)),
                        "appender-2", from(new Frame("com.acme.AppenderTest", "restarts", "AppenderTest.java", 57))));
    }

    @Test
    void oneLineOfALoopIsNone() {
        Frame loop = new Frame("com.acme.WorkersTest", "startsFive", "WorkersTest.java", 20);
        assertNull(SecondStarts.note("w-1", from(loop), "w-2", from(loop)));
    }

    /** Netty's client and server bootstraps start their event loops alike, deep inside it. */
    @Test
    void pathsThatPartInTwoMethodsAreNone() {
        assertNull(SecondStarts.note("server", from(new Frame("io.netty.bootstrap.AbstractBootstrap", "doBind", "A.java", 292)),
                "client", from(new Frame("io.netty.bootstrap.Bootstrap", "doResolveAndConnect", "B.java", 160))));
    }

    @Test
    void stacksThatShareOnlyTheJdksAreNone() {
        Frame a = new Frame("com.acme.A", "run", "A.java", 1);
        Frame b = new Frame("com.acme.A", "run", "A.java", 2);
        assertNull(SecondStarts.note("a", List.of(START, a), "b", List.of(START, b)));
    }
}
