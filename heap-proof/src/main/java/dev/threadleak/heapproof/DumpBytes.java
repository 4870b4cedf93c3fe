package dev.threadleak.heapproof;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An HPROF file read front to back through one small buffer, big-endian: the reader streams the
 * dump and never holds more of it than {@link #BUFFER} bytes, so the proof's memory does not grow
 * with the file (a mapped file's pages are memory of the process too, as much as the heap it
 * describes). A pass may start at any position: the second pass reads only the heap records.
 * The getters assemble big-endian values from the array's bytes by hand: the reader spends much of
 * a small heap's time in code the JIT has not optimized yet, where a view ({@code VarHandle},
 * {@code ByteBuffer}) is a chain of calls and plain array reads are not.
 */
final class DumpBytes implements AutoCloseable {

    /** Larger than any instance record (at most 65,535 fields of 8 bytes): one always fits. */
    static final int BUFFER = 1 << 20;

    /** Where the bytes come from: positional reads, as {@link FileChannel#read(ByteBuffer, long)}. */
    private interface Source extends AutoCloseable {
        long size() throws IOException;

        int read(ByteBuffer into, long position) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Source source;
    private final long size;
    private final byte[] bytes = new byte[BUFFER];
    private final ByteBuffer buffer = ByteBuffer.wrap(bytes);
    /** The file position of {@code bytes[0]}. */
    private long bufferStart;
    /** The next byte to read, and the end of what was read into the buffer. */
    private int next;
    private int limit;

    private DumpBytes(Source source) throws IOException {
        this.source = source;
        this.size = source.size();
    }

    static DumpBytes open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new DumpBytes(new Source() {
                @Override
                public long size() throws IOException {
                    return channel.size();
                }

                @Override
                public int read(ByteBuffer into, long position) throws IOException {
                    return channel.read(into, position);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** For tests: bytes already in memory. */
    static DumpBytes of(byte[] bytes) {
        try {
            return new DumpBytes(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public int read(ByteBuffer into, long position) {
                    if (position >= bytes.length) {
                        return -1;
                    }
                    int n = (int) Math.min(into.remaining(), bytes.length - position);
                    into.put(bytes, (int) position, n);
                    return n;
                }

                @Override
                public void close() {
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long size() {
        return size;
    }

    /** The file position of the next byte to read. */
    long position() {
        return bufferStart + next;
    }

    /** Reads on from {@code position}. */
    void seek(long position) {
        long at = position - bufferStart;
        if (at >= 0 && at <= limit) {
            next = (int) at;
        } else {
            bufferStart = position;
            next = 0;
            limit = 0;
        }
    }

    void skip(long bytes) {
        long at = next + bytes;
        if (at <= limit) {
            next = (int) at;
        } else {
            seek(bufferStart + at);
        }
    }

    /**
     * Makes the next {@code n} bytes (at most {@link #BUFFER}) readable at {@link #offset()} and
     * after; throws when the file ends first.
     */
    void require(int n) {
        if (limit - next < n) {
            fill(n);
        }
    }

    private void fill(int n) {
        long start = position();
        if (start + n > size) {
            throw new IllegalStateException("truncated heap dump: " + n + " bytes wanted at position " + start
                    + " of " + size);
        }
        int kept = limit - next;
        System.arraycopy(bytes, next, bytes, 0, kept);
        bufferStart = start;
        next = 0;
        limit = kept;
        try {
            while (limit < n) {
                long from = bufferStart + limit;
                buffer.limit((int) Math.min(BUFFER, limit + (size - from))).position(limit);
                int read = source.read(buffer, from);
                if (read < 0) {
                    throw new EOFException("end of file at " + from);
                }
                limit += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The buffer offset of the next byte: read with the absolute getters below, then {@link #skip}. */
    int offset() {
        return next;
    }

    int u1At(int offset) {
        return bytes[offset] & 0xff;
    }

    int u2At(int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }

    int i4At(int offset) {
        byte[] b = bytes;
        return b[offset] << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | b[offset + 3] & 0xff;
    }

    long u4At(int offset) {
        return i4At(offset) & 0xffffffffL;
    }

    long i8At(int offset) {
        return (long) i4At(offset) << 32 | i4At(offset + 4) & 0xffffffffL;
    }

    /** An HPROF identifier: 4 or 8 bytes, unsigned. */
    long idAt(int offset, int idSize) {
        return idSize == 4 ? u4At(offset) : i8At(offset);
    }

    /** Reads {@code length} bytes into {@code into} at {@code at}. */
    void bytes(byte[] into, int at, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, BUFFER);
            require(n);
            System.arraycopy(bytes, next, into, at + done, n);
            next += n;
            done += n;
        }
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            // read only: nothing is lost
        }
    }
}
