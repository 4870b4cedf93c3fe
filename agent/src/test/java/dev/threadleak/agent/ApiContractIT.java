package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.programs.ApiContractProgram;
import dev.threadleak.api.Agent;
import dev.threadleak.report.Death;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.Verdict;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API contract on the real agent: a child JVM with {@code -javaagent} whose program uses
 * every method of threadleak-api (see {@link ApiContractProgram}). The API's classes come from
 * the agent jar there, as they do for any application that does not bring threadleak-api itself.
 */
class ApiContractIT {

    @TempDir
    Path dir;

    @Test
    void everyMethodOfTheContractWorksOnTheInstalledAgent() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().agent("").run(dir, ApiContractProgram.class, dir.toString());
        assertEquals(0, run.exitCode(), run.stderr());

        assertEquals(Integer.toString(Agent.API_VERSION), Files.readString(dir.resolve("api-version.txt")));
        assertEquals(Set.of("THREAD in-window", "THREAD second-window", "EXECUTOR pool-worker",
                        "TASK pool-worker"), new HashSet<>(Files.readAllLines(dir.resolve("findings.txt"))),
                "the windows' own work; not what was older, what a runner thread started, or what came after "
                        + "the first window closed");
        List<String> excluded = Files.readAllLines(dir.resolve("excluded.txt"));
        assertEquals(1, excluded.size(), excluded.toString());
        assertTrue(excluded.get(0).matches("\"second-window\" #\\d+: benign by name"), excluded.get(0));

        LeakReport check = ChildJvm.report(dir.resolve("check.json"));
        assertEquals("test", check.scope().kind());
        assertEquals("contract", check.scope().name());
        assertEquals("agent", check.jvm().mode());
        assertEquals(Set.of(LeakKind.THREAD, LeakKind.EXECUTOR),
                check.leaks().stream().map(Leak::kind).collect(Collectors.toSet()),
                "the findings' task is told in its pool's leak: " + check.toText());
        Leak pool = check.leaks().stream().filter(l -> l.kind() == LeakKind.EXECUTOR).findFirst().orElseThrow();
        assertEquals("pool-worker", pool.executor().tasks().get(0).runningIn().name(), check.toText());
        Leak thread = check.leaks().stream().filter(l -> l.kind() == LeakKind.THREAD).findFirst().orElseThrow();
        assertEquals("in-window", thread.thread().name());
        // how long the check waited: its 100 ms grace period, or longer on a machine too loaded to look at once
        assertTrue(thread.reason().matches("still alive (100 ms|[\\d.]+ m?s) after the test ended"), thread.reason());
        assertEquals("main", thread.createdBy().name());
        assertEquals(List.of("dies"), check.deaths().stream().map(Death::thread).map(t -> t.name()).toList());
        assertTrue(check.notes().contains("a caller's note"), String.valueOf(check.notes()));

        LeakReport proven = ChildJvm.report(dir.resolve("proven.json"));
        assertEquals(1, proven.leakCount(), proven.toText());
        assertEquals(Verdict.BLOCKED_FOREVER, proven.leaks().get(0).verdict(), proven.toText());
        assertTrue(proven.notes().stream().anyMatch(n -> n.startsWith("heap proof took ")), String.valueOf(proven.notes()));
        String[] proofTime = Files.readString(dir.resolve("heap-proof-time.txt")).split(" ");
        assertEquals("0", proofTime[0], "no proof ran before");
        assertTrue(Long.parseLong(proofTime[1]) > 0, "the proof's time is counted: " + proofTime[1]);

        LeakReport live = ChildJvm.report(dir.resolve("live.json"));
        assertEquals("jvm", live.scope().kind());
        assertEquals("live", live.scope().name());

        LeakReport leakScope = ChildJvm.report(dir.resolve("leak-scope.json"));
        assertEquals("scope", leakScope.scope().kind());
        assertEquals("contract-leak-scope", leakScope.scope().name());
        assertEquals(List.of("leak-scope-thread"), leakScope.leaks().stream().map(l -> l.thread().name()).toList());
    }
}
