package dev.threadleak.heapproof;

import java.util.Arrays;

/**
 * Heap-dump id to a long value, open addressing, no boxes: class ids to class indexes and string
 * ids to file positions. Id 0 is HPROF's null and is never a key.
 */
final class IdMap {

    private static final long MISSING = Long.MIN_VALUE;

    private long[] keys;
    private long[] values;
    private int size;

    IdMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
    }

    void put(long key, long value) {
        if (key == 0) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key);
        if (keys[i] == 0) {
            keys[i] = key;
            size++;
        }
        values[i] = value;
    }

    /** The value of {@code key}, or {@code absent}. */
    long get(long key, long absent) {
        if (key == 0) {
            return absent;
        }
        int i = slot(key);
        return keys[i] == 0 ? absent : values[i];
    }

    boolean contains(long key) {
        return get(key, MISSING) != MISSING;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
        Arrays.fill(oldKeys, 0);
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
