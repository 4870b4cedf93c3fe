package dev.threadleak.cli;

import dev.threadleak.io.Deadline;
import dev.threadleak.protocol.Request;
import dev.threadleak.protocol.Response;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ReportFormatException;
import dev.threadleak.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's end of the agent's channel: a Unix domain socket whose path the agent publishes in a
 * system property (see README.md, "How the CLI talks to the agent"). One request per connection;
 * the answer is a report in JSON, read with the report model.
 */
final class AgentChannel {

    /** Building a report of 100,000 threads takes well under this; a hung agent must not hang us. */
    private static final long ANSWER_SECONDS = 60;
    /** A heap dump takes about 3 s per GB written (measured): this is room for a large heap on a slow disk. */
    private static final long HEAP_SECONDS = 600;
    private static final long EXIT_SECONDS = 2;
    /** How long a busy agent is asked again before we give up (exit 3). */
    static final long BUSY_SECONDS = 5;

    private final long pid;
    private final Path socket;
    /** The agent's version, or null when not known. */
    private final String agentVersion;

    AgentChannel(long pid, Path socket) {
        this(pid, socket, null);
    }

    private AgentChannel(long pid, Path socket, String agentVersion) {
        this.pid = pid;
        this.socket = socket;
        this.agentVersion = agentVersion;
    }

    /**
     * The channel of {@code pid}'s agent; loads the agent first when it is not there and
     * {@code mayLoad}, saying so on {@code err} (late attach has consequences the user should know).
     */
    static AgentChannel open(long pid, boolean mayLoad, PrintWriter err) throws UnreachableJvmException {
        Preparation preparation = Preparation.start(mayLoad);
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            if (jvm.agentVersion() == null) {
                if (!mayLoad) {
                    throw new UnreachableJvmException("the threadleak agent is not loaded in pid " + pid
                            + " and --no-attach forbids loading it; drop --no-attach, or run 'threadleak attach " + pid + "'");
                }
                err.println("threadleak: loading the agent into pid " + pid
                        + "; threads that started before it are reported without creation sites");
                err.flush();
                try {
                    jvm.loadAgent("", preparation::agentJar);
                } catch (RejectedOptionsException e) {
                    throw new UnreachableJvmException("the agent refused to install in pid " + pid + ": " + e.getMessage());
                }
            }
            Path channel = jvm.channel();
            return new AgentChannel(pid, channel, jvm.agentVersion());
        }
    }

    /**
     * The live report: waits older than {@code minAgeMillis} (null: the agent's min-age), and with
     * {@code sites} every live thread counted by creation site (what {@code diff} compares; it
     * costs the agent one more pass over its threads, so only JSON asks for it).
     */
    LeakReport report(Long minAgeMillis, boolean sites) throws UnreachableJvmException {
        return ask(new Request.Report(minAgeMillis, sites));
    }

    /**
     * True when the agent is of this CLI's version (as one this CLI loaded is): its JSON is what
     * this CLI would write of the same report, so {@link #reportJson} may be passed on as it is.
     */
    boolean writesOurJson() {
        String ours = CliVersion.version();
        return agentVersion != null && agentVersion.equals(ours) && !ours.equals(CliVersion.UNKNOWN);
    }

    /**
     * The live report as {@link #report(Long, boolean)} with {@code sites}, in the agent's own
     * JSON, checked to be one report but not read: reading it costs a fresh JVM more than the
     * agent took to build it.
     */
    String reportJson(Long minAgeMillis) throws UnreachableJvmException {
        String answer = answer(new Request.Report(minAgeMillis, true), ANSWER_SECONDS);
        try {
            ReportJson.check(answer);
        } catch (ReportFormatException e) {
            throw notAReport(e);
        }
        return answer;
    }

    /** The same, with {@code each}: every leak on its own, not grouped (what the heap proof needs). */
    LeakReport report(Long minAgeMillis, boolean sites, boolean each) throws UnreachableJvmException {
        return ask(new Request.Report(minAgeMillis, sites, each));
    }

    /** Live threads counted by creation site, and nothing judged: cheap enough for every refresh of watch. */
    LeakReport sites() throws UnreachableJvmException {
        return ask(new Request.Sites());
    }

    /**
     * Has the JVM write its live heap to {@code file}, a new {@code .hprof} file in a directory of
     * ours that only we can enter (the agent refuses any other); answers when it is written, with
     * the id of the agent's thread that wrote it (-1 when the agent does not say). A dump of a
     * large heap takes seconds (3.4 s for 1.3 GB), so it gets longer than a report.
     */
    long dumpHeap(Path file) throws UnreachableJvmException {
        return Response.dumpingThread(answer(new Request.Heap(file), HEAP_SECONDS));
    }

    private LeakReport ask(Request request) throws UnreachableJvmException {
        String answer = answer(request, ANSWER_SECONDS);
        try {
            return ReportJson.read(answer);
        } catch (ReportFormatException e) {
            throw notAReport(e);
        }
    }

    private UnreachableJvmException notAReport(ReportFormatException e) {
        return new UnreachableJvmException("the agent in pid " + pid + " answered with something that is not a report ("
                + e.getMessage() + "); is it an agent of another threadleak version?");
    }

    /**
     * What follows the agent's {@code ok}; its {@code error} line, or silence, is an exception. A
     * {@code busy} agent (as many clients as it serves at once) is asked again for up to
     * {@value #BUSY_SECONDS} s, then its line is the exception.
     */
    private String answer(Request request, long seconds) throws UnreachableJvmException {
        Deadline busyFor = Deadline.after(Duration.ofSeconds(BUSY_SECONDS));
        Duration pause = Duration.ofMillis(50);
        Response answer = ask(request, seconds);
        while (answer.busy() && !busyFor.hasPassed()) {
            try {
                busyFor.sleep(pause); // nothing to wait on but time: the agent frees up as its clients are served
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                    : pause.multipliedBy(2);
            answer = ask(request, seconds);
        }
        if (answer.busy()) {
            throw new UnreachableJvmException("the agent in pid " + pid + " is busy (" + answer.text()
                    + "), still after " + BUSY_SECONDS + " s");
        }
        if (!answer.ok()) {
            throw new UnreachableJvmException("the agent in pid " + pid + " said: " + answer.text());
        }
        return answer.text();
    }

    private Response ask(Request request, long seconds) throws UnreachableJvmException {
        Response answer;
        try {
            answer = Response.parse(exchange(request.line() + "\n", seconds));
        } catch (IOException e) {
            if (exitsSoon()) {
                throw new UnreachableJvmException("pid " + pid + " has exited");
            }
            throw new UnreachableJvmException("cannot talk to the agent in pid " + pid + " (" + OneLineErrors.oneLine(
                    String.valueOf(e.getMessage())) + "); try again");
        }
        if (answer == null) {
            if (exitsSoon()) {
                throw new UnreachableJvmException("pid " + pid + " has exited");
            }
            throw new UnreachableJvmException("the agent in pid " + pid + " gave no answer; is it exiting?");
        }
        return answer;
    }

    /** A JVM that is exiting closes its channel before it is gone: give it a moment to be gone. */
    private boolean exitsSoon() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(EXIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String exchange(String request, long seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            try {
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        await(key, SelectionKey.OP_WRITE, deadline, seconds);
                    }
                }
            } catch (IOException refused) {
                // a busy agent answers and closes before it reads the request: its line may be there to read
                String early = readQuietly(channel);
                if (early.isEmpty()) {
                    throw refused;
                }
                return early;
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException reset) {
                    // a busy agent closes with our request unread, which resets the connection after its line
                    if (answer.size() == 0) {
                        throw reset;
                    }
                    n = -1;
                }
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                if (n == 0) {
                    await(key, SelectionKey.OP_READ, deadline, seconds);
                    continue;
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
        }
    }

    /** What the server sent before it closed, read without waiting; empty if nothing or unreadable. */
    private static String readQuietly(SocketChannel channel) {
        ByteBuffer in = ByteBuffer.allocate(4 * 1024);
        try {
            while (in.hasRemaining() && channel.read(in) > 0) {
                // all of it: a busy or error line is short
            }
        } catch (IOException e) {
            // what came before the failure is all there is
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    private void await(SelectionKey key, int op, long deadline, long seconds) throws IOException {
        key.interestOps(op);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new IOException("no answer within " + seconds + " s");
        }
        key.selector().select(left);
        key.selector().selectedKeys().clear();
    }
}
