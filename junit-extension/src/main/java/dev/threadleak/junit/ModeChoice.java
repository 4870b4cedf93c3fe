package dev.threadleak.junit;

import dev.threadleak.api.AgentUnavailableException;
import dev.threadleak.api.Threadleak;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Picks the run's {@link Mode}: the agent if it is loaded; else the agent attached now, if this
 * JVM allows it; else snapshots, saying why (or, with {@code threadleak.mode=agent}, a failure
 * saying what to change).
 */
final class ModeChoice {

    static final String ATTACHED = "threadleak-junit attached the agent to this JVM itself, as the tests began "
            + "(it was not given with -javaagent)";

    private static boolean fallbackAnnounced;

    private ModeChoice() {
    }

    static Mode choose(Configuration configuration) {
        if (configuration.mode() == Configuration.ModeSetting.SNAPSHOT) {
            return SnapshotMode.of(Configuration.MODE + "=snapshot", configuration);
        }
        try {
            return new AgentMode(Threadleak.agent(), List.of(), configuration.proveBudget());
        } catch (AgentUnavailableException e) {
            if (e.installed()) {
                return fallback(configuration, e.getMessage());
            }
        }
        AgentAttacher.Outcome attach = AgentAttacher.attachOnce(configuration);
        if (!attach.attached()) {
            return fallback(configuration, "the threadleak agent is not loaded, and " + attach.why());
        }
        try {
            return new AgentMode(Threadleak.agent(), List.of(ATTACHED), configuration.proveBudget());
        } catch (AgentUnavailableException e) {
            return fallback(configuration, e.installed() ? "the threadleak agent was attached but " + e.getMessage()
                    : "the threadleak agent was attached but did not install (if it printed a 'threadleak:' line on "
                    + "stderr, that says why)");
        }
    }

    private static Mode fallback(Configuration configuration, String why) {
        if (configuration.mode() == Configuration.ModeSetting.AGENT) {
            throw new ExtensionConfigurationException("threadleak: " + Configuration.MODE + "=agent, but " + why
                    + ". Give the test JVM -javaagent:/path/to/threadleak-agent.jar (Maven: surefire's argLine), "
                    + "or set " + Configuration.MODE + "=auto to fall back to thread snapshots.");
        }
        announceOnce(why, configuration.parallel());
        return SnapshotMode.of(why, configuration);
    }

    /** Once per JVM: a passing suite shows no report, so this is where users learn what was not checked. */
    private static synchronized void announceOnce(String why, boolean parallel) {
        if (fallbackAnnounced) {
            return;
        }
        fallbackAnnounced = true;
        System.err.println("threadleak: checking tests with thread snapshots only, because " + why
                + (parallel ? "; under parallel execution the threads of concurrent tests cannot be told apart, and "
                        + "threads started by @BeforeAll/@AfterAll methods are not checked" : "")
                + ". For creation stacks and per-test blame, give the test JVM -javaagent:threadleak-agent.jar.");
    }
}
