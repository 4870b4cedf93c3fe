package dev.threadleak.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.threadleak.protocol.AgentProperties;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code threadleak ps}: the local JVMs this user can reach, with their Java version and whether
 * the agent is loaded. The version and the agent are read through the attach API, from all JVMs
 * at once and for {@value #ANSWER_SECONDS} s at most, so that one JVM that does not answer (a
 * stopped one, say) costs a "?" and not the whole listing.
 */
@Command(name = "ps", description = "Lists local JVMs: pid, Java version, whether the threadleak agent is loaded, main class.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed"})
final class PsCommand implements Callable<Integer> {

    private static final long ANSWER_SECONDS = 3;
    private static final int PARALLEL = 8;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", arity = "0..*", description = "Only these JVMs (default: every JVM you can reach).")
    List<Long> pids = new ArrayList<>();

    /** What one JVM told us; {@code problem} is set when it told us nothing. */
    private record Row(String pid, String java, String agent, String main, String problem) {
    }

    @Override
    public Integer call() throws InterruptedException {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (!d.id().equals(Long.toString(self)) && (pids.isEmpty() || pids.contains(parse(d.id())))) {
                jvms.add(d);
            }
        }
        List<Row> rows = ask(jvms);
        for (Long pid : pids) {
            if (jvms.stream().noneMatch(d -> d.id().equals(Long.toString(pid)))) {
                rows.add(new Row(Long.toString(pid), "-", "-", "-", pid == self ? "this threadleak command"
                        : "not a JVM you can reach (no such pid, not a JVM, another user's, or it forbids attaching)"));
            }
        }
        print(rows);
        return ExitCodes.OK;
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<Row> ask(List<VirtualMachineDescriptor> jvms) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        if (jvms.isEmpty()) {
            return rows;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, jvms.size()), task -> {
            Thread t = new Thread(task, "threadleak-ps");
            t.setDaemon(true); // an attach that never returns must not keep us alive
            return t;
        });
        try {
            List<Callable<Row>> questions = new ArrayList<>();
            for (VirtualMachineDescriptor d : jvms) {
                questions.add(() -> askOne(d));
            }
            List<Future<Row>> answers = pool.invokeAll(questions, ANSWER_SECONDS, TimeUnit.SECONDS);
            for (int i = 0; i < jvms.size(); i++) {
                VirtualMachineDescriptor d = jvms.get(i);
                try {
                    rows.add(answers.get(i).get());
                } catch (CancellationException e) {
                    rows.add(new Row(d.id(), "?", "?", mainOf(d.displayName()), "did not answer within " + ANSWER_SECONDS + " s"));
                } catch (ExecutionException e) {
                    rows.add(new Row(d.id(), "?", "?", mainOf(d.displayName()),
                            "refused: " + OneLineErrors.oneLine(String.valueOf(e.getCause().getMessage()))));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    private static Row askOne(VirtualMachineDescriptor d) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(d);
        try {
            Properties p = vm.getSystemProperties();
            String main = mainOf(p.getProperty("sun.java.command", d.displayName()));
            String agent = p.getProperty(AgentProperties.VERSION);
            return new Row(d.id(), p.getProperty("java.version", "?"), agent == null ? "no" : agent, main, null);
        } finally {
            vm.detach();
        }
    }

    /** The main class or jar: the first word of the command line, which is all jps shows too. */
    private static String mainOf(String command) {
        if (command == null || command.isBlank()) {
            return "?";
        }
        return command.strip().split("\\s+", 2)[0];
    }

    private void print(List<Row> rows) {
        PrintWriter out = spec.commandLine().getOut();
        TextTable table = new TextTable(">PID", "JAVA", "AGENT", "MAIN");
        for (Row row : rows) {
            table.row(row.pid(), row.java(), row.agent(), row.problem() == null ? row.main()
                    : row.main() + "  (" + row.problem() + ")");
        }
        table.print(out, "");
        out.flush();
    }
}
