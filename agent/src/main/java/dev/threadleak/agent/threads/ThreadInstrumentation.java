package dev.threadleak.agent.threads;

import static dev.threadleak.agent.weaving.HookPoint.THIS;
import static dev.threadleak.agent.weaving.HookPoint.arg;
import static dev.threadleak.agent.weaving.HookPoint.entry;
import static dev.threadleak.agent.weaving.HookPoint.fieldOrNull;
import static dev.threadleak.agent.weaving.HookPoint.intArg;
import static dev.threadleak.agent.weaving.HookPoint.longArg;
import static dev.threadleak.agent.weaving.HookPoint.staticEntry;
import static dev.threadleak.agent.weaving.HookPoint.signal;
import static dev.threadleak.agent.weaving.HookPoint.threadEntry;

import dev.threadleak.agent.weaving.HookPoint;
import java.util.List;

/**
 * Where the JDK starts and ends threads (jvm-notes.md): {@code Thread.start()} and, on JDK 21+,
 * {@code Thread.start(ThreadContainer)}, which pools use; {@code Thread.exit()}, the platform
 * thread's last words; {@code Thread.dispatchUncaughtException}; {@code Thread.interrupt()} (and
 * {@code VirtualThread}'s, which overrides it without a super call); {@code VirtualThread.start} and
 * {@code VirtualThread.afterDone} (named {@code afterTerminate} on some JDK 21 builds), which runs
 * on the carrier, so the hook is given the virtual thread, never {@code currentThread()};
 * {@code Thread.beforeSleep(long)} (JDK 21+), which every {@code Thread.sleep} passes with its
 * duration, so that a report can say when a sleeping thread wakes; and {@code Thread.sleep(long,
 * int)}, which {@code TimeUnit.sleep} calls: JDK 17's {@code sleep(long)} is native, and there only
 * the sleeps that pass this Java overload have a known wake time (on 21+ its {@code beforeSleep}
 * follows with the same length). The agent's {@code InstrumentationPlan} weaves these with the
 * other features' points.
 */
public final class ThreadInstrumentation {

    private static final String THREAD = "java/lang/Thread";
    private static final String VIRTUAL_THREAD = "java/lang/VirtualThread";
    private static final String WITH_CONTINUATION = "(Ljava/lang/Thread;Ljava/lang/Object;)V";
    private static final HookPoint.Load CONTINUATION = fieldOrNull(VIRTUAL_THREAD, "cont",
            "Ljdk/internal/vm/Continuation;");

    private ThreadInstrumentation() {
    }

    /** Every thread's start, uncaught death and sleep; a platform thread's end. */
    public static List<HookPoint> points() {
        return List.of(
                threadEntry(THREAD, "start", null, "threadStarting"),
                threadEntry(THREAD, "exit", "()V", "threadEnded"),
                threadEntry(THREAD, "interrupt", "()V", "threadInterrupted"),
                entry(THREAD, "dispatchUncaughtException", "(Ljava/lang/Throwable;)V", "threadUncaught",
                        "(Ljava/lang/Thread;Ljava/lang/Throwable;)V", THIS, arg(1)),
                staticEntry(THREAD, "beforeSleep", "(J)Ljdk/internal/event/ThreadSleepEvent;", "threadSleeps", "(J)V",
                        longArg(0)),
                staticEntry(THREAD, "sleep", "(JI)V", "threadSleepsFor", "(JI)V", longArg(0), intArg(2)));
    }

    /** The class whose start and end hooks wait until virtual threads are first made: see below. */
    public static final String VIRTUAL_THREAD_CLASS = "java.lang.VirtualThread";

    /**
     * A virtual thread's start and end (JDK 21+; JDK 17 has no such class, and these points then
     * match nothing), and the two doors every virtual thread is made through
     * ({@code Thread.startVirtualThread}, a virtual thread builder), where the first one made asks
     * for {@code VirtualThread} to be woven. Not before: weaving a class links it, and a linked
     * {@code VirtualThread}, which overrides {@code Thread.getAndClearInterrupt}, makes every
     * {@code Thread.interrupted()} (each {@code lockInterruptibly}, each blocking queue's
     * {@code put} and {@code take}) a virtual call in a JVM that never makes a virtual thread.
     * {@code start()} delegates to {@code start(ThreadContainer)} and {@code afterDone()} to
     * {@code afterDone(boolean)}: hooking one of each keeps a virtual thread's start and end to one
     * call each. Both pass the thread's continuation ({@code VirtualThread.cont}, null where a JDK
     * has no such field), which under {@code premain} holds the thread's record
     * ({@code RecordSlotWeaver}).
     */
    public static List<HookPoint> virtualThreadPoints() {
        return List.of(
                signal(THREAD, "startVirtualThread", "(Ljava/lang/Runnable;)Ljava/lang/Thread;", "virtualThreadsComing"),
                signal("java/lang/ThreadBuilders$VirtualThreadBuilder", "<init>", null, "virtualThreadsComing"),
                entry(VIRTUAL_THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V", "virtualThreadStarting",
                        WITH_CONTINUATION, THIS, CONTINUATION),
                entry(VIRTUAL_THREAD, "afterDone", "(Z)V", "virtualThreadEnded", WITH_CONTINUATION, THIS, CONTINUATION),
                threadEntry(VIRTUAL_THREAD, "afterTerminate", null, "threadEnded"),
                threadEntry(VIRTUAL_THREAD, "interrupt", "()V", "threadInterrupted"));
    }
}
