package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which parts a run skips, and why: the run's call, from what each part says it needs. */
class CostRunTest {

    @Test
    void aPartThatNeedsTheCliIsSkippedWithoutOneAndSaysHowToBuildIt() {
        CostRun withoutCli = run(Optional.empty());
        String why = withoutCli.whyNot(new StubPart(CostPart.Need.CLI_JAR)).orElseThrow();
        assertTrue(why.contains("no CLI jar") && why.contains("mvn -B -DskipTests package"), why);
        assertEquals(Optional.empty(), run(Optional.of(Path.of("cli.jar"))).whyNot(new StubPart(CostPart.Need.CLI_JAR)));
        assertEquals(Optional.empty(), withoutCli.whyNot(new StubPart()));
    }

    @Test
    void aPartThatNeedsVirtualThreadsIsSkippedOnlyWhereThereAreNone() {
        Optional<String> why = run(Optional.empty()).whyNot(new StubPart(CostPart.Need.VIRTUAL_THREADS));
        assertEquals(!VirtualThreads.available(), why.isPresent());
        why.ifPresent(text -> assertEquals("JDK " + CostRun.feature() + " has no virtual threads", text));
    }

    private static CostRun run(Optional<Path> cliJar) {
        return CostRun.startingNow(RunSettings.parse(new String[0]), List.of(), cliJar, null,
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private record StubPart(CostPart.Need... needed) implements CostPart {

        @Override
        public String name() {
            return "stub";
        }

        @Override
        public List<String> rows() {
            return List.of();
        }

        @Override
        public List<Target> targets() {
            return List.of();
        }

        @Override
        public Set<Need> needs() {
            return Set.of(needed);
        }

        @Override
        public void measure(CostRun run, CostTable table) {
        }
    }
}
