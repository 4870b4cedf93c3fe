package dev.threadleak.agent;

import dev.threadleak.agent.bootstrap.Hooks;
import dev.threadleak.agent.channel.Endpoints;
import dev.threadleak.agent.executors.ExecutorRegistry;
import dev.threadleak.agent.executors.TaskRecording;
import dev.threadleak.agent.reporting.Reporter;
import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.PlatformThreads;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.threads.VirtualRecords;
import dev.threadleak.agent.waits.WaitRegistry;
import dev.threadleak.agent.weaving.HookWeaver;
import dev.threadleak.agent.weaving.RecordSlotWeaver;
import dev.threadleak.api.Threadleak;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wires the agent together once the bootstrap hooks exist: the registries, the weaving of the
 * {@link InstrumentationPlan}, the threads (and, attached late, the pools) that predate us, the
 * reports, the API registered for in-process clients, and the self-check that proves the
 * weaving took.
 *
 * <p>Start-up is the application's: what runs here loads as few classes as it can. No lambda or
 * method reference runs on this path (a JVM's first ones spin hidden classes and load a few
 * hundred JDK classes), and reports ({@link ReportsOnFirstUse}), JSON, the channel and the JMX
 * classes load when first used.
 */
final class Installer {

    private Installer() {
    }

    static void install(AgentOptions options, Instrumentation inst, JdkAccess jdk, boolean late, String bootstrap,
                        PrintStream stderr) throws InterruptedException {
        if (Hooks.class.getClassLoader() != null) {
            stderr.println("threadleak: the agent's hooks are not in the bootstrap class loader (" + bootstrap
                    + "); the agent is not installed");
            return;
        }
        CreationSites sites = new CreationSites(options.creationStacks(), options.stackDepth());
        ThreadRegistry registry = new ThreadRegistry(sites, options.virtualThreads(), options.maxRecords());
        boolean seesVirtualThreads = jdk.seesVirtualThreads();
        Thread main = late ? findMain() : Thread.currentThread();
        keepVirtualRecords(registry, options, inst, jdk, late);
        Hooks.install(registry);
        TaskRecording taskRecording = new TaskRecording(options.tasks());
        ExecutorRegistry executors = new ExecutorRegistry(registry, taskRecording);
        Hooks.install(executors);
        WaitRegistry waits = new WaitRegistry(registry);
        if (options.queues()) {
            Hooks.install(waits);
        }
        HookWeaver weaver = InstrumentationPlan.of(options).weave(inst, late);
        List<Thread> existing = PlatformThreads.live();
        for (Thread t : existing) {
            registry.registerPreExisting(t);
        }
        // Under premain the virtual threads, if any (another agent's), are not worth a walk of the
        // JDK's thread containers, which costs start-up dozens of classes: those predating us stay unknown.
        if (late) {
            // platform threads only: a virtual thread is never a pool's worker, and there may be 100,000
            executors.registerPreExisting(existing, jdk::poolOfWorker);
            for (Thread t : jdk.liveVirtualThreads()) {
                registry.registerPreExisting(t);
            }
        }

        ReportsOnFirstUse reports = new ReportsOnFirstUse(registry, executors, waits, options, jdk, late,
                sampledStacks(options, seesVirtualThreads));
        InstalledAgent agent = new InstalledAgent(registry, reports, taskRecording, inst::getAllLoadedClasses);
        AgentState.set(agent);
        Threadleak.register(agent);
        Runnable housekeeping = new Housekeeping(executors, waits);
        Endpoints.start(reports, registry, options, late, housekeeping, stderr); // the CLI's channel and the MBean, own thread
        if (options.writesReports()) {
            startReporter(new Reporter(registry, reports, options, stderr), registry, main);
        } else if (!late) { // a test JVM's agent is there from the start
            Runtime.getRuntime().addShutdownHook(new Thread(new UncheckedTests(agent, inst, stderr),
                    "threadleak-unchecked-tests"));
        }
        SelfCheck.run(registry, weaver, options.virtualThreads() && seesVirtualThreads, stderr);
    }

    /** The reports the options ask for: on exit, at intervals, after main ends. */
    private static void startReporter(Reporter reporter, ThreadRegistry registry, Thread main) {
        if (reporter.watchesMain() && main != null) {
            registry.onEnd(main, new Runnable() {
                @Override
                public void run() {
                    reporter.mainEnded();
                }
            });
        } else if (reporter.needed()) {
            reporter.mainEnded();
        }
        if (reporter.needed()) {
            reporter.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                reporter.atExit();
            }
        }, "threadleak-on-exit"));
    }

    /**
     * Under {@code premain}, where the JDK's thread containers list every virtual thread, a
     * virtual thread's record is kept on its continuation (the class loads with the first virtual
     * thread, after this: {@link RecordSlotWeaver}). Attached late, the class is loaded and cannot
     * be given a field; with {@code jdk.trackAllThreads=false} no container lists the threads a
     * report must find: the registry's map keeps them.
     */
    private static void keepVirtualRecords(ThreadRegistry registry, AgentOptions options, Instrumentation inst,
                                           JdkAccess jdk, boolean late) {
        if (late || !options.virtualThreads() || !jdk.tracksAllVirtualThreads()) {
            return;
        }
        RecordSlotWeaver.install(inst);
        registry.keepVirtualRecords(VirtualRecords.onContinuations(new Supplier<List<Thread>>() { // not a lambda
            @Override
            public List<Thread> get() {
                return jdk.liveVirtualThreads();
            }
        }));
    }

    /** Lets the registries drop the records of executors and tasks the garbage collector took. */
    private record Housekeeping(ExecutorRegistry executors, WaitRegistry waits) implements Runnable {
        @Override
        public void run() {
            executors.expungeStale();
            waits.expungeStale();
        }
    }

    /** On late attach, the thread whose end means "main returned" is the live one named main, if any. */
    private static Thread findMain() {
        for (Thread t : PlatformThreads.live()) {
            if (t.getName().equals("main") && t.getThreadGroup() != null
                    && "main".equals(t.getThreadGroup().getName())) {
                return t;
            }
        }
        return null;
    }

    /** The creation-stacks mode when virtual threads may go without their stack, else null. */
    private static String sampledStacks(AgentOptions options, boolean seesVirtualThreads) {
        return options.creationStacks() != AgentOptions.CreationStacks.ALL && seesVirtualThreads
                ? options.creationStacks().name().toLowerCase(java.util.Locale.ROOT) : null;
    }
}
