package dev.threadleak.junit;

import java.lang.reflect.InvocationTargetException;

/**
 * Loads an agent jar into a JVM through the JDK's attach API ({@code jdk.attach}, reached by
 * reflection so that a runtime without that module gives a message rather than a
 * {@link NoClassDefFoundError}). Runs in the test JVM when it allows attaching to itself
 * ({@code -Djdk.attach.allowAttachSelf=true}), otherwise as the {@code main} of a short-lived
 * helper JVM (see {@link AgentAttacher}).
 */
final class AttachCall {

    private AttachCall() {
    }

    /** {@code PID AGENT_JAR [OPTIONS]}; exits 1 with the reason on stderr when it fails. */
    public static void main(String[] args) {
        String error = args.length < 2 ? "usage: PID AGENT_JAR [OPTIONS]"
                : attach(args[0], args[1], args.length > 2 ? args[2] : "");
        if (error != null) {
            System.err.println(error);
            System.exit(1);
        }
    }

    /** Null when the agent was loaded, else why not. */
    static String attach(String pid, String agentJar, String options) {
        Class<?> vmClass;
        try {
            vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException e) {
            return "this Java runtime has no jdk.attach module (a JRE, or a jlink image without it)";
        }
        try {
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                vmClass.getMethod("loadAgent", String.class, String.class)
                        .invoke(vm, agentJar, options.isEmpty() ? null : options);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.toString();
        }
    }
}
