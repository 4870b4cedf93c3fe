package dev.threadleak.heapproof;

import java.util.Arrays;

/** The marking work list: object indexes still to visit. */
final class IntStack {

    private int[] values = new int[1024];
    private int size;

    void push(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    int pop() {
        return values[--size];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return values[i];
    }

    void clear() {
        size = 0;
    }
}
