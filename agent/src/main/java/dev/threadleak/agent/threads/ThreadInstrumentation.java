package dev.threadleak.agent.threads;

import dev.threadleak.agent.executors.ExecutorInstrumentation;
import dev.threadleak.agent.waits.WaitInstrumentation;
import dev.threadleak.agent.weaving.HookWeaver;
import dev.threadleak.agent.weaving.HookPoint;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the JDK starts and ends threads (jvm-notes.md): {@code Thread.start()} and, on JDK 21+,
 * {@code Thread.start(ThreadContainer)}, which pools use; {@code Thread.exit()}, the platform
 * thread's last words; {@code Thread.dispatchUncaughtException}; {@code VirtualThread.start} and
 * {@code VirtualThread.afterDone} (named {@code afterTerminate} on some JDK 21 builds), which runs
 * on the carrier, so the hook is given the virtual thread, never {@code currentThread()}. The
 * executor points ({@link ExecutorInstrumentation}) are woven in the same pass.
 */
public final class ThreadInstrumentation {

    static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private HookWeaver weaver;

    public void install(Instrumentation inst, boolean virtualThreads, boolean waits) {
        List<HookPoint> points = new ArrayList<>(List.of(
                HookPoint.threadEntry("java/lang/Thread", "start", null, "threadStarting"),
                HookPoint.threadEntry("java/lang/Thread", "exit", "()V", "threadEnded"),
                HookPoint.entry("java/lang/Thread", "dispatchUncaughtException", "(Ljava/lang/Throwable;)V",
                        "threadUncaught", "(Ljava/lang/Thread;Ljava/lang/Throwable;)V", HookPoint.THIS, HookPoint.arg(1))));
        List<Class<?>> classes = new ArrayList<>(List.of(Thread.class));
        Class<?> virtual = virtualThreadClass();
        if (virtualThreads && virtual != null) {
            // start() delegates to start(ThreadContainer) and afterDone() to afterDone(boolean): hooking
            // one of each keeps a virtual thread's start and end to one call each.
            points.add(HookPoint.threadEntry("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V",
                    "threadStarting"));
            points.add(HookPoint.threadEntry("java/lang/VirtualThread", "afterDone", "(Z)V", "threadEnded"));
            points.add(HookPoint.threadEntry("java/lang/VirtualThread", "afterTerminate", null, "threadEnded"));
            classes.add(virtual);
        }
        points.addAll(ExecutorInstrumentation.points());
        List<String> names = new ArrayList<>(ExecutorInstrumentation.CLASSES);
        if (waits) {
            points.addAll(WaitInstrumentation.points());
            names.addAll(WaitInstrumentation.CLASSES);
        }
        for (String name : names) {
            Class<?> c = jdkClass(name);
            if (c != null && !classes.contains(c)) {
                classes.add(c);
            }
        }
        weaver = new HookWeaver(points);
        weaver.install(inst, classes);
    }

    /** True once {@code className} (dotted) has been woven. */
    public boolean woven(String className) {
        return weaver != null && weaver.woven(className);
    }

    public List<String> errors() {
        return weaver == null ? List.of() : weaver.errors();
    }

    private static Class<?> virtualThreadClass() {
        return jdkClass(VIRTUAL_THREAD); // null on JDK 17
    }

    /** Loads (without initializing) a JDK class so that it is woven before first use; null if absent. */
    private static Class<?> jdkClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
