package dev.threadleak.agent.library;

/**
 * A library's lazily made service, held as a singleton through an object field:
 * {@code instance.worker}. Outside the agent's packages, whose static fields a proof never counts.
 */
public final class LazilyHeld {

    public static volatile LazilyHeld instance;

    private final Thread worker;

    public LazilyHeld(Thread worker) {
        this.worker = worker;
    }
}
