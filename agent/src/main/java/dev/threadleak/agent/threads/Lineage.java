package dev.threadleak.agent.threads;

import java.util.function.LongPredicate;

/**
 * A lineage: the ids of the thread that made something (a thread, an executor, a task), of that
 * thread's creator, and so on, nearest first, cut at {@value #MAX} entries (deep chains are rare
 * and their tail rarely matters). "Was this made, directly or not, by thread X?" is a scan.
 */
public final class Lineage {

    static final int MAX = 32;

    private Lineage() {
    }

    /** The lineage of something made by {@code creatorId}, whose own lineage is {@code creators} (or null). */
    public static long[] of(long creatorId, long[] creators) {
        if (creators == null) {
            return new long[] {creatorId};
        }
        int n = Math.min(creators.length + 1, MAX);
        long[] result = new long[n];
        result[0] = creatorId;
        System.arraycopy(creators, 0, result, 1, n - 1);
        return result;
    }

    /**
     * The creations of a lineage's threads, index for index with {@link #of}'s: {@code creation}
     * (the creator's: a {@code Throwable} or its frames, or null where none was kept), then the
     * creator's own {@code above} (or none). May be shorter than the lineage it goes with, never longer.
     */
    static Object[] creationsOf(Object creation, Object[] above) {
        if (above == null) {
            return new Object[] {creation};
        }
        int n = Math.min(above.length + 1, MAX);
        Object[] result = new Object[n];
        result[0] = creation;
        System.arraycopy(above, 0, result, 1, n - 1);
        return result;
    }

    /** The entry of {@code creations} for {@code ancestor} in {@code lineage}, or null. */
    public static Object creationOf(long[] lineage, Object[] creations, long ancestor) {
        if (lineage == null || creations == null) {
            return null;
        }
        for (int i = 0; i < lineage.length && i < creations.length; i++) {
            if (lineage[i] == ancestor) {
                return creations[i];
            }
        }
        return null;
    }

    /**
     * True if a thread nearer than {@code ancestor} in {@code lineage} (its creator first, up to
     * but not including {@code ancestor}) is one {@code cut} picks; false when {@code ancestor} is
     * not in it at all.
     */
    public static boolean passesThrough(long[] lineage, long ancestor, LongPredicate cut) {
        for (long id : lineage) {
            if (id == ancestor) {
                return false;
            }
            if (cut.test(id)) {
                return true;
            }
        }
        return false;
    }

    public static boolean contains(long[] lineage, long threadId) {
        for (long id : lineage) {
            if (id == threadId) {
                return true;
            }
        }
        return false;
    }
}
