package dev.threadleak.agent.threads;

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

    public static boolean contains(long[] lineage, long threadId) {
        for (long id : lineage) {
            if (id == threadId) {
                return true;
            }
        }
        return false;
    }
}
