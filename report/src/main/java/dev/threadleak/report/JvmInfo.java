package dev.threadleak.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JVM a report is about. {@code mode} is {@value #AGENT} or {@value #SNAPSHOT}. {@code host}
 * is filled in where a report leaves the machine's own context, in JSON lines
 * ({@link LeakLines}), and absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JvmInfo(long pid, String host, String javaVersion, String mode) {

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
        return new JvmInfo(pid, name, javaVersion, mode);
    }
}
