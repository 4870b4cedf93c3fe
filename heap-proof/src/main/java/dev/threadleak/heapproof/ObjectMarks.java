package dev.threadleak.heapproof;

/** One bit per indexed heap object: n/8 bytes for the whole heap. */
final class ObjectMarks {

    private final long[] words;

    ObjectMarks(int objects) {
        words = new long[(objects + 63) >>> 6];
    }

    private ObjectMarks(long[] words) {
        this.words = words;
    }

    /** The marks as they are now, apart from later changes. */
    ObjectMarks copy() {
        return new ObjectMarks(words.clone());
    }

    boolean get(int index) {
        return (words[index >>> 6] & (1L << index)) != 0;
    }

    /** Sets the mark; true if it was not set before. */
    boolean set(int index) {
        long bit = 1L << index;
        long word = words[index >>> 6];
        if ((word & bit) != 0) {
            return false;
        }
        words[index >>> 6] = word | bit;
        return true;
    }

    void clear(int index) {
        words[index >>> 6] &= ~(1L << index);
    }
}
