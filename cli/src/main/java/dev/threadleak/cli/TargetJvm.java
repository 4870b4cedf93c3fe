package dev.threadleak.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.threadleak.io.Deadline;
import dev.threadleak.protocol.AgentProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A running JVM reached through the attach API (the same-user Unix socket {@code jcmd} uses): its
 * system properties, whether our agent is in it, loading the agent, and the path of the agent's
 * channel. Every way this can fail becomes one {@link UnreachableJvmException} line that says
 * which and what to try.
 */
final class TargetJvm implements AutoCloseable {

    /** The agent opens its channel on its own thread right after installing; it takes milliseconds. */
    private static final long CHANNEL_WAIT_SECONDS = 10;
    /** The first pause between two looks at the channel's property; each pause doubles, up to {@link #POLL_MILLIS}. */
    private static final long FIRST_POLL_MILLIS = 2;
    private static final long POLL_MILLIS = 20;

    private final long pid;
    private final VirtualMachine vm;
    private Properties properties;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    /** Attaches to {@code pid}, after checking that it is a JVM we may attach to. */
    static TargetJvm attach(long pid) throws UnreachableJvmException {
        LocalProcess process = LocalProcess.find(pid);
        if (pid == ProcessHandle.current().pid()) {
            throw new UnreachableJvmException("pid " + pid + " is this threadleak command itself; give the pid of another JVM");
        }
        String id = Long.toString(pid);
        String refusal = refusalOf(process);
        // Listing the JVMs reads every one's performance data: asked only when the OS says no, since
        // a JVM that lists itself is asked all the same. One that does not (-XX:-UsePerfData,
        // another tmpdir, a container) and that nothing refuses is asked too.
        if (refusal != null && !listed(id)) {
            throw new UnreachableJvmException(refusal);
        }
        try {
            return new TargetJvm(pid, VirtualMachine.attach(id));
        } catch (AttachNotSupportedException e) {
            throw new UnreachableJvmException(attachRefused(process, e));
        } catch (IOException e) {
            throw new UnreachableJvmException(ioRefused(process, e));
        }
    }

    private static boolean listed(String id) {
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Why the OS says {@code process} is another user's or not a JVM, or null when it does not. */
    private static String refusalOf(LocalProcess process) {
        String owner = process.owner().orElse(null);
        if (owner != null && !owner.equals(LocalProcess.currentUser()) && !LocalProcess.runningAsRoot()) {
            return otherUser(process.pid(), owner);
        }
        if (process.catchesSigquit().equals(java.util.Optional.of(false))) {
            return "pid " + process.pid() + " is not a JVM (it runs " + process.command()
                    + "); list the JVMs you can reach with 'threadleak ps'";
        }
        return null;
    }

    private static String otherUser(long pid, String owner) {
        return "pid " + pid + " belongs to user " + owner + ", and a JVM lets only its own user attach: run threadleak as "
                + owner + " (e.g. sudo -u " + owner + " ./threadleak ...)";
    }

    private static String attachRefused(LocalProcess process, AttachNotSupportedException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("does not support the attach mechanism")) {
            return "pid " + process.pid() + " forbids attaching (-XX:+DisableAttachMechanism); restart it without that flag,"
                    + " or with -javaagent:threadleak-agent.jar=report=FILE to get its reports in FILE";
        }
        if (message.contains("respond") || message.contains("not loaded")) {
            return "pid " + process.pid() + " (" + process.command() + ") did not answer the attach request; it may be"
                    + " stopped, busy starting, or not a HotSpot JVM: try again, or check it with 'jcmd " + process.pid()
                    + " VM.version'";
        }
        return "pid " + process.pid() + " refused the attach request (" + OneLineErrors.oneLine(message)
                + "); it may be a JVM the attach API of Java " + Runtime.version().feature() + " cannot reach";
    }

    private static String ioRefused(LocalProcess process, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("not permitted") || message.contains("ermission denied") || message.contains("owned by")) {
            return process.owner().map(owner -> otherUser(process.pid(), owner)).orElse("pid " + process.pid()
                    + " refused the attach request (" + message + "); a JVM lets only its own user attach: run threadleak"
                    + " as the user who started it");
        }
        return "cannot attach to pid " + process.pid() + ": " + OneLineErrors.oneLine(message);
    }

    long pid() {
        return pid;
    }

    /** The JVM's system properties, read once. */
    Properties properties() throws UnreachableJvmException {
        if (properties == null) {
            properties = readProperties();
        }
        return properties;
    }

    private Properties readProperties() throws UnreachableJvmException {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new UnreachableJvmException("lost the attach connection to pid " + pid + " (" + OneLineErrors.oneLine(
                    e.getMessage()) + "); is it exiting?");
        }
    }

    /** The version of the threadleak agent in that JVM, or null if there is none. */
    String agentVersion() throws UnreachableJvmException {
        return properties().getProperty(AgentProperties.VERSION);
    }

    /**
     * Loads the agent with {@code options} (empty for the defaults). Refuses a JVM older than the
     * agent's bytecode before asking it, so that the user reads why instead of a class-version error.
     */
    void loadAgent(String options) throws UnreachableJvmException, RejectedOptionsException {
        loadAgent(options, EmbeddedAgentJar::file);
    }

    /** The same, with the agent jar from {@code agentJar} (unpacked while we attached: {@link Preparation}). */
    void loadAgent(String options, AgentJar agentJar) throws UnreachableJvmException, RejectedOptionsException {
        String spec = properties().getProperty("java.specification.version", "");
        if (feature(spec) < 17) {
            throw new UnreachableJvmException("pid " + pid + " runs Java " + spec + "; the threadleak agent needs Java 17 or newer");
        }
        Path jar;
        try {
            jar = agentJar.file();
        } catch (IOException e) {
            throw new UnreachableJvmException("cannot unpack the agent jar to load it into pid " + pid + ": "
                    + OneLineErrors.oneLine(e.getMessage()));
        }
        try {
            vm.loadAgent(jar.toString(), options == null || options.isEmpty() ? null : options);
        } catch (AgentLoadException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Dynamic agent loading is not enabled")) {
                throw new UnreachableJvmException("pid " + pid + " forbids loading agents (-XX:-EnableDynamicAgentLoading);"
                        + " start it with -javaagent:" + jar + " or without that flag");
            }
            throw new UnreachableJvmException("pid " + pid + " could not load the agent (" + OneLineErrors.oneLine(message)
                    + "); see that JVM's standard error");
        } catch (AgentInitializationException e) {
            throw new UnreachableJvmException("the agent failed to start in pid " + pid + " (" + OneLineErrors.oneLine(
                    e.getMessage()) + "); see that JVM's standard error");
        } catch (IOException e) {
            throw new UnreachableJvmException("lost the attach connection to pid " + pid + " while loading the agent ("
                    + OneLineErrors.oneLine(e.getMessage()) + ")");
        }
        // loadAgent returns when agentmain has: by now the agent has either said it is in, or why not
        properties = readProperties();
        if (agentVersion() == null) {
            String error = properties.getProperty(AgentProperties.ERROR);
            if (error == null) {
                throw new UnreachableJvmException("the agent did not install in pid " + pid
                        + "; see that JVM's standard error for a line starting with 'threadleak:'");
            }
            if (error.startsWith("could not install")) {
                throw new UnreachableJvmException("the agent " + error + " in pid " + pid);
            }
            throw new RejectedOptionsException(error);
        }
    }

    /** Where the agent jar comes from: unpacked now, or by whoever unpacked it ahead. */
    interface AgentJar {
        Path file() throws IOException;
    }

    /** The agent's channel, waiting for the agent to open it (it does so right after installing). */
    Path channel() throws UnreachableJvmException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(CHANNEL_WAIT_SECONDS));
        long pauseMillis = FIRST_POLL_MILLIS;
        while (true) {
            String path = properties().getProperty(AgentProperties.CHANNEL);
            if (path != null) {
                return visible(Path.of(path));
            }
            String error = properties().getProperty(AgentProperties.CHANNEL_ERROR);
            if (error != null) {
                throw new UnreachableJvmException("the agent in pid " + pid + " could not open its channel (" + error
                        + "); restart that JVM, or use its reports (report=FILE)");
            }
            if (deadline.hasPassed()) {
                throw new UnreachableJvmException("the agent in pid " + pid + " did not open its channel within "
                        + CHANNEL_WAIT_SECONDS + " s; is that JVM overloaded? try again");
            }
            try {
                // polling the JVM's properties is the only way to learn it; a late-attached agent
                // binds its socket within tens of ms, so the first polls come soon, the rest at POLL_MILLIS
                deadline.sleep(Duration.ofMillis(pauseMillis));
                pauseMillis = Math.min(pauseMillis * 2, POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnreachableJvmException("interrupted while waiting for the agent in pid " + pid);
            }
            properties = readProperties();
        }
    }

    /** A socket path in the target's file system: in a container that is another root. */
    private Path visible(Path socket) {
        if (Files.exists(socket)) {
            return socket;
        }
        Path throughProc = Path.of("/proc", Long.toString(pid), "root").resolve(socket.toString().substring(1));
        return Files.exists(throughProc) ? throughProc : socket;
    }

    private static int feature(String specificationVersion) {
        try {
            String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
            return Integer.parseInt(v.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // unknown: let the JVM decide
        }
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException e) {
            // nothing is left to undo
        }
    }
}
