package dev.threadleak.agent;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * At the JVM's exit, says that a test framework other than the JUnit Platform ran here and no
 * test was checked. Under Surefire's JUnit 4 (or TestNG) provider no JUnit Platform runs, so
 * neither the extension nor its own warning of unchecked tests ever loads: a suite run with the
 * agent on, and not one line from threadleak, read as free of leaks (awaitility's trial).
 *
 * <p>Asked only where no scope was ever opened and no report was asked for; it reads the names of
 * the loaded classes once, at the exit, which a JVM without tests pays in a few milliseconds.
 */
final class UncheckedTests implements Runnable {

    /** A class each framework's runner loads, and the framework's name. */
    private static final String[][] RUNNERS = {
        {"org.junit.runner.Runner", "JUnit 4"},
        {"org.testng.TestNG", "TestNG"},
    };
    private static final String PLATFORM = "org.junit.platform.launcher.";

    private final InstalledAgent agent;
    private final Instrumentation inst;
    private final PrintStream stderr;

    UncheckedTests(InstalledAgent agent, Instrumentation inst, PrintStream stderr) {
        this.agent = agent;
        this.inst = inst;
        this.stderr = stderr;
    }

    @Override
    public void run() {
        try {
            if (agent.openedAScope()) {
                return;
            }
            Class<?>[] loaded = inst.getAllLoadedClasses();
            List<String> names = new ArrayList<>(loaded.length);
            for (Class<?> c : loaded) {
                names.add(c.getName());
            }
            String framework = framework(names);
            if (framework != null) {
                stderr.println(line(framework));
            }
        } catch (Throwable e) {
            // at the exit, nothing to say it with: the warning is a courtesy
        }
    }

    /** The framework that ran tests outside the JUnit Platform, or null. */
    static String framework(List<String> loaded) {
        String found = null;
        for (String name : loaded) {
            if (name.startsWith(PLATFORM)) {
                return null; // the platform ran: the extension's own warning says what it did not check
            }
            for (String[] runner : RUNNERS) {
                if (runner[0].equals(name)) {
                    found = runner[1];
                }
            }
        }
        return found;
    }

    static String line(String framework) {
        return "threadleak: " + framework + " ran tests in this JVM and none was checked for leaks: the extension "
                + "checks JUnit Jupiter tests only. For one report of what is still running when the JVM exits, "
                + "add on-exit=true to the agent's options";
    }
}
