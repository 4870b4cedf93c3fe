package dev.threadleak.heapproof;

import java.util.Arrays;

/** A growable array of longs: the heap index keeps millions of ids without a box each. */
final class LongList {

    private long[] values;
    private int size;

    LongList(int capacity) {
        values = new long[Math.max(capacity, 16)];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length + (values.length >> 1));
        }
        values[size++] = value;
    }

    long get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    /** The values, trimmed; the list must not be used afterwards. */
    long[] toArray() {
        return values.length == size ? values : Arrays.copyOf(values, size);
    }
}
