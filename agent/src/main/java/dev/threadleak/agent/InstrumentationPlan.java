package dev.threadleak.agent;

import dev.threadleak.agent.bootstrap.Hooks;
import dev.threadleak.agent.executors.ExecutorInstrumentation;
import dev.threadleak.agent.threads.ThreadInstrumentation;
import dev.threadleak.agent.waits.WaitInstrumentation;
import dev.threadleak.agent.weaving.HookPoint;
import dev.threadleak.agent.weaving.HookWeaver;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything the agent weaves into the JDK, feature by feature, and why. Each feature lists its
 * own points beside the registry they feed; here they come together for the options in force.
 * Every point is one static call into {@code bootstrap.Hooks}, which hands the event to the
 * feature's listener: the woven code decides nothing, the registries do.
 * <ul>
 * <li><b>threads</b> (always; {@code ThreadListener}, the {@code ThreadRegistry}): who started
 *     which thread, where, and how it ended. {@code Thread.start} (entry), {@code Thread.exit}
 *     (a platform thread's last words), {@code Thread.dispatchUncaughtException}.
 * <li><b>virtual threads</b> ({@code virtual-threads=true}, JDK 21+): the same for virtual
 *     threads, which start and end elsewhere. {@code VirtualThread.start(ThreadContainer)},
 *     {@code VirtualThread.afterDone(boolean)} ({@code afterTerminate} on some JDK 21 builds), given
 *     the thread's continuation; under {@code premain}, the continuation class, as it loads, gets a
 *     field for the thread's record ({@code RecordSlotWeaver}, installed by the {@code Installer}).
 * <li><b>executors</b> (always; {@code ExecutorListener}, the {@code ExecutorRegistry}): which
 *     executor is never shut down, which task never finishes or never runs. The public
 *     constructors (at their end) of {@code ThreadPoolExecutor}, {@code ForkJoinPool},
 *     {@code ThreadPerTaskExecutor} and {@code Timer}, and their workers' constructors;
 *     {@code execute}, {@code delayedExecute}, {@code beforeExecute}, {@code afterExecute},
 *     {@code reject}; {@code shutdown}, {@code close}, {@code shutdownNow}, {@code Timer.cancel};
 *     {@code FutureTask.cancel}; a {@code ForkJoinPool}'s private submit, the constructors and
 *     {@code exec} (entry and end) of the tasks it makes around the code's, and
 *     {@code ForkJoinTask.trySetException} and {@code cancel}; the constructor of {@code Executors}' wrapper around a pool it makes,
 *     which is what a static field of the code holds of that pool.
 * <li><b>waits</b> ({@code queues=true}; {@code WaitListener}, the {@code WaitRegistry}): what a
 *     waiting thread waits on, since when, and whether an interrupt ends it. Only the methods that
 *     run once a thread has found it must wait: every condition's awaits, the AQS and AQLS
 *     {@code acquire(Node, ...)} that locks, latches, semaphores and user synchronizers reach when
 *     their fast path failed, {@code StampedLock.acquireWrite/acquireRead}, a phaser's
 *     {@code QNode.block}, {@code Object.wait} ({@code wait()} on 17, {@code wait(long)} on 21+),
 *     {@code FutureTask} and {@code ForkJoinTask} {@code awaitDone},
 *     {@code CompletableFuture.waitingGet/timedGet}, {@code Thread.join(long)}, the transfer
 *     queues' awaits, {@code Exchanger.exchange}): a put, take, lock or await that does not wait
 *     costs nothing. The blocking queues' and {@code CyclicBarrier}'s constructors map their
 *     conditions back to them. A monitor entry is not woven: the JVM names the monitor and its
 *     owner when a report asks.
 * </ul>
 * {@link HookWeaver} weaves them all in one retransformation, patching the class files' bytes
 * (ASM only for what the patch leaves alone); Byte Buddy's {@code AgentBuilder} cost about 380 ms
 * of every JVM's start-up for the same work.
 */
final class InstrumentationPlan {

    /** One feature's points. */
    record Feature(String name, List<HookPoint> points) {
    }

    private static final String VIRTUAL_THREADS = "virtual threads";

    private final List<Feature> features;

    private InstrumentationPlan(List<Feature> features) {
        this.features = List.copyOf(features);
    }

    static InstrumentationPlan of(AgentOptions options) {
        return of(options.virtualThreads(), options.queues());
    }

    static InstrumentationPlan of(boolean virtualThreads, boolean waits) {
        List<Feature> features = new ArrayList<>();
        features.add(new Feature("threads", ThreadInstrumentation.points()));
        if (virtualThreads) {
            features.add(new Feature(VIRTUAL_THREADS, ThreadInstrumentation.virtualThreadPoints()));
        }
        features.add(new Feature("executors", ExecutorInstrumentation.points()));
        if (waits) {
            features.add(new Feature("waits", WaitInstrumentation.points()));
        }
        return new InstrumentationPlan(features);
    }

    List<Feature> features() {
        return features;
    }

    /** Every point, feature by feature: hooks on one method run in this order. */
    List<HookPoint> points() {
        List<HookPoint> all = new ArrayList<>();
        for (Feature f : features) {
            all.addAll(f.points());
        }
        return all;
    }

    /**
     * Weaves the plan into the JDK classes it names; the weaver tells the self-check what took.
     * Under premain, {@code VirtualThread} waits for the first virtual thread to be made
     * ({@link ThreadInstrumentation#virtualThreadPoints} says why); attached late, virtual threads
     * may be running already, and it is woven at once.
     */
    HookWeaver weave(Instrumentation inst, boolean late) {
        HookWeaver weaver = new HookWeaver(points());
        boolean defer = false;
        for (Feature f : features) {
            defer |= !late && f.name().equals(VIRTUAL_THREADS);
        }
        if (defer) {
            Hooks.beforeFirstVirtualThread(new Runnable() { // not a lambda: see Installer
                @Override
                public void run() {
                    weaver.weaveNow(inst, ThreadInstrumentation.VIRTUAL_THREAD_CLASS);
                }
            });
        }
        weaver.install(inst, defer ? Set.of(ThreadInstrumentation.VIRTUAL_THREAD_CLASS) : Set.of());
        return weaver;
    }
}
