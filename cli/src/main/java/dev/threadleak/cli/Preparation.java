package dev.threadleak.cli;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What a command that talks to an agent does while it waits for the JVM: reads the agent jar it
 * carries and finds the copy an earlier run unpacked (when it may load the agent), and loads the
 * classes that check the agent's answer. The JDK's attach first looks for the target's listener
 * 100 ms after signalling it, and the agent's first report of a large JVM takes hundreds of ms;
 * done in line, in a JVM as cold as the CLI's, each cost the first {@code dump} of a JVM tens of
 * ms more.
 *
 * <p>Nothing is written ahead: whether the agent must be loaded is known only once attached, and
 * a command that does not load it leaves no file behind. Its thread, {@value #THREAD}, ends when
 * the work is done; a daemon, so that an exit need not wait for it.
 */
final class Preparation {

    static final String THREAD = "threadleak-prepare";

    /** The agent jar's bytes and its unpacked copy, or null when the command may not load it. */
    private final FutureTask<Ahead> agentJar;

    private Preparation(FutureTask<Ahead> agentJar) {
        this.agentJar = agentJar;
    }

    /** Starts the work; {@code agentJar}: also look for the agent jar, which loading the agent needs. */
    static Preparation start(boolean agentJar) {
        Preparation preparation = new Preparation(agentJar ? new FutureTask<>(Preparation::lookAhead) : null);
        Thread thread = new Thread(preparation::run, THREAD);
        thread.setDaemon(true);
        thread.start();
        return preparation;
    }

    private static Ahead lookAhead() throws IOException {
        byte[] jar = EmbeddedAgentJar.bytes();
        return new Ahead(jar, EmbeddedAgentJar.unpackedAlready(jar));
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

    /** The agent jar as {@link EmbeddedAgentJar#file()} gives it: found ahead, or unpacked now. */
    Path agentJar() throws IOException {
        if (agentJar == null) {
            return EmbeddedAgentJar.file();
        }
        Ahead ahead;
        try {
            ahead = agentJar.get();
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
            throw new IOException("interrupted while reading the agent jar", e);
        }
        if (ahead.unpacked() == null) {
            return EmbeddedAgentJar.file(ahead.jar());
        }
        EmbeddedAgentJar.markUsed(ahead.unpacked()); // here, where it is needed: looking ahead changes nothing
        return ahead.unpacked();
    }

    /** The agent jar's bytes, and the file of ours that holds them already (null: none yet). */
    private record Ahead(byte[] jar, Path unpacked) {
    }
}
