package dev.threadleak.heapproof;

import java.util.List;
import java.util.function.LongFunction;

/**
 * What the heap proof found about a waiting thread that it cannot call endless, but that a person
 * should know: its {@code why}, the verdict unchanged.
 *
 * @param kind           which finding (below)
 * @param channelClass   the class of what it waits on, as found in the dump
 * @param onThread       for a join, the thread joined; else -1
 * @param handleHolders  for {@link Kind#INTERRUPT_ONLY}: the running (or eventually runnable) threads
 *                       through which the proof first reached the waiter's {@code Thread}
 * @param handleInStatic for {@link Kind#INTERRUPT_ONLY}: a static field (or another global root)
 *                       reaches the waiter's {@code Thread}
 */
public record HeapRemark(long threadId, Kind kind, String channelClass, long onThread, List<Long> handleHolders,
                         boolean handleInStatic) {

    public enum Kind {
        /**
         * Nothing that runs can serve what the thread waits on, but something that runs holds its
         * {@code Thread} and could interrupt it, which ends this wait: not forever, but only an
         * interrupt can end it.
         */
        INTERRUPT_ONLY,
        /**
         * A timed wait (a loop on {@code poll(timeout)}, say) on something only the waiter's own
         * stack can reach: it can only ever time out. It stays a suspect: the loop may still end by
         * a flag.
         */
        UNSHARED_TIMED
    }

    public HeapRemark {
        handleHolders = handleHolders == null ? List.of() : List.copyOf(handleHolders);
    }

    /** The reason, for {@code blockedOn.why}: {@code channel} as {@link HeapFinding#why} takes it. */
    public String why(LongFunction<String> nameOf, String channel) {
        String what = channel != null ? channel : "its " + HeapFinding.shortName(channelClass);
        if (kind == Kind.UNSHARED_TIMED) {
            return "nothing but this thread's own stack can reach " + what + ", proven from the heap: no other thread"
                    + " or static field can ever serve it, so each of its timed waits can only time out";
        }
        StringBuilder s = new StringBuilder();
        if (onThread >= 0) {
            s.append("it joins ").append(nameOf.apply(onThread)).append(", which is blocked forever, proven from the heap");
        } else {
            s.append("nothing can serve ").append(what)
                    .append(": no running thread or static field can reach it, proven from the heap");
        }
        s.append("; only an interrupt can end this wait, and ");
        if (handleHolders.isEmpty()) {
            s.append(handleInStatic ? "a static field holds its Thread" : "a running thread can reach its Thread");
        } else {
            // "can reach", not "holds": Jetty's trial read a sibling worker, which reaches it through
            // their pool's set of threads, as the one that holds it, a culprit
            s.append(HeapFinding.names(handleHolders, nameOf)).append(handleInStatic ? " and a static field" : "")
                    .append(" can reach its Thread");
        }
        return s.toString();
    }
}
