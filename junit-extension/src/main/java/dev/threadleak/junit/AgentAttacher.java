package dev.threadleak.junit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.ByteBuddyAgent.AttachmentProvider;

/**
 * Loads the agent into this JVM when it was not given with {@code -javaagent}, once per JVM,
 * through Byte Buddy's {@link ByteBuddyAgent}, which is maintained against every JDK's attach
 * quirks (Mockito attaches its agent the same way).
 *
 * <p>We ask it for the JDK's own attach API ({@code jdk.attach}) only: with
 * {@code -Djdk.attach.allowAttachSelf=true} given at JVM start it attaches from inside this JVM;
 * otherwise (a JVM may not attach to itself) a second, short-lived JVM, the same {@code java},
 * attaches to this one. That costs about a second, once. Before trying, we read this JVM's flags,
 * so that a JVM that would refuse gets one line saying which flag, not an exception.
 *
 * <p>Each attach says so on standard error, once per JVM, with how to give the agent instead;
 * Java 21+ prints a warning when an agent is loaded this way, which that silences.
 */
final class AgentAttacher {

    /** Whether the agent is now loaded, and if not, why. */
    record Outcome(boolean attached, String why) {
    }

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
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return new Outcome(false, "the agent could not be attached: this Java runtime has no jdk.attach module "
                    + "(a JRE, or a jlink image without it)");
        }
        try {
            ByteBuddyAgent.attach(jar.path().toFile(), Long.toString(ProcessHandle.current().pid()),
                    configuration.agentOptions(), AttachmentProvider.ForModularizedVm.INSTANCE);
        } catch (RuntimeException | LinkageError e) {
            return new Outcome(false, "the agent could not be attached: " + oneLine(e));
        }
        System.err.println(attachedLine(jar.path().toString(), warnsAboutDynamicAgents()));
        return new Outcome(true, null);
    }

    /**
     * What an attach says, once per JVM, whether or not a test fails: a build whose profile
     * replaced the {@code <argLine>} that gave {@code -javaagent} paid an attach per test JVM, and
     * nothing said so while its tests passed (Commons Compress's trial). With {@code warned}, Java
     * 21+ printed its warning about a dynamically loaded agent just before.
     */
    static String attachedLine(String jar, boolean warned) {
        String line = "threadleak: the agent was not given with -javaagent, so threadleak-junit attached it to this JVM "
                + "at run time: threads started before then have no creation stacks. To load it from the start, "
                + "give the test JVM -javaagent:" + jar + " (with Maven, as the README's \"Set up with Maven\" says).";
        return warned ? line + " That also silences the JVM's warning above, as -XX:+EnableDynamicAgentLoading does."
                : line;
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

    /** What went wrong and its root cause, on one line. */
    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? String.valueOf(e) : e.getMessage() + " (" + root + ")";
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
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
