package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreationSiteTest {

    private static Frame jdk(String method) {
        return new Frame("java.util.concurrent.ThreadPoolExecutor", method, "ThreadPoolExecutor.java", 1);
    }

    private static Frame app(String cls, int line) {
        return new Frame(cls, "run", cls + ".java", line);
    }

    @Test
    void aSiteEndsAtTheFirstFrameOutsideTheJdk() {
        CreationSite site = CreationSite.of(LeakKind.THREAD,
                List.of(jdk("addWorker"), jdk("execute"), app("com.acme.A", 3), app("com.acme.Main", 9)), null, false);
        assertEquals(3, site.frames().size());
        assertEquals("com.acme.A.run(com.acme.A.java:3) via java.util.concurrent.ThreadPoolExecutor.addWorker", site.where());
    }

    @Test
    void twoPoolsStartedFromTwoPlacesAreTwoSites() {
        CreationSite a = CreationSite.of(LeakKind.THREAD, List.of(jdk("addWorker"), app("com.acme.A", 3)), null, false);
        CreationSite b = CreationSite.of(LeakKind.THREAD, List.of(jdk("addWorker"), app("com.acme.B", 3)), null, false);
        assertNotEquals(a, b);
    }

    @Test
    void callersBelowTheSiteDoNotSplitIt() {
        CreationSite a = CreationSite.of(LeakKind.THREAD, List.of(app("com.acme.A", 3), app("com.acme.X", 1)), null, false);
        CreationSite b = CreationSite.of(LeakKind.THREAD, List.of(app("com.acme.A", 3), app("com.acme.Y", 2)), null, false);
        assertEquals(a, b);
    }

    @Test
    void withoutAStackTheCreatorIsTheSite() {
        CreationSite site = CreationSite.of(LeakKind.VIRTUAL_THREAD, List.of(), new ThreadRef(1, "main"), false);
        assertEquals("(creation stack not sampled) started by \"main\" #1", site.where());
        assertEquals("virtual thread", site.kindName());
    }

    @Test
    void threadsThatPredateTheAgentAreOneSitePerKind() {
        CreationSite a = CreationSite.of(LeakKind.THREAD, List.of(), null, true);
        CreationSite b = CreationSite.of(LeakKind.THREAD, List.of(app("com.acme.A", 3)), new ThreadRef(1, "main"), true);
        assertEquals(a, b);
        assertEquals("(started before the agent: creation site unknown)", a.where());
    }

    @Test
    void aStackDeepInTheJdkIsCut() {
        List<Frame> deep = List.of(jdk("a"), jdk("b"), jdk("c"), jdk("d"), jdk("e"), jdk("f"), jdk("g"), jdk("h"), jdk("i"));
        assertEquals(CreationSite.MAX_FRAMES, CreationSite.of(LeakKind.THREAD, deep, null, false).frames().size());
    }
}
