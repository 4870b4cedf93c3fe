package dev.threadleak.protocol;

/**
 * The system properties the agent sets in its JVM, which the CLI reads through the attach API
 * before it can talk to the agent at all: whether the agent is there, and where its channel is
 * (or why either is not).
 */
public final class AgentProperties {

    /** Set once the agent is installed; its value is the agent's version. */
    public static final String VERSION = "threadleak.agent.version";
    /** Set when the agent refused to install (bad options) or failed to. */
    public static final String ERROR = "threadleak.agent.error";
    /** Set once the agent's channel is open: the path of its Unix domain socket. */
    public static final String CHANNEL = "threadleak.channel";
    /** Set when the channel could not be opened, or stopped: why. */
    public static final String CHANNEL_ERROR = "threadleak.channel.error";

    private AgentProperties() {
    }
}
