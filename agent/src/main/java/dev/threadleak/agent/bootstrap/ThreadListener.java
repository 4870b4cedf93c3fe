package dev.threadleak.agent.bootstrap;

/** What the thread advice reports. Implemented by the agent; called on the thread named in each method's doc. */
public interface ThreadListener {

    /** On the creating thread, before {@code thread} runs. May be called twice for one thread. */
    void starting(Thread thread);

    /** Last words of {@code thread}: on itself (platform) or on its carrier (virtual). May repeat. */
    void ended(Thread thread);

    /** On {@code thread}, before it ends, when it dies of an uncaught exception. */
    void uncaught(Thread thread, Throwable exception);

    /** On the current thread, as it begins {@code Thread.sleep} for {@code nanos}. */
    void sleeping(long nanos);
}
