package dev.threadleak.agent;

import dev.threadleak.protocol.AgentProperties;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. Parses options and puts the bootstrap hooks in place before anything
 * else, then hands over to {@link Installer}; whatever goes wrong is one line on stderr and the
 * application runs on untouched.
 *
 * <p>This class must not name the bootstrap classes or any class that implements them: the JVM
 * could load them through the wrong class loader before they are injected.
 */
public final class ThreadleakAgent {

    private ThreadleakAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean late) {
        PrintStream stderr = System.err;
        if (AgentState.installed()) {
            return; // attached twice: the first installation stands
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (AgentOptions.OptionException e) {
            stderr.println("threadleak: " + e.getMessage() + "; the agent is not installed");
            System.setProperty(AgentProperties.ERROR, e.getMessage()); // for the CLI, which cannot see our stderr
            return;
        }
        try {
            JdkAccess jdk = new JdkAccess(inst);
            String how = BootstrapInjector.inject(inst, jdk);
            Installer.install(options, inst, jdk, late, how, stderr);
        } catch (Throwable e) {
            stderr.println("threadleak: could not install the agent (" + e + "); the application runs on without it");
            System.setProperty(AgentProperties.ERROR, "could not install the agent (" + e + ")");
        }
    }
}
