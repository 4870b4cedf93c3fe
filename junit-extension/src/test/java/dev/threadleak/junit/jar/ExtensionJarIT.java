package dev.threadleak.junit.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.testsupport.BuildOutput;
import dev.threadleak.testsupport.ChildJvm;
import dev.threadleak.testsupport.ChildRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The extension's jar as a project gets it: our modules and a relocated Jackson inside, so that it
 * works whatever Jackson the project has, none included (a Spring Boot 4 project has Jackson 3).
 */
class ExtensionJarIT {

    private static final String JUNIT_JAR = "threadleak.junit.jar";

    @TempDir
    Path dir;

    /** What Maven gives a project that adds the extension: JUnit's API, provided, and nothing at run time. */
    @Test
    void itsPomBringsNeitherJacksonNorOurOtherModules() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(BuildOutput.file("threadleak.junit.pom").toFile()).getDocumentElement();
        List<String> runtime = new ArrayList<>();
        List<String> provided = new ArrayList<>();
        for (Element dependencies : children(project, "dependencies")) {
            for (Element dependency : children(dependencies, "dependency")) {
                String scope = text(dependency, "scope");
                String name = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
                if ("provided".equals(scope)) {
                    provided.add(name);
                } else if (!"test".equals(scope)) {
                    runtime.add(name);
                }
            }
        }

        // Byte Buddy's attach is inside, relocated: on the class path it let Mockito attach its agent (jdbi's trial)
        assertEquals(List.of(), runtime);
        // the project's JUnit runs us: ours at compile scope beat a JUnit 6 listed after it (Spring Batch's trial)
        assertEquals(List.of("org.junit.jupiter:junit-jupiter-api", "org.junit.platform:junit-platform-launcher"),
                provided);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    @Test
    void everyClassInItIsOurs() throws Exception {
        try (JarFile jar = new JarFile(BuildOutput.file(JUNIT_JAR).toFile())) {
            List<String> outside = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("dev/threadleak/")).toList();
            assertEquals(List.of(), outside, "no class of another project's name, Jackson's least of all");
            assertNotNull(jar.getEntry("dev/threadleak/shaded/jackson/core/JsonGenerator.class"), "Jackson, relocated");
            assertNotNull(jar.getEntry("dev/threadleak/report/LeakReport.class"), "the report model, inside");
            assertNotNull(jar.getEntry("dev/threadleak/shaded/bytebuddy/agent/ByteBuddyAgent.class"),
                    "Byte Buddy's attach, relocated");
            JarEntry services = jar.getJarEntry("META-INF/services/org.junit.jupiter.api.extension.Extension");
            assertNotNull(services, "what JUnit's auto-detection reads");
            assertEquals("dev.threadleak.junit.ThreadLeakExtension",
                    new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    /** Only the jar and JUnit on the class path, as a project on Jackson 3 would have. */
    @Test
    void aProjectWithoutJacksonGetsItsLeakReported() throws Exception {
        List<String> classPath = classPath("(junit-|opentest4j|apiguardian).*\\.jar");
        assertFalse(classPath.stream().anyMatch(e -> e.contains("jackson")), classPath.toString());
        Path reports = dir.resolve("reports");

        ChildRun run = runLeavesAThread(classPath, reports);

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stdout().startsWith("dev.threadleak.junit.ThreadLeakError: 1 leak from test "
                + "`LeavesAThreadTestCase.leavesAThread()`"), run.toString());
        assertTrue(run.stdout().contains("THREAD LEAKED: \"left-parked\""), run.toString());
        assertFalse(run.stderr().contains("NoClassDefFoundError"), run.stderr());
        assertFalse(run.stderr().contains("CloseableResource but not AutoCloseable"), "JUnit 5.13+ warns of it: " + run.stderr());
        try (Stream<Path> files = Files.list(reports)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".json")), "the JSON report, written by the relocated Jackson");
        }
    }

    /**
     * No {@code -javaagent}, and no Byte Buddy on the class path (jdbi's tests exclude it from
     * Mockito): the extension attaches the agent built into its jar through its relocated copy of
     * Byte Buddy's attach, by a helper JVM (the child may not attach to itself), and reports.
     */
    @Test
    void aProjectWithoutTheAgentOrByteBuddyGetsTheAgentAttached() throws Exception {
        List<String> classPath = classPath("(junit-|opentest4j|apiguardian).*\\.jar");
        assertFalse(classPath.stream().anyMatch(e -> e.contains("byte-buddy")), classPath.toString());

        ChildRun run = ChildJvm.onThisJdk().classPath(classPath)
                .run(dir, RunOneTestClass.class, LeavesAThreadTestCase.class.getName(), dir.resolve("reports").toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("THREAD LEAKED: \"left-parked\""), run.toString());
        assertTrue(run.stdout().contains("created by"), "with the lineage only the agent has: " + run);
        assertFalse(run.stderr().contains("NoClassDefFoundError"), run.stderr());
    }

    /**
     * Apache Curator's tests pin JUnit 5.6.2: an extension class that named a callback JUnit added
     * in 5.9 failed to load there, and JUnit failed every test of the run with a NoClassDefFoundError.
     */
    @Test
    void aProjectOnJUnit56GetsItsLeakReported() throws Exception {
        List<String> classPath = classPath("(?!)"); // the jar and the test classes only
        String oldest = System.getProperty("threadleak.junit.oldest");
        assertNotNull(oldest, "set by the failsafe configuration, which copies JUnit 5.6.2 there");
        try (Stream<Path> jars = Files.list(Path.of(oldest))) {
            jars.map(Path::toString).sorted().forEach(classPath::add);
        }
        assertTrue(classPath.stream().anyMatch(e -> e.endsWith("junit-jupiter-engine-5.6.2.jar")), classPath.toString());

        ChildRun run = runLeavesAThread(classPath, dir.resolve("reports"));

        assertFalse(run.stderr().contains("NoClassDefFoundError"), run.stderr());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stdout().startsWith("dev.threadleak.junit.ThreadLeakError: 1 leak from test "
                + "`LeavesAThreadTestCase.leavesAThread()`"), run.toString());
        assertTrue(run.stdout().contains("THREAD LEAKED: \"left-parked\""), run.toString());
    }

    /**
     * Surefire's JUnit 4 provider runs no JUnit Platform: the extension never loads, and a suite run
     * with the agent on printed not one line (awaitility's trial). The agent says at the exit that
     * nothing was checked, and what reports instead; with that, the leak is reported.
     */
    @Test
    void aSuiteOfJUnit4TestsIsToldThatNoneWasCheckedAndWhatReports() throws Exception {
        List<String> classPath = junit4();
        classPath.add(BuildOutput.file(JUNIT_JAR).toString()); // on the class path, as the README sets it up
        classPath.add(junit4Test(classPath).toString());

        ChildRun unchecked = ChildJvm.onThisJdk().agent(BuildOutput.agentJar()).classPath(classPath)
                .run(dir, "org.junit.runner.JUnitCore", "demo.LeavesAThreadTest");
        ChildRun onExit = ChildJvm.onThisJdk().agent(BuildOutput.agentJar(), "on-exit=true").classPath(classPath)
                .run(dir, "org.junit.runner.JUnitCore", "demo.LeavesAThreadTest");

        assertEquals(0, unchecked.exitCode(), unchecked.toString());
        assertTrue(unchecked.stdout().contains("OK (1 test)"), "the test ran: " + unchecked);
        assertTrue(unchecked.stderr().contains("threadleak: JUnit 4 ran tests in this JVM and none was checked for "
                + "leaks: the extension checks JUnit Jupiter tests only. For one report of what is still running when "
                + "the JVM exits, add on-exit=true to the agent's options"), unchecked.toString());
        assertTrue(onExit.stderr().contains("THREAD LEAKED: \"left-by-junit4\""), onExit.toString());
        assertFalse(onExit.stderr().contains("none was checked"), onExit.toString());
    }

    /**
     * A verdict per JUnit 4 test, as the README shows it: a rule over the API's {@code LeakScope},
     * compiled against the classes the agent jar carries. The test that leaves a thread fails with
     * the report; the clean one passes.
     */
    @Test
    void aJUnit4RuleOverALeakScopeFailsTheTestThatLeaks() throws Exception {
        List<String> classPath = junit4();
        classPath.add(BuildOutput.agentJar().toString()); // the API's classes, as the agent jar carries them
        Path classes = compile(classPath, "RuleTest", """
                package demo;
                import dev.threadleak.api.LeakScope;
                import dev.threadleak.report.LeakReport;
                import java.time.Duration;
                import org.junit.Rule;
                import org.junit.Test;
                import org.junit.rules.TestRule;
                import org.junit.runners.model.Statement;
                public class RuleTest {
                    @Rule
                    public TestRule noLeaks = (base, description) -> new Statement() {
                        @Override
                        public void evaluate() throws Throwable {
                            LeakScope scope = LeakScope.open(description.getDisplayName());
                            base.evaluate();
                            LeakReport report = scope.check(Duration.ofSeconds(2));
                            if (report.hasLeaks()) {
                                throw new AssertionError(report.toText());
                            }
                        }
                    };

                    @Test
                    public void leavesAThread() {
                        Thread t = new Thread(() -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                // asleep until the JVM ends
                            }
                        }, "left-by-rule");
                        t.setDaemon(true);
                        t.start();
                    }

                    @Test
                    public void joinsItsThread() throws InterruptedException {
                        Thread t = new Thread(() -> { }, "joined");
                        t.start();
                        t.join();
                    }
                }
                """);
        List<String> runPath = junit4();
        runPath.add(classes.toString()); // the agent jar is appended by -javaagent

        ChildRun run = ChildJvm.onThisJdk().agent(BuildOutput.agentJar()).classPath(runPath)
                .run(dir, "org.junit.runner.JUnitCore", "demo.RuleTest");

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("Tests run: 2,  Failures: 1"), run.toString());
        assertTrue(run.stdout().contains("1) leavesAThread(demo.RuleTest)"), run.toString());
        assertTrue(run.stdout().contains("THREAD LEAKED: \"left-by-rule\""), run.toString());
        assertFalse(run.stdout().contains("joinsItsThread(demo.RuleTest)\n"), run.toString());
    }

    /** The JUnit 4 jars the failsafe configuration copied. */
    private static List<String> junit4() throws IOException {
        String junit4 = System.getProperty("threadleak.junit4");
        assertNotNull(junit4, "set by the failsafe configuration, which copies JUnit 4 there");
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(junit4))) {
            jars.map(Path::toString).sorted().forEach(classPath::add);
        }
        return classPath;
    }

    /** Class {@code demo.NAME} of {@code source}, compiled against {@code classPath}, in a directory of its own. */
    private Path compile(List<String> classPath, String name, String source) throws IOException {
        Path file = Files.createDirectories(dir.resolve("src-" + name + "/demo")).resolve(name + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", String.join(File.pathSeparator, classPath), file.toString());
        assertEquals(0, compiled, "javac of " + file);
        return classes;
    }

    /** A JUnit 4 test that leaves a thread asleep, compiled against the JUnit 4 on {@code classPath}. */
    private Path junit4Test(List<String> classPath) throws IOException {
        return compile(classPath, "LeavesAThreadTest", """
                package demo;
                public class LeavesAThreadTest {
                    @org.junit.Test
                    public void leavesAThread() {
                        Thread t = new Thread(() -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                // asleep until the JVM ends
                            }
                        }, "left-by-junit4");
                        t.setDaemon(true);
                        t.start();
                    }
                }
                """);
    }

    /** The extension's jar, the test classes, and the entries of this JVM's class path whose file names match. */
    private static List<String> classPath(String alsoMatching) throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(BuildOutput.file(JUNIT_JAR).toString());
        classPath.add(Path.of(RunOneTestClass.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches(alsoMatching)) {
                classPath.add(entry);
            }
        }
        return classPath;
    }

    private ChildRun runLeavesAThread(List<String> classPath, Path reports) throws Exception {
        return ChildJvm.onThisJdk().agent(BuildOutput.agentJar()).classPath(classPath)
                .run(dir, RunOneTestClass.class, LeavesAThreadTestCase.class.getName(), reports.toString());
    }
}
