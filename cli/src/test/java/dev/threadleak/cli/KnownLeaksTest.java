package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.Baseline;
import dev.threadleak.report.Frame;
import dev.threadleak.report.JvmInfo;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.ThreadInfo;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baseline rule: kind and creation site (class and method), counting members; what grew is new. */
class KnownLeaksTest {

    private static long ids = 100;

    private static List<Frame> site(String type, String method, int line) {
        return List.of(new Frame("java.util.concurrent.ThreadPoolExecutor", "addWorker", "ThreadPoolExecutor.java", 945),
                new Frame(type, method, type + ".java", line), new Frame("com.acme.Main", "main", "Main.java", line + 1));
    }

    private static Leak leak(LeakKind kind, Verdict verdict, List<Frame> site) {
        long id = ids++;
        return Leak.builder(kind, verdict).thread(new ThreadInfo(id, "t" + id, false, true, "WAITING")).createdAt(site)
                .createdBy(new ThreadRef(1, "main")).build();
    }

    private static LeakReport report(Leak... leaks) {
        return LeakReport.of(new JvmInfo(1, "17", JvmInfo.AGENT), new ScopeInfo("jvm", "live"), List.of(leaks), null,
                null, null);
    }

    private static Leak[] times(int n, LeakKind kind, List<Frame> site) {
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaks.add(leak(kind, Verdict.SUSPECT, site));
        }
        return leaks.toArray(Leak[]::new);
    }

    @Test
    void theSameLeaksAreKnownEvenWhenTheFileWasEditedAndTheVerdictChanged() {
        KnownLeaks known = KnownLeaks.of(Path.of("known.json"), report(times(3, LeakKind.THREAD, site("com.acme.Pool", "start", 17))));
        Leak moved = leak(LeakKind.THREAD, Verdict.LEAKED, site("com.acme.Pool", "start", 40));
        KnownLeaks.Comparison same = known.compare(report(moved, moved, moved));
        assertEquals(new Baseline("known.json", 3, 3, 0, List.of()), same.baseline());
        assertEquals(List.of(), same.atGrownSites());
    }

    @Test
    void membersAreCountedAndOnlyWhatGrewIsNew() {
        KnownLeaks known = KnownLeaks.of(Path.of("known.json"), report(times(5, LeakKind.THREAD, site("com.acme.Pool", "start", 17))));
        List<Leak> now = new ArrayList<>(List.of(times(7, LeakKind.THREAD, site("com.acme.Pool", "start", 17))));
        now.add(leak(LeakKind.TASK, Verdict.LEAKED, site("com.acme.Search", "submit", 9)));
        now.add(leak(LeakKind.THREAD, Verdict.LEAKED, site("com.acme.Pool", "stop", 30)));
        LeakReport live = report(now.toArray(Leak[]::new));
        assertEquals(3, live.leaks().size(), "the live report groups the 7");

        Baseline baseline = known.compare(live).baseline();
        assertEquals(5, baseline.known());
        assertEquals(9, baseline.now());
        assertEquals(4, baseline.beyond(), "2 more at start, a task and a thread at new sites");
        assertEquals(3, baseline.grown().size());
        Baseline.Site first = baseline.grown().get(0);
        assertEquals(LeakKind.THREAD, first.kind());
        assertEquals(5, first.known());
        assertEquals(7, first.now());
        assertEquals("com.acme.Pool.start", first.createdAt().get(first.createdAt().size() - 1).qualifiedMethod(),
                "the site is cut at the first frame outside the JDK");
        assertEquals(9, known.compare(live).atGrownSites().stream().mapToInt(Leak::count).sum());
    }

    @Test
    void aThreadIsNotATaskAndFewerIsFine() {
        KnownLeaks known = KnownLeaks.of(Path.of("k.json"), report(times(4, LeakKind.TASK, site("com.acme.Pool", "start", 1))));
        assertEquals(1, known.compare(report(leak(LeakKind.THREAD, Verdict.LEAKED, site("com.acme.Pool", "start", 1))))
                .baseline().beyond());
        Baseline fewer = known.compare(report(times(2, LeakKind.TASK, site("com.acme.Pool", "start", 1)))).baseline();
        assertEquals(0, fewer.beyond());
        assertTrue(fewer.grown().isEmpty());
    }
}
