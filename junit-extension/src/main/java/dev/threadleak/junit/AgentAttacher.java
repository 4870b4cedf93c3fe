package dev.threadleak.junit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the agent into this JVM when it was not given with {@code -javaagent}, once per JVM.
 *
 * <p>A JVM may attach to itself only with {@code -Djdk.attach.allowAttachSelf=true}; otherwise a
 * second, short-lived JVM (the same {@code java}, running {@link AttachCall}) attaches to this
 * one, which is what Byte Buddy's {@code ByteBuddyAgent} does too. We do it ourselves: it is a
 * few lines, it puts no other jar on users' test class paths, and its failures say what to do.
 * It costs about a second, once.
 *
 * <p>Java 21+ prints a warning when an agent is loaded this way; we say, once, the one line that
 * silences it.
 */
final class AgentAttacher {

    /** Whether the agent is now loaded, and if not, why. */
    record Outcome(boolean attached, String why) {
    }

    private static final long HELPER_TIMEOUT_SECONDS = 60;
    private static Outcome outcome;

    private AgentAttacher() {
    }

    /** Attaches at the first call in this JVM; later calls return the first outcome. */
    static synchronized Outcome attachOnce(Configuration configuration) {
        if (outcome == null) {
            outcome = attach(configuration);
        }
        return outcome;
    }

    private static Outcome attach(Configuration configuration) {
        String refused = refusedByJvm();
        if (refused != null) {
            return new Outcome(false, refused);
        }
        AgentJar jar = AgentJar.locate(configuration);
        if (jar.path() == null) {
            return new Outcome(false, jar.whyNone());
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        String error = null;
        if (Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            // Only the value given at JVM start counts; set later, the JDK still refuses.
            error = AttachCall.attach(pid, jar.path().toString(), configuration.agentOptions());
        }
        if (error != null || !Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            String helperError = attachFromHelperJvm(pid, jar.path(), configuration.agentOptions());
            error = helperError == null ? null : error == null ? helperError : error + "; then " + helperError;
        }
        if (error != null) {
            return new Outcome(false, "the agent could not be attached: " + error);
        }
        if (warnsAboutDynamicAgents()) {
            System.err.println("threadleak: the agent was loaded at run time, hence the JVM's warning above. To silence "
                    + "it, add -XX:+EnableDynamicAgentLoading to the test JVM's arguments, e.g. "
                    + "<argLine>-XX:+EnableDynamicAgentLoading</argLine> in maven-surefire-plugin's configuration "
                    + "(Gradle: test { jvmArgs '-XX:+EnableDynamicAgentLoading' }).");
        }
        return new Outcome(true, null);
    }

    /** Why this JVM would refuse an attach, read from its flags; null if it would not. */
    private static String refusedByJvm() {
        if ("true".equals(flag("DisableAttachMechanism"))) {
            return "this JVM does not allow attaching (-XX:+DisableAttachMechanism)";
        }
        if ("false".equals(flag("EnableDynamicAgentLoading"))) {
            return "this JVM refuses agents loaded at run time (-XX:-EnableDynamicAgentLoading)";
        }
        return null;
    }

    /** Java 21+ warns unless -XX:+EnableDynamicAgentLoading was given explicitly. */
    private static boolean warnsAboutDynamicAgents() {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        VMOption option = option("EnableDynamicAgentLoading");
        return option != null && option.getOrigin() == VMOption.Origin.DEFAULT;
    }

    private static String attachFromHelperJvm(String pid, Path jar, String options) {
        Path java = Path.of(System.getProperty("java.home"), "bin",
                File.separatorChar == '\\' ? "java.exe" : "java");
        Path output = null;
        try {
            output = Files.createTempFile("threadleak-attach", ".log");
            List<String> command = List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-cp", ownLocation(),
                    AttachCall.class.getName(), pid, jar.toString(), options);
            Process helper = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!helper.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
                return "the helper JVM that attaches it did not finish in " + HELPER_TIMEOUT_SECONDS + " s";
            }
            if (helper.exitValue() != 0) {
                return Files.readString(output, StandardCharsets.UTF_8).trim()
                        + " (from a helper JVM; exit code " + helper.exitValue() + ")";
            }
            return null;
        } catch (IOException | URISyntaxException e) {
            return "could not start a helper JVM to attach it (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while the helper JVM attached it";
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** This extension's jar (or classes directory), which holds {@link AttachCall}. */
    private static String ownLocation() throws URISyntaxException {
        return Path.of(AttachCall.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String flag(String name) {
        VMOption option = option(name);
        return option == null ? null : option.getValue();
    }

    private static VMOption option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            return null; // no such flag on this JVM (EnableDynamicAgentLoading before 21, or not HotSpot)
        }
    }
}
