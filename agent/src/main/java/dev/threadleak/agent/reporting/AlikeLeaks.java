package dev.threadleak.agent.reporting;

import dev.threadleak.agent.waits.WaitFacts;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakGroups;
import dev.threadleak.report.ThreadRef;
import dev.threadleak.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads that predate the agent and wait alike, folded into one leak as they are judged rather
 * than built one by one and grouped afterwards: a JVM attached late may hold 100,000 virtual
 * threads parked on one latch, and its first report ran cold through a leak for each. Alike means
 * what {@link LeakGroups} would group anyway (no creation site, no creator, no stack taken, the
 * same described wait, kind and verdict), so the report says exactly what it said: the first
 * member stands for the fold, which counts the others and names the first few.
 */
final class AlikeLeaks {

    private final List<Leak> leaks;
    private final Map<Key, Fold> folds = new HashMap<>();

    /** Folds into {@code leaks}, the list the judged leaks are added to. */
    AlikeLeaks(List<Leak> leaks) {
        this.leaks = leaks;
    }

    /**
     * True if {@code t}, whose wait is {@code parked}, joined an earlier leak alike; else the
     * caller adds its leak, which later ones alike join.
     */
    boolean joined(Thread t, boolean virtual, WaitFacts.Parked parked, Verdict verdict) {
        Key key = new Key(parked, virtual, verdict);
        Fold fold = folds.get(key);
        if (fold == null) {
            folds.put(key, new Fold(leaks.size()));
            return false;
        }
        fold.count++;
        if (fold.named.size() < LeakGroups.NAMED_MEMBERS) {
            fold.named.add(new ThreadRef(t.getId(), t.getName()));
        }
        return true;
    }

    /** Puts each fold's count and named members on the leak that stands for it. */
    void finish() {
        for (Fold fold : folds.values()) {
            if (fold.count > 1) {
                Leak first = leaks.get(fold.index);
                fold.named.add(0, first.thread().ref());
                if (fold.named.size() > LeakGroups.NAMED_MEMBERS) {
                    fold.named.remove(fold.named.size() - 1);
                }
                leaks.set(fold.index, first.grouped(fold.count, fold.named));
            }
        }
    }

    /** The wait is compared by identity: the facts of a report describe threads parked alike with one object. */
    private static final class Key {
        private final WaitFacts.Parked parked;
        private final boolean virtual;
        private final Verdict verdict;

        Key(WaitFacts.Parked parked, boolean virtual, Verdict verdict) {
            this.parked = parked;
            this.virtual = virtual;
            this.verdict = verdict;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(parked) * 31 + Boolean.hashCode(virtual)) * 31 + verdict.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.parked == parked && k.virtual == virtual
                    && k.verdict == verdict;
        }
    }

    private static final class Fold {
        private final int index;
        private final List<ThreadRef> named = new ArrayList<>();
        private int count = 1;

        Fold(int index) {
            this.index = index;
        }
    }
}
