package dev.threadleak.heapproof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An HPROF file as big-endian bytes at long positions. The file is memory-mapped in 1 GiB
 * windows that overlap by a few bytes, so that every read of at most 8 bytes falls inside one
 * window: the proof reads single fields at random positions, and the page cache does that far
 * better than a read call per object would.
 */
final class DumpBytes {

    private static final int WINDOW_BITS = 30;
    private static final long WINDOW = 1L << WINDOW_BITS;
    private static final long OVERLAP = 16;

    private final ByteBuffer[] windows;
    private final long size;

    private DumpBytes(ByteBuffer[] windows, long size) {
        this.windows = windows;
        this.size = size;
    }

    static DumpBytes map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int count = (int) Math.max(1, (size + WINDOW - 1) / WINDOW);
            ByteBuffer[] windows = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = i * WINDOW;
                windows[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW + OVERLAP, size - start));
            }
            return new DumpBytes(windows, size);
        }
    }

    /** For tests: bytes already in memory. */
    static DumpBytes of(byte[] bytes) {
        return new DumpBytes(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, bytes.length);
    }

    long size() {
        return size;
    }

    int u1(long pos) {
        return window(pos).get(offset(pos)) & 0xff;
    }

    int u2(long pos) {
        return window(pos).getShort(offset(pos)) & 0xffff;
    }

    int i4(long pos) {
        return window(pos).getInt(offset(pos));
    }

    long u4(long pos) {
        return i4(pos) & 0xffffffffL;
    }

    long i8(long pos) {
        return window(pos).getLong(offset(pos));
    }

    /** An HPROF identifier: 4 or 8 bytes, unsigned. */
    long id(long pos, int idSize) {
        return idSize == 4 ? u4(pos) : i8(pos);
    }

    private ByteBuffer window(long pos) {
        if (pos < 0 || pos >= size) {
            throw new IllegalStateException("truncated heap dump: position " + pos + " of " + size);
        }
        return windows[(int) (pos >>> WINDOW_BITS)];
    }

    private static int offset(long pos) {
        return (int) (pos & (WINDOW - 1));
    }
}
