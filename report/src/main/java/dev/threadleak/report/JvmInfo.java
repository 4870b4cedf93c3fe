package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JVM a report is about. {@code mode} is {@value #AGENT} or {@value #SNAPSHOT}. {@code host}
 * is filled in where a report leaves the machine's own context, in JSON lines
 * ({@link LeakLines}), and absent otherwise. {@code attached} is true when the agent was loaded
 * into the JVM as it ran (by the JUnit extension itself, or the CLI), not given with
 * {@code -javaagent}: what started before it has no creation site. Absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JvmInfo(long pid, String host, String javaVersion, String mode, Boolean attached) {

    public JvmInfo {
        if (!Boolean.TRUE.equals(attached)) {
            attached = null; // absent, as in every report from before it existed
        }
    }

    /** A JVM whose agent, if any, was not attached late: the form from before {@code attached} existed. */
    public JvmInfo(long pid, String host, String javaVersion, String mode) {
        this(pid, host, javaVersion, mode, null);
    }

    /** Collected by the agent: creation stacks, virtual threads, lineage. */
    public static final String AGENT = "agent";
    /** Only a thread snapshot: no creation stacks, no queues. */
    public static final String SNAPSHOT = "snapshot";

    /** A JVM without its host name: the form from before {@code host} existed. */
    public JvmInfo(long pid, String javaVersion, String mode) {
        this(pid, null, javaVersion, mode);
    }

    public static JvmInfo current(String mode) {
        return new JvmInfo(ProcessHandle.current().pid(), System.getProperty("java.version"), mode);
    }

    /** The same JVM, on {@code name}. */
    public JvmInfo withHost(String name) {
        return new JvmInfo(pid, name, javaVersion, mode, attached);
    }

    /** The same JVM, its agent attached as it ran. */
    public JvmInfo withAgentAttached() {
        return new JvmInfo(pid, host, javaVersion, mode, true);
    }

    /** True when the agent was attached to the running JVM (see the class comment). */
    public boolean agentAttached() {
        return Boolean.TRUE.equals(attached);
    }
}
