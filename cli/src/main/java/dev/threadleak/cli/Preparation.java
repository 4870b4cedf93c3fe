package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What a command that talks to an agent does while it waits for the JVM: unpacks the agent jar
 * (when it may load it) and loads the classes that check the agent's answer. The JDK's attach
 * first looks for the target's listener 100 ms after signalling it, and the agent's first report
 * of a large JVM takes hundreds of ms; done in line, in a JVM as cold as the CLI's, each cost the
 * first {@code dump} of a JVM tens of ms more.
 *
 * <p>Its thread, {@value #THREAD}, ends when the work is done; it is a daemon, so that an exit
 * need not wait for the warming. The jar is awaited before the attach ends ({@link #awaitAgentJar}),
 * so that no exit leaves a jar half written.
 */
final class Preparation {

    static final String THREAD = "threadleak-prepare";

    /** The agent jar, or null when the command may not load it. */
    private final FutureTask<Path> agentJar;

    private Preparation(FutureTask<Path> agentJar) {
        this.agentJar = agentJar;
    }

    /** Starts the work; {@code agentJar}: also unpack the agent jar, which loading the agent needs. */
    static Preparation start(boolean agentJar) {
        Preparation preparation = new Preparation(agentJar ? new FutureTask<>(EmbeddedAgentJar::file) : null);
        Thread thread = new Thread(preparation::run, THREAD);
        thread.setDaemon(true);
        thread.start();
        return preparation;
    }

    private void run() {
        if (agentJar != null) {
            agentJar.run(); // its failure is kept for agentJar()
        }
        try {
            ReportJson.check("{\"schema\":\"" + LeakReport.SCHEMA + "\"}");
        } catch (ReportFormatException | RuntimeException e) {
            // only warming: the real check says what is wrong
        }
    }

    /** The agent jar as {@link EmbeddedAgentJar#file()} gives it, once unpacked. */
    Path agentJar() throws IOException {
        if (agentJar == null) {
            return EmbeddedAgentJar.file();
        }
        try {
            return agentJar.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking the agent jar", e);
        }
    }

    /** Waits until the agent jar is written, or failed to be; nothing if it was not asked for. */
    void awaitAgentJar() {
        if (agentJar == null) {
            return;
        }
        try {
            agentJar.get();
        } catch (ExecutionException e) {
            // said by agentJar() where the jar was needed; unused, it does not matter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
