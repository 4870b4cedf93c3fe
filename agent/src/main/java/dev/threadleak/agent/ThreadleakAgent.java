package dev.threadleak.agent;

import dev.threadleak.protocol.AgentProperties;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. Parses options and puts the bootstrap hooks in place before anything
 * else, then hands over to {@link Installer}; whatever goes wrong is one line on stderr and the
 * application runs on untouched. Nothing escapes {@code premain} or {@code agentmain}, not even an
 * {@link Error}: the JVM answers an exception from {@code premain} with a fatal error (exit 134),
 * and one from {@code agentmain} with a stack trace in the application's output.
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
        try {
            install(args, inst, late, stderr);
        } catch (Throwable e) {
            refuse(stderr, "could not install the agent (" + e + "); the application runs on without it",
                    "could not install the agent (" + e + ")");
        }
    }

    private static void install(String args, Instrumentation inst, boolean late, PrintStream stderr) throws Exception {
        if (AgentState.installed()) {
            return; // attached twice: the first installation stands
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (AgentOptions.OptionException e) {
            refuse(stderr, e.getMessage() + "; the agent is not installed", e.getMessage());
            return;
        }
        String denied = Privileges.refusal();
        if (denied != null) {
            refuse(stderr, denied, "could not install the agent: " + denied);
            return;
        }
        // An anonymous class, not a lambda: see Installer on what premain's first lambda costs.
        Privileges.call(new Privileges.Action<Void>() {
            @Override
            public Void run() throws Exception {
                JdkAccess jdk = new JdkAccess(inst);
                String how = BootstrapInjector.inject(inst, jdk);
                Installer.install(options, inst, jdk, late, how, stderr);
                return null;
            }
        });
    }

    /**
     * One line on stderr, and the reason in a system property for the CLI, which cannot see our
     * stderr. Either may fail (a SecurityManager may forbid setting the property): each is tried
     * on its own, and nothing escapes.
     */
    private static void refuse(PrintStream stderr, String line, String reason) {
        try {
            stderr.println("threadleak: " + line);
        } catch (Throwable ignored) {
            // no stderr to write to: the property below still tells the CLI
        }
        try {
            System.setProperty(AgentProperties.ERROR, reason);
        } catch (Throwable ignored) {
            // a SecurityManager that forbids it: the line above said it
        }
    }
}
