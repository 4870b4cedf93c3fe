package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * {@code java -jar threadleak-samples.jar [NAME [--fixed]]}: runs the leaky or the fixed program of
 * one lesson of go-lessons.md; without a name, lists them one per line.
 */
public final class Samples {

    static final String PROGRAM = "threadleak-samples";
    static final int USAGE_ERROR = 2;
    static final int SCENARIO_FAILED = 1;
    private static final String FIXED = "--fixed";
    private static final String HELP = "--help";

    private final List<Scenario> scenarios;
    private final IntConsumer exitJvm;

    /** {@code exitJvm} ends a leaky run whose leaked non-daemon threads would keep the JVM alive. */
    Samples(List<Scenario> scenarios, IntConsumer exitJvm) {
        this.scenarios = List.copyOf(scenarios);
        this.exitJvm = exitJvm;
    }

    public static void main(String[] args) {
        int code = new Samples(all(), System::exit).run(args, System.out, System.err);
        // On success main just returns: a fixed program must leave nothing that keeps the JVM alive.
        if (code != 0) {
            System.exit(code);
        }
    }

    static List<Scenario> all() {
        return List.of(new NeverClosedChannel(), new ForgottenSender(), new AbandonedStream(), new ServeApp(),
                new Tracker(), new FanOut(), new DiscardedFuture(), new VirtualThreadLeak(), new ChannelDeadlock(),
                new ForgottenLatch());
    }

    /** Parses {@code args}, runs what they ask for, and returns the process exit code. */
    int run(String[] args, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (UsageException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return USAGE_ERROR;
        }
        if (invocation.scenario().isEmpty()) {
            list(out);
            return 0;
        }
        return runScenario(invocation.scenario().get(), invocation.fixed(), out, err);
    }

    private record Invocation(Optional<Scenario> scenario, boolean fixed) {
    }

    private Invocation parse(String[] args) throws UsageException {
        String name = null;
        boolean fixed = false;
        for (String arg : args) {
            if (arg.equals(FIXED)) {
                fixed = true;
            } else if (arg.equals(HELP)) {
                return new Invocation(Optional.empty(), false);
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option '" + arg + "'; accepted: " + FIXED + ", " + HELP);
            } else if (name != null) {
                throw new UsageException("unexpected argument '" + arg + "' after scenario '" + name
                        + "'; give one scenario name, optionally with " + FIXED);
            } else {
                name = arg;
            }
        }
        if (name == null && fixed) {
            throw new UsageException(FIXED + " needs a scenario name; accepted: " + names());
        }
        return new Invocation(name == null ? Optional.empty() : Optional.of(find(name)), fixed);
    }

    private Scenario find(String name) throws UsageException {
        for (Scenario scenario : scenarios) {
            if (scenario.name().equals(name)) {
                return scenario;
            }
        }
        throw new UsageException("unknown scenario '" + name + "'; accepted: " + names());
    }

    private String names() {
        return scenarios.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }

    private void list(PrintStream out) {
        int width = scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Scenario scenario : scenarios) {
            out.printf("%-" + width + "s  %s%n", scenario.name(), scenario.description());
        }
    }

    private int runScenario(Scenario scenario, boolean fixed, PrintStream out, PrintStream err) {
        out.println(scenario.name() + (fixed ? " (fixed). The leak it corrects: " : " (leaky): ")
                + scenario.description());
        try {
            if (fixed) {
                scenario.runFixed(out);
            } else {
                scenario.runLeaky(out);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println(PROGRAM + ": " + scenario.name() + " failed: " + e);
            e.printStackTrace(err);
            return SCENARIO_FAILED;
        }
        if (!fixed) {
            exitIfLeaksKeepJvmAlive(out);
        }
        return 0;
    }

    /** A leaky run ends with System.exit(0): its leaked non-daemon threads would keep the JVM alive. */
    private void exitIfLeaksKeepJvmAlive(PrintStream out) {
        List<String> alive = NonDaemonThreads.namesOfOthers();
        if (alive.isEmpty()) {
            out.println("leaky run done; what it leaked does not keep the JVM alive, so main just returns");
            return;
        }
        out.println("leaky run done; leaked non-daemon threads " + alive
                + " would keep the JVM alive, so it ends with System.exit(0)");
        out.flush();
        exitJvm.accept(0);
    }

    /** A bad command line; its message is the one line printed on stderr. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
