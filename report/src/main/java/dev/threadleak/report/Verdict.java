package dev.threadleak.report;

/** How sure we are, and why. Only {@link #SUSPECT} admits that the other side may still come. */
public enum Verdict {
    /** Still alive when its scope ended. */
    LEAKED,
    /** Parked on a channel whose other side is gone; the proof is in {@code blockedOn.why}. */
    BLOCKED_FOREVER,
    /** A member of a wait-for cycle through queues or futures. */
    DEADLOCKED,
    /** Cancelled or interrupted, and still running. */
    IGNORES_CANCELLATION,
    /** Old and waiting, but the other side may still come. */
    SUSPECT
}
