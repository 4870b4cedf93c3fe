package dev.threadleak.heapproof;

import java.util.Arrays;

/**
 * Object id to a dense index (0 to n-1, in id order), without a Java object per heap object.
 * HotSpot's ids are addresses, aligned and packed by the full GC the dump begins with, so the
 * usual form is a bit set over the id range, one bit per alignment step, with a running count
 * per four 64-bit words: a lookup is a few reads of one group of words and a few bit counts, and
 * the whole index takes about a byte per object. The bit set is paged ({@value #PAGE_STEPS} steps a page), and only pages
 * that hold an id exist, so that gaps in the address range (a heap's unused reserve, an archived
 * region far above it) cost nothing. Ids too sparse even for that are kept sorted in a
 * {@code long[]} instead and looked up by a search inside one address range.
 */
final class ObjectIndex {

    private final long base;
    private final int shift;
    private final int count;
    // the bit set form: a page's words start at directory[page] * PAGE_WORDS, or it has no ids (-1)
    private static final int PAGE_WORD_BITS = 10;
    private static final int PAGE_WORDS = 1 << PAGE_WORD_BITS;
    private static final int PAGE_STEP_BITS = PAGE_WORD_BITS + 6;
    static final int PAGE_STEPS = 1 << PAGE_STEP_BITS;
    private final int[] directory;
    /**
     * The bit set in groups of {@value #GROUP_WORDS} words, each group's rank (how many ids precede
     * it) first: a lookup reads one group, 40 bytes, and counts the bits before the id in it. 10
     * bytes a word, where a rank per word took 12 (and read two arrays).
     */
    private final long[] words;
    private static final int GROUP_WORDS = 4;
    private static final int GROUP = GROUP_WORDS + 1;
    /** Whether the ids came in ascending order, each once: then the i-th id added has index i. */
    private final boolean ascending;
    // the sorted form
    private final long[] sorted;
    private final int[] rangeStarts;
    private final int rangeShift;

    private ObjectIndex(long base, int shift, int count, int[] directory, long[] words, boolean ascending,
                        long[] sorted, int[] rangeStarts, int rangeShift) {
        this.base = base;
        this.shift = shift;
        this.count = count;
        this.directory = directory;
        this.words = words;
        this.ascending = ascending;
        this.sorted = sorted;
        this.rangeStarts = rangeStarts;
        this.rangeShift = rangeShift;
    }

    /** Collects ids in any order, in chunks (no copying as it grows), then builds the index. */
    static final class Builder {
        private static final int CHUNK_BITS = 15; // 256 KB chunks: see IntChunks
        private long[][] chunks = new long[16][];
        private long size;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private long first;
        /** Every bit in which some id differs from the first: its lowest set bit is the ids' alignment. */
        private long differences;
        /** Whether each id was larger than the one before. */
        private boolean ascending = true;

        void add(long id) {
            if (size == 0) {
                first = id;
            }
            differences |= id ^ first;
            ascending &= size == 0 || id > max;
            min = Math.min(min, id);
            max = Math.max(max, id);
            int chunk = (int) (size >>> CHUNK_BITS);
            if (chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            if (chunks[chunk] == null) {
                chunks[chunk] = new long[1 << CHUNK_BITS];
            }
            chunks[chunk][(int) (size & ((1 << CHUNK_BITS) - 1))] = id;
            size++;
        }

        ObjectIndex build() {
            if (size == 0) {
                return new ObjectIndex(0, 0, 0, new int[0], new long[0], true, null, null, 0);
            }
            if (size >= Integer.MAX_VALUE) {
                throw new IllegalStateException("the heap dump has more objects than the proof can index: " + size);
            }
            int shift = differences == 0 ? 0 : Long.numberOfTrailingZeros(differences);
            long pages = (((max - min) >>> shift) >>> PAGE_STEP_BITS) + 1;
            // a sorted array costs 8 bytes an id; a page of the bit set 10 bytes a word (bits and ranks)
            if (pages * 4 > size * 2 || pages >= Integer.MAX_VALUE) {
                return sortedArray();
            }
            int[] directory = new int[(int) pages];
            for (long i = 0; i < size; i++) {
                directory[(int) (((get(i) - min) >>> shift) >>> PAGE_STEP_BITS)] = 1;
            }
            int used = 0;
            for (int p = 0; p < directory.length; p++) {
                directory[p] = directory[p] == 0 ? -1 : used++; // in address order, so that ranks follow ids
            }
            long groups = (long) used * (PAGE_WORDS / GROUP_WORDS);
            if (groups * GROUP * 8 > size * 8 || groups * GROUP >= Integer.MAX_VALUE) {
                return sortedArray();
            }
            long[] words = new long[(int) (groups * GROUP)];
            for (long i = 0; i < size; i++) {
                long step = (get(i) - min) >>> shift;
                words[group(directory, step) + 1 + inGroup(step)] |= 1L << step;
            }
            chunks = null;
            int rank = 0;
            for (int g = 0; g < words.length; g += GROUP) {
                words[g] = rank;
                for (int w = 1; w <= GROUP_WORDS; w++) {
                    rank += Long.bitCount(words[g + w]);
                }
            }
            return new ObjectIndex(min, shift, rank, directory, words, ascending && rank == size, null, null, 0);
        }

        private ObjectIndex sortedArray() {
            long[] ids = new long[(int) size];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = get(i);
            }
            chunks = null;
            Arrays.sort(ids);
            int distinct = 0;
            for (int i = 0; i < ids.length; i++) {
                if (distinct == 0 || ids[distinct - 1] != ids[i]) {
                    ids[distinct++] = ids[i];
                }
            }
            if (distinct < ids.length) {
                ids = Arrays.copyOf(ids, distinct);
            }
            int rangeShift = 0;
            long span = ids[ids.length - 1] - ids[0];
            while ((span >>> rangeShift) > Math.max(16, ids.length / 2)) {
                rangeShift++;
            }
            int[] rangeStarts = new int[(int) (span >>> rangeShift) + 2];
            int range = 0;
            for (int i = 0; i < ids.length; i++) {
                int r = (int) ((ids[i] - ids[0]) >>> rangeShift);
                while (range <= r) {
                    rangeStarts[range++] = i;
                }
            }
            while (range < rangeStarts.length) {
                rangeStarts[range++] = ids.length;
            }
            return new ObjectIndex(ids[0], 0, ids.length, null, null, ascending, ids, rangeStarts, rangeShift);
        }

        private long get(long i) {
            return chunks[(int) (i >>> CHUNK_BITS)][(int) (i & ((1 << CHUNK_BITS) - 1))];
        }
    }

    /** How many distinct ids. */
    int count() {
        return count;
    }

    /**
     * Whether the ids were added in ascending order, each once (HotSpot writes the heap in address
     * order): then the index of the i-th id added is i, and a reader going over them again in the
     * same order need not look each up.
     */
    boolean ascending() {
        return ascending;
    }

    /** The index of {@code id}, or -1 when it is not one of the ids (null, a class, a primitive array). */
    int indexOf(long id) {
        if (id == 0 || count == 0 || id < base) {
            return -1;
        }
        if (sorted != null) {
            if (id > sorted[sorted.length - 1]) {
                return -1;
            }
            int range = (int) ((id - base) >>> rangeShift);
            int i = Arrays.binarySearch(sorted, rangeStarts[range], rangeStarts[range + 1], id);
            return i < 0 ? -1 : i;
        }
        long offset = id - base;
        if ((offset & ((1L << shift) - 1)) != 0) {
            return -1;
        }
        long step = offset >>> shift;
        long page = step >>> PAGE_STEP_BITS;
        if (page >= directory.length || directory[(int) page] < 0) {
            return -1;
        }
        int group = group(directory, step);
        int in = inGroup(step);
        long w = words[group + 1 + in];
        long bit = 1L << step;
        if ((w & bit) == 0) {
            return -1;
        }
        int index = (int) words[group] + Long.bitCount(w & (bit - 1));
        for (int before = 1; before <= in; before++) {
            index += Long.bitCount(words[group + before]);
        }
        return index;
    }

    /** Where in {@code words} the group of {@code step} starts (with its rank); its page must exist. */
    private static int group(int[] directory, long step) {
        int word = (directory[(int) (step >>> PAGE_STEP_BITS)] << PAGE_WORD_BITS) + (int) ((step >>> 6) & (PAGE_WORDS - 1));
        return word / GROUP_WORDS * GROUP;
    }

    /** Which word of its group holds {@code step}. */
    private static int inGroup(long step) {
        return (int) (step >>> 6) & (GROUP_WORDS - 1);
    }

    /** Bytes the index holds: for the proof's account of its own memory. */
    long bytes() {
        return sorted != null ? 8L * sorted.length + 4L * rangeStarts.length
                : 8L * words.length + 4L * directory.length;
    }
}
