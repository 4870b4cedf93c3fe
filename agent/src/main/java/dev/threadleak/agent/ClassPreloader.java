package dev.threadleak.agent;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;

/**
 * Loads, on a thread of its own ({@code threadleak-preload}), the classes the installation needs
 * next, while the installing thread parses the options, puts the hooks in the boot loader and
 * builds the registries: ASM, the weaving plan, the reports and the channel. Each is read from the
 * agent jar and defined, work that runs interpreted this early and costs about a quarter of a
 * millisecond a class (measured here: 109 classes, 37 ms, most of the agent's start-up). On a
 * second core that comes off the application's start-up; on one core it costs what it did, plus
 * a thread.
 *
 * <p>It starts before the bootstrap classes are in the boot loader, so it loads no class that
 * extends or implements one of them: loading a class resolves its supertypes, and one resolved now
 * would come from the agent's loader ({@link ThreadleakAgent} says why that breaks the hooks);
 * a test holds the lists to that. Classes are loaded, not linked or initialized: what else they
 * name resolves later, on the installing thread, and no static initializer runs here, so this
 * thread takes no class-initialization lock the installing thread could wait for in the other
 * order. A name that no longer exists is skipped: the installer loads what it needs itself.
 *
 * <p>It is stopped (and joined) when the installation ends: no thread of premain outlives it.
 */
final class ClassPreloader implements Runnable {

    static final String THREAD_NAME = "threadleak-preload";

    /** ASM's classes the weaving uses, in the order it needs them; simple names, for the shaded package too. */
    private static final String[] ASM = {"ClassVisitor", "ClassWriter", "ClassReader", "ModuleVisitor",
        "ModuleWriter", "AnnotationVisitor", "AnnotationWriter", "RecordComponentVisitor", "RecordComponentWriter",
        "FieldVisitor", "FieldWriter", "MethodVisitor", "MethodWriter", "ComputeLimits", "SymbolTable", "Symbol",
        "SymbolTable$Entry", "ByteVector", "Attribute", "Context", "Frame", "CurrentFrame", "Type", "Label",
        "Handler", "Opcodes"};

    /** Ours, in the order the installer needs them after the registries. */
    private static final String[] AGENT = {"weaving.RecordSlotWeaver", "weaving.RecordSlotWeaver$Slot",
        "InstrumentationPlan", "InstrumentationPlan$Feature", "threads.ThreadInstrumentation",
        "weaving.HookPoint", "weaving.HookPoint$Load", "weaving.HookPoint$This", "weaving.HookPoint$ReturnValue",
        "weaving.HookPoint$FieldOrNull", "weaving.HookPoint$Arg", "weaving.HookPoint$LongArg",
        "executors.ExecutorInstrumentation", "weaving.HookPoint$Field", "weaving.HookPoint$IntArg",
        "weaving.HookPoint$IntConst", "waits.WaitInstrumentation", "weaving.HookPoint$LongConst",
        "weaving.HookWeaver", "weaving.FramesOfLoadedClasses", "weaving.HookWeaver$Weaving",
        "weaving.HookWeaver$HookCall", "threads.PlatformThreads", "threads.Origin", "threads.ThreadRecord",
        "reporting.JvmReports", "reporting.JvmReports$ParkedTest", "executors.ExecutorFindings", "waits.WaitFacts",
        "waits.WaitDetails", "reporting.Reporter", "reporting.ReportSink", "InstalledAgent", "scope.ScopeEngine",
        "channel.Endpoints", "SelfCheck", "threads.CurrentWait"};

    private final ClassLoader loader = ClassPreloader.class.getClassLoader();
    private volatile boolean stopped;
    private Thread thread;

    private ClassPreloader() {
    }

    /** Starts the loading; null if no thread could be started (the installer then loads everything itself). */
    static ClassPreloader start() {
        ClassPreloader preloader = new ClassPreloader();
        try {
            Thread thread = new Thread(preloader, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
            preloader.thread = thread;
            return preloader;
        } catch (Throwable e) {
            return null; // a SecurityManager or no memory for a thread: only start-up is slower
        }
    }

    /**
     * Ends the loading after the class at hand and waits for the thread, usually done by then. An
     * interrupt ends the wait, not the installation: the thread ends on its own a moment later.
     */
    void stop() {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            for (String name : names()) {
                if (stopped) {
                    return;
                }
                load(name);
            }
        } catch (Throwable e) {
            // a courtesy to start-up: nothing of it may reach the application
        }
    }

    /** Every class it loads, by binary name; ASM's as relocated in the agent jar. */
    static List<String> names() {
        List<String> names = new ArrayList<>(ASM.length + AGENT.length);
        String asm = ClassReader.class.getPackageName() + ".";
        for (String name : ASM) {
            names.add(asm + name);
        }
        String ours = ClassPreloader.class.getPackageName() + ".";
        for (String name : AGENT) {
            names.add(ours + name);
        }
        return names;
    }

    private void load(String name) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // renamed or gone: the installer loads what it needs
        }
    }
}
