package dev.threadleak.api;

/**
 * There is no threadleak agent to use from here: none is installed, or the one installed cannot
 * be used by this code. The message says which, and what to change.
 */
public final class AgentUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean installed;

    AgentUnavailableException(boolean installed, String message) {
        super(message);
        this.installed = installed;
    }

    /**
     * True when an agent is installed in this JVM but cannot be used from here (another copy of
     * the API classes, or another threadleak version): loading a second agent would not help.
     */
    public boolean installed() {
        return installed;
    }
}
