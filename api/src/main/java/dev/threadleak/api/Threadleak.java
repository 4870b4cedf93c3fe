package dev.threadleak.api;

import dev.threadleak.report.LeakReport;
import java.util.Objects;

/**
 * Where the installed agent registers itself, and where code in the same JVM finds it.
 *
 * <p>The agent's classes are loaded by the system class loader (a {@code -javaagent} jar, or one
 * attached later, is appended to the system class path), so it registers with the system class
 * loader's copy of this class. A client in another class loader finds it through that copy: the
 * one reflective step of the contract. Normally both copies are the same class. A child-first
 * class loader (one that loads {@code threadleak-api} itself instead of asking its parent) has its
 * own copy, whose types the agent does not implement; then {@link #agent()} says so instead of
 * failing later with a {@link ClassCastException}.
 */
public final class Threadleak {

    private static final String NOT_INSTALLED = "the threadleak agent is not installed in this JVM: start it with "
            + "-javaagent:threadleak-agent.jar (if it printed a 'threadleak:' line on stderr, that says why it did not "
            + "install)";

    private static volatile Agent registered;

    private Threadleak() {
    }

    /**
     * The agent installed in this JVM.
     *
     * @throws AgentUnavailableException when none is installed, or when the one installed cannot be
     *                                   used from this class loader or is of another threadleak version
     */
    public static Agent agent() {
        Class<?> shared = systemCopy(Threadleak.class);
        if (shared != null && shared != Threadleak.class && registeredIn(shared)) {
            throw new AgentUnavailableException(true, "the threadleak agent's API classes (" + loaderOf(shared)
                    + ") are not the ones this code sees (" + loaderOf(Threadleak.class) + "): its class loader loads "
                    + "threadleak-api itself instead of asking its parent");
        }
        Agent agent = registered;
        if (agent == null) {
            throw new AgentUnavailableException(false, NOT_INSTALLED);
        }
        Class<?> report = systemCopy(LeakReport.class);
        if (report != null && report != LeakReport.class) {
            throw new AgentUnavailableException(true, "the agent's report classes (" + loaderOf(report)
                    + ") are not the ones this code sees (" + loaderOf(LeakReport.class) + "): its class loader loads "
                    + "threadleak-report itself instead of asking its parent");
        }
        if (agent.apiVersion() != Agent.API_VERSION) {
            throw new AgentUnavailableException(true, "the threadleak agent implements version " + agent.apiVersion()
                    + " of threadleak-api, and this code was given version " + Agent.API_VERSION
                    + ": use the agent and threadleak-api (threadleak-junit) of the same threadleak version");
        }
        return agent;
    }

    /**
     * Called by the agent once it is installed. The first registration stands: an agent attached
     * twice installs once.
     *
     * @return whether {@code agent} is now the registered one
     */
    public static synchronized boolean register(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        if (registered != null) {
            return false;
        }
        registered = agent;
        return true;
    }

    /** Whether an agent registered with this copy of the class; asked across class loaders by {@link #agent()}. */
    public static boolean isRegistered() {
        return registered != null;
    }

    /** The system class loader's copy of {@code type}, or null when it cannot see one. */
    private static Class<?> systemCopy(Class<?> type) {
        try {
            return Class.forName(type.getName(), false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean registeredIn(Class<?> holder) {
        try {
            return (Boolean) holder.getMethod("isRegistered").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false; // a copy too different to ask: whatever it holds, this code cannot use it
        }
    }

    private static String loaderOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return "loaded by " + (loader == null ? "the bootstrap loader" : loader.toString());
    }
}
