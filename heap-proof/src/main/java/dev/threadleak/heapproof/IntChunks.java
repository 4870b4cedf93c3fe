package dev.threadleak.heapproof;

import java.util.Arrays;

/**
 * A growable array of ints in 256 KB chunks: the heap's edges, hundreds of millions of them in a
 * large heap, grow without the copy (and the moment of twice the memory) that doubling one
 * array would cost. Each chunk is below the size at which G1 gives an array regions of its own
 * (half a region, 512 KB in a small heap), which would round every chunk up to whole regions.
 */
final class IntChunks {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private int[][] chunks = new int[16][];
    private int size;

    void add(int value) {
        int chunk = size >>> CHUNK_BITS;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            if (size == Integer.MAX_VALUE) {
                throw new IllegalStateException("the heap dump has more references than the proof can hold");
            }
            chunks[chunk] = new int[CHUNK];
        }
        chunks[chunk][size & MASK] = value;
        size++;
    }

    /** Replaces the value at {@code i}. */
    void set(int i, int value) {
        chunks[i >>> CHUNK_BITS][i & MASK] = value;
    }

    int get(int i) {
        return chunks[i >>> CHUNK_BITS][i & MASK];
    }

    int size() {
        return size;
    }

    long bytes() {
        long bytes = 0;
        for (int[] chunk : chunks) {
            bytes += chunk == null ? 0 : 4L * chunk.length;
        }
        return bytes;
    }
}
