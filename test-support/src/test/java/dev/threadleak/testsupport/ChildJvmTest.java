package dev.threadleak.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.testsupport.programs.AwaitsSignal;
import dev.threadleak.testsupport.programs.Echo;
import dev.threadleak.testsupport.programs.Forever;
import dev.threadleak.testsupport.programs.ForeverWithAChild;
import dev.threadleak.testsupport.programs.Lines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The harness on small programs: what it captures, how it waits, and that no child outlives it. */
class ChildJvmTest {

    private static final String LATE_ATTACH_FLAG = "-XX:+EnableDynamicAgentLoading";

    @TempDir
    Path dir;

    @Test
    void runCapturesTheExitCodeAndBothStreamsInFilesNamedAfterTheProgram() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().run(dir, Echo.class, "3", "hello", "world");

        assertEquals(3, run.exitCode(), run.toString());
        assertEquals("hello world\n", run.stdout(), run.toString());
        assertEquals("to stderr\n", run.stderr(), run.toString());
        assertEquals(2, run.outputFiles().size());
        for (Path file : run.outputFiles()) {
            assertEquals(dir, file.getParent());
            assertTrue(file.getFileName().toString().startsWith("Echo-"), file.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "nothing else is written beside them");
        }
    }

    @Test
    void runEndsAChildThatOutlivesItsTimeAndFailsWithWhatItPrinted() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ChildJvm.onThisJdk().timeout(Duration.ZERO).run(dir, Forever.class));

        assertTrue(failure.getMessage().startsWith("did not end within 0 s: "), failure.getMessage());
        assertTrue(failure.getMessage().contains(Forever.class.getName() + "\n--- stdout\n"), failure.getMessage());
    }

    @Test
    void awaitExitEndsAChildThatOutlivesTheLimit() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, Forever.class).awaitReady()) {
            assertThrows(AssertionFailedError.class, () -> child.awaitExit(Duration.ofMillis(1)));

            assertFalse(alive(child.pid()), "ended before the test failed");
        }
    }

    @Test
    void closeEndsTheChildAndWhatItStarted() throws Exception {
        long pid;
        long grandchild;
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, ForeverWithAChild.class)) {
            grandchild = Long.parseLong(child.awaitLine(l -> l.startsWith("child ")).substring("child ".length()));
            child.awaitReady();
            pid = child.pid();
            assertTrue(alive(grandchild));
        }
        assertFalse(alive(pid));
        assertFalse(alive(grandchild));
    }

    @Test
    void awaitLineGoesOnWhereItStoppedAndSaysNullWhenTheChildEndsWithoutTheLine() throws Exception {
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, Lines.class, "a1", "b", "a2")) {
            assertEquals("a1", child.awaitLine(l -> l.startsWith("a")));
            assertEquals("a2", child.awaitLine(l -> l.startsWith("a")));
            assertNull(child.awaitLine(l -> l.startsWith("a")));
        }
    }

    @Test
    void aChildThatEndsWithoutSayingReadyFailsTheTestWithWhatItPrinted() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ChildJvm.onThisJdk().start(dir, Lines.class, "not yet").awaitReady());

        assertTrue(failure.getMessage().startsWith("the child never said ready: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("--- stdout\nnot yet\n--- stderr\n"), failure.getMessage());
    }

    @Test
    void programsReachThisModuleAndIoOnTheChildsClassPath() throws Exception {
        Path go = dir.resolve("go");
        try (ChildProcess child = ChildJvm.onThisJdk().start(dir, AwaitsSignal.class, go.toString()).awaitReady()) {
            Files.createFile(go);

            assertEquals("signalled", child.awaitLine(l -> l.contains("signal")), child.stderr());
        }
    }

    @Test
    void aJvmWithoutAnAgentIsReadyForALateAttachUnlessAskedNotToBe() throws Exception {
        boolean flagExists = Runtime.version().feature() >= 21;
        // another path to this JDK: its version is read from its release file
        Path home = Path.of(System.getProperty("java.home")).resolve(".");

        assertEquals(flagExists, ChildJvm.onJdk(home).run(dir, Lines.class).command().contains(LATE_ATTACH_FLAG));
        assertFalse(ChildJvm.onJdk(home).withoutLateAttachFlag().run(dir, Lines.class).command()
                .contains(LATE_ATTACH_FLAG));
    }

    @Test
    void optionsComeInTheOrderGivenBeforeTheClassPath() throws Exception {
        ChildRun run = ChildJvm.onThisJdk().withoutLateAttachFlag().jvmArg("-Da=1").jvmArg("-Db=2")
                .run(dir, Lines.class, "x");

        List<String> command = run.command();
        assertEquals(List.of("-Da=1", "-Db=2", "-cp"), command.subList(1, 4), command.toString());
        assertEquals(List.of(Lines.class.getName(), "x"), command.subList(5, 7), command.toString());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
