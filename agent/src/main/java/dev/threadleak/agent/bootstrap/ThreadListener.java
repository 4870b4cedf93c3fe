package dev.threadleak.agent.bootstrap;

import java.lang.invoke.MethodHandle;

/** What the thread advice reports. Implemented by the agent; called on the thread named in each method's doc. */
public interface ThreadListener {

    /** On the creating thread, before {@code thread} runs. May be called twice for one thread. */
    void starting(Thread thread);

    /** {@link #starting} of a virtual thread, with its continuation (a {@link RecordSlot} when the agent added one). */
    void startingVirtual(Thread thread, Object continuation);

    /** Last words of {@code thread}: on itself (platform) or on its carrier (virtual). May repeat. */
    void ended(Thread thread);

    /** {@link #ended} of a virtual thread, on its carrier, with its continuation. */
    void endedVirtual(Thread thread, Object continuation);

    /** Once, as the first virtual thread is made: {@code (Thread) -> Object}, a virtual thread's continuation. */
    void continuationGetter(MethodHandle getter);

    /** On {@code thread}, before it ends, when it dies of an uncaught exception. */
    void uncaught(Thread thread, Throwable exception);

    /** On the current thread, as it begins {@code Thread.sleep} for {@code nanos}. */
    void sleeping(long nanos);

    /**
     * On the current thread, as it enters {@code Thread.sleep(long, int)}: Java code on every JDK,
     * which {@code TimeUnit.sleep} calls; on JDK 17, whose {@code sleep(long)} is native, the only
     * sleep whose length we see.
     */
    void sleepingFor(long millis, int nanos);

    /** On the interrupting thread, as {@code Thread.interrupt()} of {@code thread} begins (its own too). */
    void interrupted(Thread thread);
}
