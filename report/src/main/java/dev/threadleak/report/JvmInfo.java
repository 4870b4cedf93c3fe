package dev.threadleak.report;

/** The JVM a report is about. {@code mode} is {@value #AGENT} or {@value #SNAPSHOT}. */
public record JvmInfo(long pid, String javaVersion, String mode) {

    /** Collected by the agent: creation stacks, virtual threads, lineage. */
    public static final String AGENT = "agent";
    /** Only a thread snapshot: no creation stacks, no queues. */
    public static final String SNAPSHOT = "snapshot";

    public static JvmInfo current(String mode) {
        return new JvmInfo(ProcessHandle.current().pid(), System.getProperty("java.version"), mode);
    }
}
